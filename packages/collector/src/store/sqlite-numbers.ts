import type Database from 'better-sqlite3';
import { chooseLease, recentSince } from './lease-choice';
import type { CallRow, LeaseRow } from './number-rows';
import { CALL_COLUMNS, callOf, callParams, leaseOf, rangeWhere, UPSERT_CALL_TAIL } from './number-rows';
import type { LeaseRequest, NumberLease, NumberStore } from './number-types';

/** One lease, decided (lease-choice.ts) and written in one immediate transaction. */
function sqliteLease(db: Database.Database) {
  const held = db.prepare<[string, string, string], LeaseRow>(
    `SELECT * FROM number_leases WHERE pool = ? AND anonymous_id = ? AND fallback = 0 AND until > ? ORDER BY id DESC LIMIT 1`,
  );
  const lastUntil = db.prepare<[string, string], { number: string; until: string }>(
    `SELECT number, max(until) AS until FROM number_leases WHERE pool = ? AND fallback = 0 AND until > ? GROUP BY number`,
  );
  const extend = db.prepare<[string, number]>('UPDATE number_leases SET until = ? WHERE id = ?');
  const end = db.prepare<[string, string, string, string]>(
    'UPDATE number_leases SET until = ? WHERE pool = ? AND anonymous_id = ? AND until > ? AND fallback = 0',
  );
  const insert = db.prepare<(string | number | null)[]>(
    `INSERT INTO number_leases (pool, number, anonymous_id, session_id, leased_at, until, fallback, touch, ads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[number], LeaseRow>('SELECT * FROM number_leases WHERE id = ?');
  return db.transaction((req: LeaseRequest): NumberLease => {
    const now = req.now.toISOString();
    const mine = held.get(req.pool, req.visitor, now);
    const last = new Map(lastUntil.all(req.pool, recentSince(req.now)).map((r) => [r.number, r.until]));
    const choice = chooseLease(req, mine ? leaseOf(mine) : undefined, last);
    if (choice.kind === 'extend') {
      extend.run(choice.until, choice.lease.id);
      return { ...choice.lease, until: choice.until };
    }
    if (!choice.fallback) end.run(now, req.pool, req.visitor, now);
    const r = insert.run(
      req.pool,
      choice.number,
      req.visitor,
      req.session,
      now,
      choice.until,
      choice.fallback ? 1 : 0,
      JSON.stringify(req.touch),
      req.ads ?? null,
    );
    return leaseOf(byId.get(Number(r.lastInsertRowid))!);
  });
}

/** Pool leases and calls in SQLite: better-sqlite3's immediate transaction makes each lease atomic. */
export function sqliteNumbers(db: Database.Database): NumberStore {
  const lease = sqliteLease(db);
  const byId = db.prepare<[number], LeaseRow>('SELECT * FROM number_leases WHERE id = ?');
  const lastOf = db.prepare<[string, string], LeaseRow>(
    'SELECT * FROM number_leases WHERE number = ? AND fallback = 0 AND leased_at <= ? ORDER BY leased_at DESC, id DESC LIMIT 1',
  );
  const getCall = db.prepare<[string, string], CallRow>('SELECT * FROM calls WHERE provider = ? AND call_id = ?');
  const upsertCall = db.prepare<(string | number | null)[]>(
    `INSERT INTO calls (${CALL_COLUMNS}) VALUES (${CALL_COLUMNS.split(', ')
      .map(() => '?')
      .join(', ')}) ${UPSERT_CALL_TAIL}`,
  );
  return {
    async leaseNumber(req) {
      return lease.immediate(req);
    },
    async lastLease(number, at) {
      const r = lastOf.get(number, at.toISOString());
      return r ? leaseOf(r) : undefined;
    },
    async lease(id) {
      const r = byId.get(id);
      return r ? leaseOf(r) : undefined;
    },
    async leases(q) {
      const { where, params, limit } = rangeWhere(q, 'leased_at', () => '?');
      return db
        .prepare<(string | number | null)[], LeaseRow>(`SELECT * FROM number_leases ${where} ORDER BY id LIMIT ifnull(${limit}, -1)`)
        .all(...params)
        .map(leaseOf);
    },
    async call(provider, callId) {
      const r = getCall.get(provider, callId);
      return r ? callOf(r) : undefined;
    },
    async saveCall(c) {
      upsertCall.run(...callParams(c));
    },
    async calls(q = {}) {
      const { where, params, limit } = rangeWhere(q, 'started_at', () => '?');
      return db
        .prepare<(string | number | null)[], CallRow>(`SELECT * FROM calls ${where} ORDER BY started_at LIMIT ifnull(${limit}, -1)`)
        .all(...params)
        .map(callOf);
    },
  };
}
