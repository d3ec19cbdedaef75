import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { eventChannel, leadFromEvent, type Lead } from '../leads/lead';
import type { StoredEvent, WireEvent } from '../types';
import { LEAD_RECORD, leadRecord, Params, pgLeads } from './pg-leads';
import { checkSchemaName, migratePostgres } from './pg-migrations';
import { pgOutbox } from './pg-outbox';
import { matchLock, pgOutcomes } from './pg-outcomes';
import type { EventQuery, EventStore, InsertMeta, InsertResult, LeadRecord } from './types';
import { toStored } from './types';
import { LEAD_COLUMNS } from './rows';

export interface PostgresStoreOptions {
  /** A connection URL, postgres://user:password@host:5432/database (any libpq parameter pg reads). */
  url: string;
  /** The schema that holds leadbeacon's tables, created if missing; default 'leadbeacon'. */
  schema?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** Receives connection errors of idle pooled connections (the pool replaces them). */
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

async function transaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
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

// One statement per batch. Everything goes as JSON parameters: one JSON.stringify each, no
// array literals to escape. Each element of $1 is {t: ts normalised to UTC, e: the event}; `e`
// stays the event's JSON text exactly (json, not jsonb, keeps text as it is).
const INSERT_EVENTS = `
WITH input AS (
  SELECT x.value->'e' AS body, (x.value->>'t')::timestamptz AS ts, x.ord FROM json_array_elements($1::json) WITH ORDINALITY AS x(value, ord)
), ins AS (
  INSERT INTO events (id, type, name, ts, anonymous_id, session_id, user_id, received_at, body)
  SELECT body->>'id', body->>'type', body->>'name', ts, body->>'anonymousId', body->>'sessionId', body->>'userId', $2, body FROM input ORDER BY ord
  ON CONFLICT (id) DO NOTHING
  RETURNING seq, id
), ses AS (
  INSERT INTO sessions (session_id, ts, channel) SELECT * FROM json_to_recordset($3::json) AS s(session_id text, ts timestamptz, channel text)
  ON CONFLICT (session_id) DO UPDATE SET ts = excluded.ts, channel = excluded.channel WHERE excluded.ts < sessions.ts
), box AS (
  INSERT INTO outbox (seq, next_at) SELECT seq, $2 FROM ins WHERE $4::boolean
), lds AS (
  INSERT INTO leads (${LEAD_COLUMNS.join(', ')})
  SELECT ${LEAD_COLUMNS.map((c) => (c === 'seq' ? 'ins.seq' : `l.${c}`)).join(', ')}
  FROM json_to_recordset($5::json) AS l(${LEAD_RECORD}) JOIN ins ON ins.id = l.event_id
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id
)
SELECT ins.seq, ins.id, (SELECT coalesce(array_agg(event_id), '{}') FROM lds) AS leads FROM ins`;

/** The parameters of INSERT_EVENTS for a batch: events, its sessions (earliest page view each), leads. */
function insertParams(events: readonly WireEvent[], meta: InsertMeta, leads: Lead[]): unknown[] {
  const sessions = new Map<string, { session_id: string; ts: string; channel: string }>();
  const rows = events.map((e) => {
    const ts = new Date(e.ts).toISOString();
    if (e.type === 'page_view') {
      const known = sessions.get(e.sessionId);
      if (!known || ts < known.ts) sessions.set(e.sessionId, { session_id: e.sessionId, ts, channel: eventChannel(e) });
    }
    return { t: ts, e };
  });
  // Sessions in one order everywhere: two batches upserting the same ones never deadlock.
  const sessionRows = [...sessions.values()].sort((a, b) => (a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0));
  return [JSON.stringify(rows), meta.receivedAt.toISOString(), JSON.stringify(sessionRows), meta.forward === true, JSON.stringify(leads.map(leadRecord))];
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

/** EventStore.insert: one statement; a batch with a lead is a transaction under the match lock. */
function inserter(pool: Pool, schema: string) {
  return async function insert(events: readonly WireEvent[], meta: InsertMeta): Promise<InsertResult> {
    const receivedAt = meta.receivedAt.toISOString();
    const leads = events.flatMap((e) => leadFromEvent(e, { seq: 0, ...(meta.userAgent ? { userAgent: meta.userAgent } : {}) }) ?? []);
    const params = insertParams(events, meta, leads);
    const run = async (db: Pool | PoolClient) => {
      // Named: each connection parses and plans it once.
      const { rows } = await db.query<{ seq: number; id: string; leads: string[] }>({ name: 'leadbeacon-insert-events', text: INSERT_EVENTS, values: params });
      const storedLeads = new Set(rows[0]?.leads ?? []);
      // Outcomes that waited for a lead stored now, in the same transaction (when any waits at all).
      if (storedLeads.size && (await db.query('SELECT 1 FROM outcomes WHERE lead_event_id IS NULL LIMIT 1')).rowCount) {
        for (const lead of leads) if (storedLeads.has(lead.eventId)) await pgOutcomes.matchWaiting(db, lead);
      }
      return rows;
    };
    const rows = leads.length ? await transaction(pool, async (c) => (await c.query(matchLock(schema)), run(c))) : await run(pool);
    const byId = new Map(events.map((e) => [e.id, e] as const));
    const stored: StoredEvent[] = rows.sort((x, y) => x.seq - y.seq).map((r) => toStored(r.seq, receivedAt, byId.get(r.id)!));
    return { inserted: stored.length, duplicates: events.length - stored.length, stored };
  };
}

/**
 * An EventStore in PostgreSQL (node-postgres, a pool): every method is one statement or one
 * transaction, so several collectors can share the database. Each event id is stored once by a
 * unique constraint (ON CONFLICT DO NOTHING), never by reading first. Resolves once migrated.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<EventStore> {
  const schema = checkSchemaName(options.schema ?? 'leadbeacon');
  const pool = await openPool(options, schema);
  const insert = inserter(pool, schema);

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
    async outcomes(q = {}) {
      return pgOutcomes.query(pool, q, (ids) => pgLeads.byIds(pool, ids));
    },
    async facts(q) {
      return transaction(pool, async (c) => (await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY'), pgLeads.facts(c, q)));
    },
    ...pgOutbox(pool),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
