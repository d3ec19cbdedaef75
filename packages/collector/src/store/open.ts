import { createPostgresStore } from './pg';
import { createSqliteStore } from './sqlite';
import type { EventStore } from './types';

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

export interface OpenStoreOptions {
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /** PostgreSQL: the schema of leadbeacon's tables (default 'leadbeacon'). */
  schema?: string;
  log?: (line: string) => void;
}

/** `postgres://…` (or postgresql://) opens PostgreSQL; anything else is a SQLite file. Migrates either. */
export async function openStore(db: string, options: OpenStoreOptions = {}): Promise<EventStore> {
  if (isPostgresUrl(db)) return createPostgresStore({ url: db, ...options });
  return createSqliteStore({ path: db, ...(options.log ? { log: options.log } : {}) });
}

/** The database for logs and the start-up banner: a PostgreSQL URL without its password. */
export function describeDb(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
