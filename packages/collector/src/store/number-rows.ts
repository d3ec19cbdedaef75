/** The rows of number_leases and calls as both stores read and write them (times as UTC ISO strings). */
import type { Touch } from '../types';
import type { CallQuery, CallRecord, NumberLease } from './number-types';

export interface LeaseRow {
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

export interface CallRow {
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

export const CALL_COLUMNS =
  'provider, call_id, to_number, caller_hash, caller, status, started_at, duration, answered, lease_id, event_id, updated_at';
const CALL_UPDATE = CALL_COLUMNS.split(', ')
  .slice(2)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');
export const UPSERT_CALL_TAIL = `ON CONFLICT (provider, call_id) DO UPDATE SET ${CALL_UPDATE}`;

/** A time range on `column` with a limit: `mark(i)` writes the i-th placeholder (`?` or `$i`). */
export function rangeWhere(q: CallQuery, column: string, mark: (i: number) => string) {
  const where: string[] = [];
  const params: (string | number | null)[] = [];
  if (q.since) where.push(`${column} >= ${mark(params.push(q.since.toISOString()))}`);
  if (q.until) where.push(`${column} < ${mark(params.push(q.until.toISOString()))}`);
  const limit = mark(params.push(q.limit ?? null));
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params, limit };
}
