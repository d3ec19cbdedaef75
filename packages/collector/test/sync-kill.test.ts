import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index';
import { seedLeads, startPlatforms, type Platforms } from './sync-fixture';

// kill -9 during an upload, with the built bin: Google has stored the batch and hangs; the
// collector dies before any answer. Nothing is lost (the rows are still waiting, leased), and
// once the lease has run out the next sync sends them again: each conversion counted once.
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));

describe('sync killed with SIGKILL mid-upload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-kill-'));
  let platforms: Platforms | undefined;
  afterAll(async () => {
    await platforms?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forgets nothing and sends nothing twice', { timeout: 60_000 }, async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the tests`);
    platforms = await startPlatforms();
    const db = join(dir, 'leadbeacon.sqlite');
    const store = createSqliteStore({ path: db });
    await seedLeads(store);
    await store.close();
    copyFileSync(platforms.configFile, join(dir, 'leadbeacon.config.json'));
    platforms.google.behave({ hangNext: 1, afterStore: true });

    const child = spawn(process.execPath, [cli, 'sync', '--db', db], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const ingests = () => platforms!.google.requests.filter((r) => r.path.endsWith('events:ingest')).length;
    for (let end = Date.now() + 20_000; ingests() === 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100)); // the fake stores, then hangs
    child.kill('SIGKILL');
    expect(await exited).toBe(null);
    expect(platforms.google.conversionsCounted()).toHaveLength(2);

    // Nothing forgotten: the rows are waiting, held by the dead process's lease.
    const raw = new Database(db);
    const leased = raw
      .prepare(`SELECT count(*) AS n FROM uploads WHERE destination = 'google' AND state = 'waiting' AND lease_owner IS NOT NULL`)
      .get() as { n: number };
    expect(leased.n).toBe(5);
    // Ten minutes pass: the lease runs out.
    raw.prepare(`UPDATE uploads SET lease_until = '2000-01-01T00:00:00.000Z' WHERE lease_owner IS NOT NULL`).run();
    raw.close();

    const again = spawn(process.execPath, [cli, 'sync', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    again.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => again.on('exit', resolve));
    expect(out).toMatch(/^google: 3 sent, 2 accepted, 1 rejected \(INVALID_GCLID\)/m);
    expect(platforms.google.conversionsCounted()).toHaveLength(2);
    expect(platforms.google.accepted().filter((e) => e.outcome === 'adjustment')).toHaveLength(2);
    expect(platforms.meta.eventsCounted()).toHaveLength(3);
  });
});
