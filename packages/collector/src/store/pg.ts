import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { WireEvent } from '../types';
import { pgInserter } from './pg-insert';
import { Params, pgLeads } from './pg-leads';
import { checkSchemaName, migratePostgres } from './pg-migrations';
import { pgOutbox } from './pg-outbox';
import { pgRetractions } from './pg-retractions';
import { pgUploads } from './pg-uploads';
import { pgNumbers } from './pg-numbers';
import { pgQuality } from './pg-quality';
import { matchLock, pgOutcomes } from './pg-outcomes';
import type { EventQuery, EventStore, LeadRecord } from './types';
import { toStored } from './types';

export interface PostgresStoreOptions {
  /** A connection URL, postgres://user:password@host:5432/database (any libpq parameter pg reads). */
  url: string;
  /** The schema that holds leadbeacon's tables, created if missing; default 'leadbeacon'. */
  schema?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** Receives connection errors of idle pooled connections (the pool replaces them), and what a lead had to leave out (a malformed hash). */
  log?: (line: string) => void;
}

const TIMESTAMPTZ = 1184;
const INT8 = 20;
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ) as (v: string) => Date;
// Rows look like the SQLite store's: times as UTC ISO strings, counts and seq as numbers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMPTZ) return (v: string) => parseTimestamp(v).toISOString();
    if (oid === INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** Deadlock and serialization failures: the transaction did nothing and can simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

export async function transaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      if (attempt < 5 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** A pool on `schema`, migrated. */
async function openPool(options: PostgresStoreOptions, schema: string): Promise<Pool> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types, options: `-c search_path=${schema}` });
  pool.on('error', (err) => options.log?.(`postgres: idle connection lost: ${err.message}`));
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, schema);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  return pool;
}

/**
 * An EventStore in PostgreSQL (node-postgres, a pool): every method is one statement or one
 * transaction, so several collectors can share the database. Each event id is stored once by a
 * unique constraint (ON CONFLICT DO NOTHING), never by reading first. Resolves once migrated.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<EventStore> {
  const schema = checkSchemaName(options.schema ?? 'leadbeacon');
  const pool = await openPool(options, schema);
  const insert = pgInserter(pool, schema, transaction, options.log);

  let closed = false;
  return {
    kind: 'postgres',
    insert,
    async query(q: EventQuery = {}) {
      const p = new Params();
      const where: string[] = [];
      if (q.type?.length) where.push(`type = ANY(${p.add(q.type)}::text[])`);
      if (q.since) where.push(`ts >= ${p.add(q.since.toISOString())}`);
      if (q.until) where.push(`ts < ${p.add(q.until.toISOString())}`);
      if (q.afterSeq !== undefined) where.push(`seq > ${p.add(q.afterSeq)}`);
      const sql = `SELECT seq, received_at, body FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${q.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ${p.add(q.limit ?? null)}`;
      const { rows } = await pool.query<{ seq: number; received_at: string; body: WireEvent }>(sql, p.values);
      return rows.map((r) => toStored(r.seq, r.received_at, r.body));
    },
    async count() {
      return (await pool.query<{ n: number }>('SELECT count(*) AS n FROM events')).rows[0]?.n ?? 0;
    },
    async leads(q = {}) {
      const found = await pgLeads.query(pool, q);
      const byLead = new Map<string, LeadRecord>(found.map((l) => [l.eventId, { ...l, outcomes: [] }]));
      for (const o of await pgOutcomes.ofLeads(pool, [...byLead.keys()])) byLead.get(o.leadEventId!)?.outcomes.push(o);
      return [...byLead.values()];
    },
    async saveOutcomes(list, meta) {
      const receivedAt = meta.receivedAt.toISOString();
      return transaction(pool, async (c) => {
        await c.query(matchLock(schema));
        const results = [];
        for (const o of list) results.push(await pgOutcomes.saveOne(c, o, receivedAt));
        return results;
      });
    },
    async previewOutcomes(list) {
      const c = await pool.connect();
      try {
        const previews = [];
        for (const o of list) previews.push(await pgOutcomes.previewOne(c, o));
        return previews;
      } finally {
        c.release();
      }
    },
    async outcomes(q = {}) {
      return pgOutcomes.query(pool, q, (ids) => pgLeads.byIds(pool, ids));
    },
    async outcomeRevisions(id) {
      return pgOutcomes.revisions(pool, id);
    },
    async outcomeMatchCounts() {
      return pgOutcomes.matchCounts(pool);
    },
    async facts(q) {
      return transaction(
        pool,
        async (c) => (await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY'), pgLeads.facts(c, q)),
      );
    },
    ...pgOutbox(pool),
    ...pgUploads(pool),
    ...pgRetractions(pool),
    ...pgNumbers(pool, transaction),
    ...pgQuality(pool),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
