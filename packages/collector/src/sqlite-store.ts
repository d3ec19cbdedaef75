import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { EventQuery, EventStore, InsertMeta, InsertResult } from './store';
import { toStored } from './store';
import type { StoredEvent, WireEvent } from './types';

export interface SqliteStoreOptions {
  /** Database file, created if missing (with its directory); ':memory:' for a throwaway store. */
  path?: string;
}

const SCHEMA_VERSION = 1;

// `ts` holds the event time normalised to UTC ISO 8601, so text order is time order even when
// clients send local offsets; the event exactly as received lives in `body`.
// No column for the client address: the collector never stores IPs.
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  type         TEXT NOT NULL,
  name         TEXT NOT NULL,
  ts           TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  session_id   TEXT NOT NULL,
  user_id      TEXT,
  received_at  TEXT NOT NULL,
  body         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE INDEX IF NOT EXISTS events_received_at ON events(received_at);
CREATE INDEX IF NOT EXISTS events_ts ON events(ts);
`;

interface Row {
  seq: number;
  received_at: string;
  body: string;
}

/** An EventStore in one embedded SQLite file (better-sqlite3). */
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
  db.exec(DDL);
  if ((db.pragma('user_version', { simple: true }) as number) === 0) db.pragma(`user_version = ${SCHEMA_VERSION}`);

  const insertOne = db.prepare<[string, string, string, string, string, string, string | null, string, string]>(
    `INSERT INTO events (id, type, name, ts, anonymous_id, session_id, user_id, received_at, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
  );
  const insertBatch = db.transaction((events: readonly WireEvent[], receivedAt: string): InsertResult => {
    const stored: StoredEvent[] = [];
    for (const e of events) {
      const r = insertOne.run(
        e.id,
        e.type,
        e.name,
        new Date(e.ts).toISOString(),
        e.anonymousId,
        e.sessionId,
        e.userId ?? null,
        receivedAt,
        JSON.stringify(e),
      );
      if (r.changes === 1) stored.push(toStored(Number(r.lastInsertRowid), receivedAt, e));
    }
    return { inserted: stored.length, duplicates: events.length - stored.length, stored };
  });
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events');
  let closed = false;

  return {
    kind: 'sqlite',
    async insert(events, meta: InsertMeta) {
      // better-sqlite3 is synchronous: when this returns, the transaction has committed.
      return insertBatch(events, meta.receivedAt.toISOString());
    },
    async query(q: EventQuery = {}) {
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
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
