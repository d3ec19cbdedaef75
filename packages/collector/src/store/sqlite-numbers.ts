import type Database from 'better-sqlite3';
import type { Touch } from '../types';
import { chooseLease } from './lease-choice';
import type { CallQuery, CallRecord, LeaseRequest, NumberLease, NumberStore } from './number-types';

interface LeaseRow {
  id: number;
  pool: string;
  number: string;
  anonymous_id: string;
  session_id: string;
  leased_at: string;
  until: string;
  fallback: number;
  touch: string;
  ads: string | null;
}

interface CallRow {
  provider: string;
  call_id: string;
  to_number: string;
  caller_hash: string | null;
  caller: string | null;
  status: string;
  started_at: string;
  duration: number | null;
  answered: number;
  lease_id: number | null;
  event_id: string | null;
  updated_at: string;
}

export function leaseOf(r: LeaseRow): NumberLease {
  return {
    id: Number(r.id),
    pool: r.pool,
    number: r.number,
    visitor: r.anonymous_id,
    session: r.session_id,
    leasedAt: r.leased_at,
    until: r.until,
    fallback: Boolean(r.fallback),
    touch: (typeof r.touch === 'string' ? JSON.parse(r.touch) : r.touch) as Touch,
    ...(r.ads === 'granted' || r.ads === 'denied' ? { ads: r.ads } : {}),
  };
}

export function callOf(r: CallRow): CallRecord {
  return {
    provider: r.provider,
    callId: r.call_id,
    to: r.to_number,
    ...(r.caller_hash ? { callerHash: r.caller_hash } : {}),
    ...(r.caller ? { caller: r.caller } : {}),
    status: r.status,
    startedAt: r.started_at,
    ...(r.duration !== null ? { duration: Number(r.duration) } : {}),
    answered: Boolean(r.answered),
    ...(r.lease_id !== null ? { leaseId: Number(r.lease_id) } : {}),
    ...(r.event_id ? { eventId: r.event_id } : {}),
    updatedAt: r.updated_at,
  };
}

/** The call's columns in CALL_COLUMNS order. */
export function callParams(c: CallRecord): (string | number | null)[] {
  return [
    c.provider,
    c.callId,
    c.to,
    c.callerHash ?? null,
    c.caller ?? null,
    c.status,
    c.startedAt,
    c.duration ?? null,
    c.answered ? 1 : 0,
    c.leaseId ?? null,
    c.eventId ?? null,
    c.updatedAt,
  ];
}

export const CALL_COLUMNS = 'provider, call_id, to_number, caller_hash, caller, status, started_at, duration, answered, lease_id, event_id, updated_at';
const CALL_UPDATE = CALL_COLUMNS.split(', ')
  .slice(2)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');
export const UPSERT_CALL_TAIL = `ON CONFLICT (provider, call_id) DO UPDATE SET ${CALL_UPDATE}`;

/** Pool leases and calls in SQLite: better-sqlite3's immediate transaction makes each lease atomic. */
export function sqliteNumbers(db: Database.Database): NumberStore {
  const held = db.prepare<[string, string, string], LeaseRow>(
    `SELECT * FROM number_leases WHERE pool = ? AND anonymous_id = ? AND fallback = 0 AND until > ? ORDER BY id DESC LIMIT 1`,
  );
  const lastUntil = db.prepare<[string], { number: string; until: string }>(
    `SELECT number, max(until) AS until FROM number_leases WHERE pool = ? AND fallback = 0 GROUP BY number`,
  );
  const extend = db.prepare<[string, number]>('UPDATE number_leases SET until = ? WHERE id = ?');
  const end = db.prepare<[string, string, string, string]>(
    'UPDATE number_leases SET until = ? WHERE pool = ? AND anonymous_id = ? AND until > ? AND fallback = 0',
  );
  const insert = db.prepare<(string | number | null)[]>(
    `INSERT INTO number_leases (pool, number, anonymous_id, session_id, leased_at, until, fallback, touch, ads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[number], LeaseRow>('SELECT * FROM number_leases WHERE id = ?');
  const lastOf = db.prepare<[string, string], LeaseRow>(
    'SELECT * FROM number_leases WHERE number = ? AND fallback = 0 AND leased_at <= ? ORDER BY leased_at DESC, id DESC LIMIT 1',
  );
  const lease = db.transaction((req: LeaseRequest): NumberLease => {
    const now = req.now.toISOString();
    const mine = held.get(req.pool, req.visitor, now);
    const last = new Map(lastUntil.all(req.pool).map((r) => [r.number, r.until]));
    const choice = chooseLease(req, mine ? leaseOf(mine) : undefined, last);
    if (choice.kind === 'extend') {
      extend.run(choice.until, choice.lease.id);
      return { ...choice.lease, until: choice.until };
    }
    if (!choice.fallback) end.run(now, req.pool, req.visitor, now);
    const r = insert.run(req.pool, choice.number, req.visitor, req.session, now, choice.until, choice.fallback ? 1 : 0, JSON.stringify(req.touch), req.ads ?? null);
    return leaseOf(byId.get(Number(r.lastInsertRowid))!);
  });
  const getCall = db.prepare<[string, string], CallRow>('SELECT * FROM calls WHERE provider = ? AND call_id = ?');
  const upsertCall = db.prepare<(string | number | null)[]>(
    `INSERT INTO calls (${CALL_COLUMNS}) VALUES (${CALL_COLUMNS.split(', ').map(() => '?').join(', ')}) ${UPSERT_CALL_TAIL}`,
  );
  const range = (q: CallQuery, column: string) => {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.since) where.push(`${column} >= ?`) && params.push(q.since.toISOString());
    if (q.until) where.push(`${column} < ?`) && params.push(q.until.toISOString());
    params.push(q.limit ?? -1);
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  };
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
      const { where, params } = range(q, 'leased_at');
      return db.prepare<(string | number)[], LeaseRow>(`SELECT * FROM number_leases ${where} ORDER BY id LIMIT ?`).all(...params).map(leaseOf);
    },
    async call(provider, callId) {
      const r = getCall.get(provider, callId);
      return r ? callOf(r) : undefined;
    },
    async saveCall(c) {
      upsertCall.run(...callParams(c));
    },
    async calls(q = {}) {
      const { where, params } = range(q, 'started_at');
      return db.prepare<(string | number)[], CallRow>(`SELECT * FROM calls ${where} ORDER BY started_at LIMIT ?`).all(...params).map(callOf);
    },
  };
}
