import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore, createSqliteStore, type EventStore } from '../src/index';
import { freshPostgresDatabase, STORE_KINDS, type StoreKind } from './stores';
import { seedLeads, startPlatforms, type Platforms } from './sync-fixture';

// kill -9 during an upload, with the built bin, on both databases: Google has stored the batch
// and hangs; the collector dies before any answer. Nothing is lost (the rows are still waiting,
// leased), and once the lease has run out the next sync sends them again: each conversion
// counted once.
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database the CLI can be pointed at, and the two looks at its ledger this test takes from outside. */
interface KillDatabase {
  arg: string;
  open: () => EventStore | Promise<EventStore>;
  /** Rows of Google still waiting under a lease. */
  leasedGoogleRows: () => Promise<number>;
  /** Ten minutes pass: every lease runs out. */
  expireLeases: () => Promise<void>;
}

const LEASED = `SELECT count(*) AS n FROM uploads WHERE destination = 'google' AND state = 'waiting' AND lease_owner IS NOT NULL`;
const EXPIRE = `UPDATE uploads SET lease_until = '2000-01-01T00:00:00.000Z' WHERE lease_owner IS NOT NULL`;

async function killDatabase(kind: StoreKind): Promise<KillDatabase> {
  if (kind === 'sqlite') {
    const path = join(dir, `kill-${Date.now()}.sqlite`);
    const raw = <T>(run: (db: Database.Database) => T) => {
      const db = new Database(path);
      try {
        return run(db);
      } finally {
        db.close();
      }
    };
    return {
      arg: path,
      open: () => createSqliteStore({ path }),
      leasedGoogleRows: async () => raw((db) => (db.prepare(LEASED).get() as { n: number }).n),
      expireLeases: async () => void raw((db) => db.prepare(EXPIRE).run()),
    };
  }
  const url = await freshPostgresDatabase();
  // The collector's tables are in its default schema, `leadbeacon`.
  const raw = async <T>(run: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: url, options: '-c search_path=leadbeacon' });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  return {
    arg: url,
    open: () => createPostgresStore({ url }),
    leasedGoogleRows: () => raw(async (c) => Number((await c.query<{ n: string }>(LEASED)).rows[0]!.n)),
    expireLeases: () => raw(async (c) => void (await c.query(EXPIRE))),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(STORE_KINDS)('%s: sync killed with SIGKILL mid-upload', (kind) => {
  let platforms: Platforms | undefined;
  afterEach(async () => {
    await platforms?.close();
    platforms = undefined;
  });

  it('forgets nothing and sends nothing twice', { timeout: 60_000 }, async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the tests`);
    platforms = await startPlatforms();
    const db = await killDatabase(kind);
    const store = await db.open();
    await seedLeads(store);
    await store.close();
    const sync = ['sync', '--db', db.arg, '--config', platforms.configFile];
    platforms.google.behave({ hangNext: 1, afterStore: true });

    const child = spawn(process.execPath, [cli, ...sync], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const ingests = () => platforms!.google.requests.filter((r) => r.path.endsWith('events:ingest')).length;
    for (let end = Date.now() + 20_000; ingests() === 0 && Date.now() < end;) await sleep(20);
    await sleep(100); // the fake stores, then hangs
    child.kill('SIGKILL');
    expect(await exited).toBe(null);
    expect(platforms.google.conversionsCounted()).toHaveLength(2);

    // Nothing forgotten: the rows are waiting, held by the dead process's lease.
    expect(await db.leasedGoogleRows()).toBe(5);
    await db.expireLeases();

    const again = spawn(process.execPath, [cli, ...sync], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    again.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => again.on('exit', resolve));
    expect(out).toMatch(/^google: 3 sent, 2 accepted, 1 rejected \(INVALID_GCLID\)/m);
    expect(platforms.google.conversionsCounted()).toHaveLength(2);
    expect(platforms.google.accepted().filter((e) => e.outcome === 'adjustment')).toHaveLength(2);
    expect(platforms.meta.eventsCounted()).toHaveLength(3);
  });
});
