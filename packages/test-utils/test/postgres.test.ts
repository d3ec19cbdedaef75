import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findPostgresBin, POSTGRES_INSTALL_HINT, startPostgres } from '../src/index';

describe('throwaway PostgreSQL cluster', () => {
  it('starts on a free 127.0.0.1 port, makes databases, and is gone after stop()', async () => {
    const cluster = await startPostgres();
    expect(cluster.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const url = await cluster.createDatabase('made_here');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect((await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db).toBe('made_here');
    await client.end();
    await cluster.stop();
    const after = new pg.Client({ connectionString: cluster.url, connectionTimeoutMillis: 2000 });
    await expect(after.connect()).rejects.toThrow();
  });

  it('says how to install PostgreSQL when its programs are missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-pg-'));
    try {
      expect(() => findPostgresBin({ PATH: empty }, join(empty, 'none'))).toThrow(POSTGRES_INSTALL_HINT);
      expect(POSTGRES_INSTALL_HINT).toContain('apt-get install postgresql');
      expect(() => findPostgresBin({ LEADBEACON_PG_BIN: empty })).toThrow(/holds no initdb and postgres/);
      expect(existsSync(join(findPostgresBin(), 'initdb'))).toBe(true);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
