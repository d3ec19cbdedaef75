import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { eventChannel, leadFromEvent } from '../leads/lead';
import type { StoredEvent, WireEvent } from '../types';
import type { Judgement } from '../quality/rules';
import { sqliteLeads } from './sqlite-leads';
import { sqliteQuality } from './sqlite-quality';
import { UPSERT_SESSION } from './sqlite-backfill';
import { migrate } from './sqlite-migrations';
import { groupCommit } from './sqlite-group-commit';
import { sqliteOutbox } from './sqlite-outbox';
import { sqliteRetractions } from './sqlite-retractions';
import { sqliteUploads } from './sqlite-uploads';
import { sqliteNumbers } from './sqlite-numbers';
import { matchCounts, outcomeRevisions, sqliteOutcomes } from './sqlite-outcomes';
import type { EventQuery, EventStore, InsertMeta, InsertResult, LeadRecord } from './types';
import { toStored } from './types';

export interface SqliteStoreOptions {
  /** Database file, created if missing (with its directory); ':memory:' for a throwaway store. */
  path?: string;
  /** Told of what a stored lead had to leave out (a malformed hash). */
  log?: (line: string) => void;
}

interface Row {
  seq: number;
  received_at: string;
  body: string;
}

type InsertParams = [string, string, string, string, string, string, string | null, string, string];

/** Events by type, time and seq, oldest or newest first. */
function queryEvents(db: Database.Database, q: EventQuery): StoredEvent[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (q.type?.length) add(`type IN (${q.type.map(() => '?').join(', ')})`, ...q.type);
  if (q.since) add('ts >= ?', q.since.toISOString());
  if (q.until) add('ts < ?', q.until.toISOString());
  if (q.afterSeq !== undefined) add('seq > ?', q.afterSeq);
  const sql =
    'SELECT seq, received_at, body FROM events' +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY seq ${q.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`;
  params.push(q.limit ?? -1);
  const rows = db.prepare<(string | number)[], Row>(sql).all(...params);
  return rows.map((r) => toStored(r.seq, r.received_at, JSON.parse(r.body) as WireEvent));
}

interface Batch {
  events: readonly WireEvent[];
  receivedAt: string;
  userAgent: string | undefined;
  verdicts?: ReadonlyMap<string, Judgement> | undefined;
  forward: boolean;
}

/**
 * Writes a batch inside the caller's transaction: each new event, its session (page views), its
 * outbox entry (forwarding), its lead, and the outcomes that were waiting for that lead. An id
 * already stored is skipped (the tracker retried).
 */
function eventInserter(
  db: Database.Database,
  leads: ReturnType<typeof sqliteLeads>,
  outcomes: ReturnType<typeof sqliteOutcomes>,
  log?: (line: string) => void,
) {
  const insertOne = db.prepare<InsertParams>(
    `INSERT INTO events (id, type, name, ts, anonymous_id, session_id, user_id, received_at, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
  );
  const session = db.prepare<[string, string, string]>(UPSERT_SESSION);
  const toOutbox = db.prepare<[number, string]>('INSERT INTO outbox (seq, next_at) VALUES (?, ?)');
  return ({ events, receivedAt, userAgent, forward, verdicts }: Batch): InsertResult => {
    const stored: StoredEvent[] = [];
    for (const e of events) {
      const ts = new Date(e.ts).toISOString();
      const r = insertOne.run(e.id, e.type, e.name, ts, e.anonymousId, e.sessionId, e.userId ?? null, receivedAt, JSON.stringify(e));
      if (r.changes !== 1) continue;
      if (e.type === 'page_view') session.run(e.sessionId, ts, eventChannel(e));
      const seq = Number(r.lastInsertRowid);
      if (forward) toOutbox.run(seq, receivedAt);
      stored.push(toStored(seq, receivedAt, e));
      const lead = leadFromEvent(e, { seq, verdicts, ...(userAgent ? { userAgent } : {}), ...(log ? { warn: log } : {}) });
      if (lead && leads.insert(lead)) outcomes.matchWaiting(lead);
    }
    return { inserted: stored.length, duplicates: events.length - stored.length, stored };
  };
}

/** An EventStore in one embedded SQLite file (better-sqlite3). Opening a file of an older collector upgrades it. */
export function createSqliteStore(options: SqliteStoreOptions = {}): EventStore {
  const path = options.path ?? './leadbeacon.sqlite';
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL (SQLite's default) keeps a commit durable across power loss too: once we answer 200,
  // the tracker forgets the lead, so the commit must not be lost.
  db.pragma('synchronous = FULL');
  // Another process (a second CLI, a sqlite3 shell) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const leads = sqliteLeads(db);
  const outcomes = sqliteOutcomes(db);

  const insertBatch = groupCommit(db, eventInserter(db, leads, outcomes, options.log));
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events');
  let closed = false;

  // better-sqlite3 is synchronous: when a method returns, its transaction has committed
  // (insert's promise, likewise, settles after its group's commit).
  return {
    kind: 'sqlite',
    insert(events, meta: InsertMeta) {
      if (closed) return Promise.reject(new Error('the database connection is not open'));
      return insertBatch({
        events,
        receivedAt: meta.receivedAt.toISOString(),
        userAgent: meta.userAgent,
        forward: meta.forward === true,
        verdicts: meta.verdicts,
      });
    },
    async query(q: EventQuery = {}) {
      return queryEvents(db, q);
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
    async leads(q = {}) {
      const found = leads.query(q);
      const byLead = new Map<string, LeadRecord>(found.map((l) => [l.eventId, { ...l, outcomes: [] }]));
      for (const o of outcomes.ofLeads([...byLead.keys()])) byLead.get(o.leadEventId!)?.outcomes.push(o);
      return [...byLead.values()];
    },
    async saveOutcomes(list, meta) {
      return outcomes.save(list, meta.receivedAt);
    },
    async previewOutcomes(list) {
      return db.transaction(() => outcomes.preview(list))();
    },
    async outcomes(q = {}) {
      return outcomes.query(q, (ids) => leads.byIds(ids));
    },
    async outcomeRevisions(id) {
      return outcomeRevisions(db, id);
    },
    async outcomeMatchCounts() {
      return matchCounts(db);
    },
    async facts(q) {
      return db.transaction(() => leads.facts(q, outcomes.countWaiting()))();
    },
    ...sqliteOutbox(db),
    ...sqliteUploads(db),
    ...sqliteRetractions(db),
    ...sqliteNumbers(db),
    ...sqliteQuality(db),
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
