import { join } from 'node:path';
import { createDatabaseAt } from '@leadbeacon/test-utils';
import { inject } from 'vitest';
import { createPostgresStore, createSqliteStore } from '../src/index';
import type { EventStore } from '../src/index';

/** Every store test runs once per kind: the embedded default and the server database. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** The URL of this run's PostgreSQL cluster; fails the test with the install hint when there is none. */
export function postgresUrl(): string {
  const { url, error } = inject('postgres');
  if (!url) throw new Error(error ?? 'no PostgreSQL cluster was started for this run');
  return url;
}

let schemas = 0;

/** An empty store of `kind`: SQLite in memory, or a fresh schema in the run's PostgreSQL. */
export async function openTestStore(kind: StoreKind): Promise<EventStore> {
  if (kind === 'sqlite') return createSqliteStore({ path: ':memory:' });
  return createPostgresStore({ url: postgresUrl(), schema: `t${process.pid}_${++schemas}_${Date.now() % 1e6}`, poolSize: 4 });
}

let databases = 0;

/** A new empty PostgreSQL database (for collectors started as processes, which use the default schema). */
export async function freshPostgresDatabase(): Promise<string> {
  return createDatabaseAt(postgresUrl(), `d${process.pid}_${++databases}_${Date.now() % 1e6}`);
}

/** Keeps track of stores a test opened and closes them after it. */
export function storeTracker() {
  const open: EventStore[] = [];
  return {
    async open(kind: StoreKind): Promise<EventStore> {
      const s = await openTestStore(kind);
      open.push(s);
      return s;
    },
    closeAll: () => Promise.all(open.splice(0).map((s) => s.close())),
  };
}

/**
 * A database that outlives the stores opened on it, for restarts: the same SQLite file, or the
 * same PostgreSQL schema, each time `open` is called. `remove` deletes the SQLite file's folder.
 */
export function persistentDatabase(kind: StoreKind, dir: string) {
  const schema = `p${process.pid}_${++schemas}_${Date.now() % 1e6}`;
  const path = join(dir, `leadbeacon-${schema}.sqlite`);
  return {
    open: (): Promise<EventStore> =>
      kind === 'sqlite' ? Promise.resolve(createSqliteStore({ path })) : createPostgresStore({ url: postgresUrl(), schema, poolSize: 4 }),
  };
}
