import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validBatch, validEvent } from '@leadbeacon/test-utils';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { WireBatch } from '../src/index';
import { leadEvent } from './helpers';
import { freshPostgresDatabase } from './stores';

// Collectors as users run them: the built CLI, two processes on one PostgreSQL database.
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-multi-'));
afterAll(async () => {
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : (c.once('exit', r), c.kill('SIGTERM'))))));
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `leadbeacon-collector` on a free port; resolves with its base URL once it listens. */
function collector(args: string[]): Promise<string> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the tests`);
  const child = spawn(process.execPath, [cli, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /collect\s+(http:\/\/\S+)\/collect/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}:\n${out}`)));
  });
}

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

const post = async (base: string, batch: WireBatch) => {
  const res = await fetch(`${base}/collect`, { method: 'POST', body: JSON.stringify(batch) });
  return { status: res.status, body: (await res.json()) as { accepted: number; duplicates: number } };
};

describe('several collectors on one PostgreSQL', { timeout: 60_000 }, () => {
  it('two processes given the same batches at once store each event exactly once, and both answer 200', async () => {
    const db = await freshPostgresDatabase();
    const [a, b] = await Promise.all([collector(['--db', db, '--rate-limit', '0']), collector(['--db', db, '--rate-limit', '0'])]);
    const batches = Array.from({ length: 60 }, (_, i) =>
      validBatch(
        Array.from({ length: 10 }, (_, j) =>
          j === 0 && i % 3 === 0 ? leadEvent({ ts: new Date().toISOString(), sessionId: `s${i}` }) : validEvent({ sessionId: `s${i % 7}` }),
        ),
      ),
    );
    // 8 batches in flight at a time, each sent to both collectors at the same moment.
    const results: { status: number; body: { accepted: number; duplicates: number } }[][] = [];
    for (let i = 0; i < batches.length; i += 8) {
      results.push(...(await Promise.all(batches.slice(i, i + 8).map((batch) => Promise.all([post(a, batch), post(b, batch)])))));
    }
    expect(results.flat().map((r) => r.status)).toEqual(Array(batches.length * 2).fill(200));
    for (const [ra, rb] of results) expect(ra!.body.accepted + rb!.body.accepted).toBe(10);

    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      const ids = batches.flatMap((x) => x.events.map((e) => e.id));
      const { rows } = await client.query<{ n: string; distinct: string }>(
        'SELECT count(*) AS n, count(DISTINCT id) AS distinct FROM leadbeacon.events',
      );
      expect(rows[0]).toEqual({ n: String(ids.length), distinct: String(ids.length) });
      const stored = await client.query<{ id: string }>('SELECT id FROM leadbeacon.events WHERE id = ANY($1)', [ids]);
      expect(stored.rowCount).toBe(ids.length);
      const leads = await client.query<{ n: string }>('SELECT count(*) AS n FROM leadbeacon.leads');
      expect(Number(leads.rows[0]!.n)).toBe(20);
      const sessions = await client.query<{ n: string }>('SELECT count(*) AS n FROM leadbeacon.sessions');
      expect(Number(sessions.rows[0]!.n)).toBe(7);
    } finally {
      await client.end();
    }

    // import and export reach the same database by URL (here through LEADBEACON_DB).
    const lead = batches[0]!.events[0]!;
    const csv = join(dir, 'outcomes.csv');
    writeFileSync(csv, `event_id,status,time,value,currency\n${lead.id},won,${new Date().toISOString()},100,USD\n`);
    const imported = await run(['import', 'outcomes', csv], { LEADBEACON_DB: db });
    expect(imported.out).toContain('1 matched to a lead');
    expect(imported.code).toBe(0);
    const out = join(dir, 'google-ads.csv');
    const exported = await run(['export', 'google-ads', '--db', db, '--out', out]);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Parameters:TimeZone=UTC');
    const health = (await (await fetch(`${b}/health`)).json()) as { storage: string; events: number };
    expect(health).toMatchObject({ storage: 'postgres', events: 600 });
  });
});
