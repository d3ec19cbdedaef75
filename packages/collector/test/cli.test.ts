import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validBatch } from '@leadbeacon/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index';

// The CLI is tested as users run it: the built bin in a child process.
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));

interface Run {
  code: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill: (signal: NodeJS.Signals) => void;
}

function run(args: string[]): Run {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the tests`);
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    code: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    stdout: () => out,
    stderr: () => err,
    kill: (signal) => child.kill(signal),
  };
}

async function until(check: () => boolean, what: string, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('leadbeacon-collector CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-cli-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help', async () => {
    const r = run(['--help']);
    expect(await r.code).toBe(0);
    expect(r.stdout()).toContain('Usage: leadbeacon-collector');
    expect(r.stdout()).toContain('--cors-origin');
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--port', 'abc'], '--port must be an integer'],
    [['--body-limit', '0'], '--body-limit must be an integer'],
    [['stray'], 'stray'],
  ])('exits 2 with a clear error for %j', async (args, message) => {
    const r = run(args);
    expect(await r.code).toBe(2);
    expect(r.stderr()).toContain(message);
    expect(r.stderr()).toContain('--help');
  });

  it('serves, prints its URLs, and shuts down gracefully on SIGTERM', async () => {
    const db = join(dir, 'cli.sqlite');
    const r = run(['--port', '0', '--db', db, '--cors-origin', 'https://a.example', '--cors-origin', 'https://b.example']);
    await until(() => /collect +http:\/\/\S+/.test(r.stdout()), 'the collect URL');
    const collect = /collect +(http:\/\/\S+)/.exec(r.stdout())?.[1] ?? '';
    expect(r.stdout()).toMatch(/live page +http:\/\/127\.0\.0\.1:\d+\//);
    expect(r.stdout()).toContain('https://a.example https://b.example');

    const refused = await fetch(collect, { method: 'POST', headers: { origin: 'https://c.example' }, body: JSON.stringify(validBatch()) });
    expect(refused.status).toBe(403);
    const res = await fetch(collect, { method: 'POST', headers: { origin: 'https://b.example' }, body: JSON.stringify(validBatch()) });
    expect(res.status).toBe(200);

    r.kill('SIGTERM');
    expect(await r.code).toBe(0);
    expect(r.stdout()).toContain('closed');
    const store = createSqliteStore({ path: db });
    expect(await store.count()).toBe(1);
    await store.close();
  });
});
