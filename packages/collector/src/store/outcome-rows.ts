import type { Outcome, RefKey, StoredOutcome } from '../leads/outcome';
import { put, str, type Param } from './rows';
import type { SaveOutcomeResult } from './types';

/** Outcome rows of both stores: column lists, parameters, the objects built from rows, and match results. */

export interface OutcomeRow {
  id: string;
  ref_event_id: string | null;
  ref_user_id: string | null;
  ref_anonymous_id: string | null;
  ref_hashed_email: string | null;
  ref_hashed_phone: string | null;
  status: string;
  time: string;
  value: number | null;
  currency: string | null;
  lead_event_id: string | null;
  received_at: string;
  meta_hashed_email: string | null;
  meta_hashed_phone: string | null;
  ref_click_id: string | null;
  record_id: string | null;
  matched_by: string | null;
  revision: number;
}

/** The outcome columns both stores insert, in `outcomeParams` order. */
export const OUTCOME_COLUMNS = [
  'id',
  'ref_event_id',
  'ref_user_id',
  'ref_anonymous_id',
  'ref_hashed_email',
  'ref_hashed_phone',
  'status',
  'time',
  'value',
  'currency',
  'lead_event_id',
  'received_at',
  'meta_hashed_email',
  'meta_hashed_phone',
  'ref_click_id',
  'record_id',
  'matched_by',
] as const;

export function outcomeOf(r: OutcomeRow): StoredOutcome {
  const ref: StoredOutcome['ref'] = {};
  put(ref, 'eventId', str(r.ref_event_id));
  put(ref, 'userId', str(r.ref_user_id));
  put(ref, 'anonymousId', str(r.ref_anonymous_id));
  put(ref, 'hashedEmail', str(r.ref_hashed_email));
  put(ref, 'hashedPhone', str(r.ref_hashed_phone));
  put(ref, 'clickId', str(r.ref_click_id));
  const o: StoredOutcome = { id: r.id, ref, status: r.status, time: r.time, receivedAt: r.received_at, revision: Number(r.revision) };
  put(o, 'value', r.value ?? undefined);
  put(o, 'currency', str(r.currency));
  put(o, 'leadEventId', str(r.lead_event_id));
  put(o, 'metaHashedEmail', str(r.meta_hashed_email));
  put(o, 'metaHashedPhone', str(r.meta_hashed_phone));
  put(o, 'recordId', str(r.record_id));
  put(o, 'matchedBy', (str(r.matched_by) as RefKey | undefined) ?? undefined);
  return o;
}

/** Outcome values in the order both stores' INSERT lists the columns. */
export function outcomeParams(o: Outcome, match: LeadMatch | undefined, receivedAt: string): Param[] {
  const r = o.ref;
  const values = [
    o.id,
    r.eventId,
    r.userId,
    r.anonymousId,
    r.hashedEmail,
    r.hashedPhone,
    o.status,
    o.time,
    o.value,
    o.currency,
    match?.eventId,
    receivedAt,
    o.metaHashedEmail,
    o.metaHashedPhone,
    r.clickId,
    o.recordId,
    match?.by,
  ];
  return values.map((v) => v ?? null);
}

/** The outcome's columns (besides its id) that saving the same outcome again may change, with the revision its value is at. */
export const changedParams = (o: Outcome, revision: number): Param[] => [
  o.value ?? null,
  o.currency ?? null,
  o.metaHashedEmail ?? null,
  o.metaHashedPhone ?? null,
  revision,
];

/** Whether a stored outcome has Meta's hashes as given (rows stored before they existed have none). */
export const sameMetaHashes = (row: OutcomeRow, o: Outcome): boolean =>
  row.meta_hashed_email === (o.metaHashedEmail ?? null) && row.meta_hashed_phone === (o.metaHashedPhone ?? null);

/** The lead an outcome matched; `laterTs` (its time) when that lead is later than the outcome. */
export interface LeadMatch {
  eventId: string;
  /** The reference that found it. */
  by: RefKey;
  laterTs?: string;
}

/** The lead a stored outcome has, and by which reference when that was kept. */
export function storedMatch(row: OutcomeRow): { eventId: string; by?: RefKey } | undefined {
  if (!row.lead_event_id) return undefined;
  return { eventId: row.lead_event_id, ...(row.matched_by ? { by: row.matched_by as RefKey } : {}) };
}

/** A save result's lead fields from a match: none when there is no lead. */
export const matchFields = (match: { eventId: string; by?: RefKey } | undefined): Pick<SaveOutcomeResult, 'leadEventId' | 'matchedBy'> =>
  match ? { leadEventId: match.eventId, ...(match.by ? { matchedBy: match.by } : {}) } : {};

/** The result of saving a new outcome that matched `match` and was not stored because of it, else null. */
export function precedesLead(o: Outcome, match: LeadMatch | undefined): SaveOutcomeResult | null {
  if (!match?.laterTs) return null;
  const reason = `time ${o.time} is before its lead (event ${match.eventId} at ${match.laterTs}): check the CRM's time and time zone`;
  return { id: o.id, state: 'rejected', reason };
}

/** Whether a stored outcome has this value and currency already (then saving it again changes nothing). */
export const sameValue = (row: OutcomeRow, o: Outcome): boolean => row.value === (o.value ?? null) && row.currency === (o.currency ?? null);

/** Matched outcomes per reference that found their lead (both stores run it). */
export const MATCH_COUNTS = `SELECT coalesce(matched_by, 'earlier') AS key, count(*) AS n FROM outcomes WHERE lead_event_id IS NOT NULL GROUP BY 1`;
