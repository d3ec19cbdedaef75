import type { Pool, PoolClient } from 'pg';
import { eventChannel, leadFromEvent, type Lead } from '../leads/lead';
import type { StoredEvent, WireEvent } from '../types';
import { LEAD_RECORD, leadRecord } from './pg-leads';
import { matchLock, pgOutcomes } from './pg-outcomes';
import { LEAD_COLUMNS } from './rows';
import { toStored, type InsertMeta, type InsertResult } from './types';

// One statement for one or several batches. Everything goes as JSON parameters: one
// JSON.stringify each, no array literals to escape. Each element of $1 is {t: ts normalised to
// UTC, r: the batch's receive time, e: the event}; `e` stays the event's JSON text exactly
// (json, not jsonb, keeps text as it is).
const INSERT_EVENTS = `
WITH input AS (
  SELECT x.value->'e' AS body, (x.value->>'t')::timestamptz AS ts, (x.value->>'r')::timestamptz AS received_at, x.ord
  FROM json_array_elements($1::json) WITH ORDINALITY AS x(value, ord)
), ins AS (
  INSERT INTO events (id, type, name, ts, anonymous_id, session_id, user_id, received_at, body)
  SELECT body->>'id', body->>'type', body->>'name', ts, body->>'anonymousId', body->>'sessionId', body->>'userId', received_at, body FROM input ORDER BY ord
  ON CONFLICT (id) DO NOTHING
  RETURNING seq, id
), ses AS (
  INSERT INTO sessions (session_id, ts, channel) SELECT * FROM json_to_recordset($2::json) AS s(session_id text, ts timestamptz, channel text)
  ON CONFLICT (session_id) DO UPDATE SET ts = excluded.ts, channel = excluded.channel WHERE excluded.ts < sessions.ts
), box AS (
  INSERT INTO outbox (seq, next_at) SELECT seq, now() FROM ins WHERE $3::boolean
), lds AS (
  INSERT INTO leads (${LEAD_COLUMNS.join(', ')})
  SELECT ${LEAD_COLUMNS.map((c) => (c === 'seq' ? 'ins.seq' : `l.${c}`)).join(', ')}
  FROM json_to_recordset($4::json) AS l(${LEAD_RECORD}) JOIN ins ON ins.id = l.event_id
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id
)
SELECT ins.seq, ins.id, (SELECT coalesce(array_agg(event_id), '{}') FROM lds) AS leads FROM ins`;

interface Batch {
  events: readonly WireEvent[];
  meta: InsertMeta;
  leads: Lead[];
}

/** The parameters of INSERT_EVENTS: the events, their sessions (earliest page view each), leads. */
function insertParams(batches: readonly Batch[]): unknown[] {
  const sessions = new Map<string, { session_id: string; ts: string; channel: string }>();
  const rows = batches.flatMap(({ events, meta }) => {
    const r = meta.receivedAt.toISOString();
    return events.map((e) => {
      const t = new Date(e.ts).toISOString();
      const known = e.type === 'page_view' ? sessions.get(e.sessionId) : undefined;
      if (e.type === 'page_view' && (!known || t < known.ts))
        sessions.set(e.sessionId, { session_id: e.sessionId, ts: t, channel: eventChannel(e) });
      return { t, r, e };
    });
  });
  // Sessions in one order everywhere: two statements upserting the same ones never deadlock.
  const sessionRows = [...sessions.values()].sort((a, b) => (a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0));
  const forward = batches.some((b) => b.meta.forward === true);
  return [JSON.stringify(rows), JSON.stringify(sessionRows), forward, JSON.stringify(batches.flatMap((b) => b.leads.map(leadRecord)))];
}

/** Runs the statement for `batches` and tells each batch what it stored (an id twice: the first batch has it). */
async function write(db: Pool | PoolClient, batches: readonly Batch[]): Promise<{ results: InsertResult[]; leads: Set<string> }> {
  // Named: each connection parses and plans it once.
  const { rows } = await db.query<{ seq: number; id: string; leads: string[] }>({
    name: 'leadbeacon-insert-events',
    text: INSERT_EVENTS,
    values: insertParams(batches),
  });
  const seqOf = new Map(rows.map((r) => [r.id, r.seq]));
  const results = batches.map(({ events, meta }) => {
    const receivedAt = meta.receivedAt.toISOString();
    const stored: StoredEvent[] = [];
    for (const e of events) {
      const seq = seqOf.get(e.id);
      if (seq === undefined) continue;
      seqOf.delete(e.id);
      stored.push(toStored(seq, receivedAt, e));
    }
    stored.sort((x, y) => x.seq - y.seq);
    return { inserted: stored.length, duplicates: events.length - stored.length, stored };
  });
  return { results, leads: new Set(rows[0]?.leads ?? []) };
}

type Transaction = <T>(pool: Pool, fn: (client: PoolClient) => Promise<T>) => Promise<T>;

/**
 * EventStore.insert for PostgreSQL. Batches without a lead that arrive in one turn of the event
 * loop go as one statement (one commit and WAL flush for all: group commit); each caller learns of
 * its own batch after that commit, and if the statement fails each batch is tried alone. A batch
 * with a lead is a transaction of its own under the match lock, which also matches the outcomes
 * that were waiting for its leads.
 */
export function pgInserter(pool: Pool, schema: string, transaction: Transaction, log?: (line: string) => void) {
  async function withLeads(batch: Batch): Promise<InsertResult> {
    return transaction(pool, async (c) => {
      await c.query(matchLock(schema));
      const { results, leads } = await write(c, [batch]);
      // Outcomes that waited for a lead stored now (when any waits at all).
      if (leads.size && (await c.query('SELECT 1 FROM outcomes WHERE lead_event_id IS NULL LIMIT 1')).rowCount) {
        for (const lead of batch.leads) if (leads.has(lead.eventId)) await pgOutcomes.matchWaiting(c, lead);
      }
      return results[0]!;
    });
  }

  let queue: { batch: Batch; resolve(r: InsertResult): void; reject(err: unknown): void }[] = [];
  async function flush(): Promise<void> {
    const group = queue;
    queue = [];
    try {
      const { results } = await write(
        pool,
        group.map((p) => p.batch),
      );
      group.forEach((p, i) => p.resolve(results[i]!));
    } catch {
      for (const p of group) await write(pool, [p.batch]).then((r) => p.resolve(r.results[0]!), p.reject);
    }
  }

  return function insert(events: readonly WireEvent[], meta: InsertMeta): Promise<InsertResult> {
    const context = {
      seq: 0,
      ...(meta.verdicts ? { verdicts: meta.verdicts } : {}),
      ...(meta.userAgent ? { userAgent: meta.userAgent } : {}),
      ...(log ? { warn: log } : {}),
    };
    const leads = events.flatMap((e) => leadFromEvent(e, context) ?? []);
    const batch = { events, meta, leads };
    if (leads.length) return withLeads(batch);
    return new Promise((resolve, reject) => {
      if (!queue.length) setImmediate(() => void flush());
      queue.push({ batch, resolve, reject });
    });
  };
}
