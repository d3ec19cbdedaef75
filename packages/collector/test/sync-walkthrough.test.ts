import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index';
import { sampleData, sampleOutcomesCsv } from '../src/sample';
import { startPlatforms, type Platforms } from './sync-fixture';

// README's "Sending conversions" walkthrough as users run it: the built bin against the Google and
// Meta test servers, on the demo's 30 days of sample data.
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const ADMIN = 'walkthrough-admin-token-0123456789';

function run(args: string[], onLine?: (line: string) => void) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the tests`);
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    onLine?.(out);
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stdout: () => out, stderr: () => err, kill: () => child.kill('SIGTERM') };
}

describe('close the loop: demo data → destinations check → sync --dry-run → sync → /api/uploads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-walkthrough-'));
  let platforms: Platforms | undefined;
  afterAll(async () => {
    await platforms?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers the sample month and the Uploads figures match the summary', { timeout: 60_000 }, async () => {
    platforms = await startPlatforms({}, { testEventCode: 'TEST4242' });
    const db = join(dir, 'leadbeacon.sqlite');
    const { events, outcomes } = sampleData({ days: 30, visits: 1500, seed: 12, now: new Date() });
    const store = createSqliteStore({ path: db });
    for (let i = 0; i < events.length; i += 500)
      await store.insert(events.slice(i, i + 500), { receivedAt: new Date(), userAgent: 'Mozilla/5.0 (demo)' });
    await store.close();
    writeFileSync(join(dir, 'outcomes.csv'), sampleOutcomesCsv(outcomes));
    const imported = run(['import', 'outcomes', join(dir, 'outcomes.csv'), '--db', db]);
    expect(await imported.code, imported.stderr()).toBe(0);
    copyFileSync(platforms.configFile, join(dir, 'leadbeacon.config.json')); // sync finds it beside the database

    const check = run(['destinations', 'check', '--config', platforms.configFile]);
    expect(await check.code, check.stdout() + check.stderr()).toBe(0);
    expect(check.stdout()).toContain('dry run (validateOnly, one synthetic form_submit event): passed');

    const dry = run(['sync', '--db', db, '--dry-run']); // the config beside the database
    await dry.code;
    expect(dry.stdout()).toMatch(/^google: dry run: \d+ valid/m);
    expect(dry.stdout()).toMatch(/^meta: dry run: \d+ valid/m);
    expect(platforms.google.conversionsCounted()).toEqual([]);
    expect(platforms.meta.eventsCounted()).toEqual([]);

    const sync = run(['sync', '--db', db]);
    const code = await sync.code;
    console.log(`sync of the sample month (exit ${code}):\n${sync.stdout()}${sync.stderr()}`);
    const google = /^google: (\d+) sent, (\d+) accepted, (\d+) rejected/m.exec(sync.stdout());
    const meta = /^meta: (\d+) sent, (\d+) accepted, (\d+) rejected/m.exec(sync.stdout());
    expect(Number(google![2])).toBeGreaterThan(0);
    expect(Number(meta![2])).toBeGreaterThan(0);
    expect(platforms.google.conversionsCounted()).toHaveLength(Number(google![2]));
    expect(platforms.meta.eventsCounted()).toHaveLength(Number(meta![2]));

    // serve --sync-every: a pass at start (nothing new), and the ledger on /api/uploads.
    let url = '';
    const served = run(['serve', '--db', db, '--port', '0', '--admin-token', ADMIN, '--sync-every', '1h'], (out) => {
      url = /dashboard\s+(http:\/\/\S+)\/dashboard/.exec(out)?.[1] ?? url;
    });
    try {
      const end = Date.now() + 20_000;
      while (!/sync meta: /.test(served.stdout()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(served.stdout()).toMatch(/sync google: 0 sent, 0 accepted, 0 rejected/);
      const res = await fetch(`${url}/api/uploads?limit=10000`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const { uploads } = (await res.json()) as { uploads: { destination: string; state: string }[] };
      const count = (d: string, s: string) => uploads.filter((u) => u.destination === d && u.state === s).length;
      expect(count('google', 'accepted') + count('google', 'sent')).toBe(Number(google![1]) - Number(google![3]));
      expect(count('meta', 'accepted')).toBe(Number(meta![2]));
      // The dashboard's Uploads view shows the same figures.
      const page = await (await fetch(`${url}/dashboard`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      expect(page).toContain(`data-figure="uploads-google-accepted">${count('google', 'accepted')}</strong>`);
      expect(page).toContain(`data-figure="uploads-meta-accepted">${count('meta', 'accepted')}</strong>`);
    } finally {
      served.kill();
      await served.code;
    }
  });
});
