import type { LeadType } from '@leadbeacon/wire';
import type { AdsConsent, ClickId, Lead, LeadTouch } from '../leads/lead';
import type { Outcome, StoredOutcome } from '../leads/outcome';
import type { LeadFact, SaveOutcomeResult } from './types';

/** Lead and outcome rows of both stores: column lists, parameters and the objects built from rows. */

/** Lead columns in insert order; `leadParams` gives the values in the same order. */
export const LEAD_COLUMNS = [
  'event_id',
  'seq',
  'type',
  'ts',
  'value',
  'currency',
  'anonymous_id',
  'session_id',
  'user_id',
  'page_url',
  'first_source',
  'first_medium',
  'first_campaign',
  'first_channel',
  'first_browser_channel',
  'first_ts',
  'last_source',
  'last_medium',
  'last_campaign',
  'last_channel',
  'last_browser_channel',
  'last_ts',
  'click_ids',
  'hashed_email',
  'hashed_phone',
  'ads_consent',
  'user_agent',
  'meta_hashed_email',
  'meta_hashed_phone',
  'fbp',
  'fbc',
] as const;

export type Param = string | number | null;

const touchParams = (t: LeadTouch): Param[] => [t.source, t.medium, t.campaign ?? null, t.channel, t.browserChannel, t.ts];

export function leadParams(l: Lead): Param[] {
  return [
    l.eventId,
    l.seq,
    l.type,
    l.ts,
    l.value ?? null,
    l.currency ?? null,
    l.anonymousId,
    l.sessionId,
    l.userId ?? null,
    l.pageUrl,
    ...touchParams(l.first),
    ...touchParams(l.last),
    JSON.stringify(l.clickIds),
    l.hashedEmail ?? null,
    l.hashedPhone ?? null,
    l.adsConsent,
    l.userAgent ?? null,
    l.metaHashedEmail ?? null,
    l.metaHashedPhone ?? null,
    l.fbp ?? null,
    l.fbc ?? null,
  ];
}

/** A leads row as either database returns it (PostgreSQL hands `click_ids` back already parsed). */
export type LeadRow = Record<(typeof LEAD_COLUMNS)[number], unknown>;

export const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function touchOf(r: LeadRow, p: 'first' | 'last'): LeadTouch {
  const campaign = str(r[`${p}_campaign`]);
  return {
    source: String(r[`${p}_source`]),
    medium: String(r[`${p}_medium`]),
    ...(campaign !== undefined ? { campaign } : {}),
    channel: String(r[`${p}_channel`]),
    browserChannel: String(r[`${p}_browser_channel`]),
    ts: String(r[`${p}_ts`]),
  };
}

/** Sets `key` only when the value is there, so absent fields stay absent (not `undefined`). */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export function leadOf(r: LeadRow): Lead {
  const lead: Lead = {
    eventId: String(r.event_id),
    seq: Number(r.seq),
    type: String(r.type) as LeadType,
    ts: String(r.ts),
    anonymousId: String(r.anonymous_id),
    sessionId: String(r.session_id),
    pageUrl: String(r.page_url),
    first: touchOf(r, 'first'),
    last: touchOf(r, 'last'),
    clickIds: (typeof r.click_ids === 'string' ? JSON.parse(r.click_ids) : r.click_ids) as ClickId[],
    adsConsent: String(r.ads_consent) as AdsConsent,
  };
  put(lead, 'value', r.value === null ? undefined : Number(r.value));
  put(lead, 'currency', str(r.currency));
  put(lead, 'userId', str(r.user_id));
  put(lead, 'hashedEmail', str(r.hashed_email));
  put(lead, 'hashedPhone', str(r.hashed_phone));
  put(lead, 'userAgent', str(r.user_agent));
  put(lead, 'metaHashedEmail', str(r.meta_hashed_email));
  put(lead, 'metaHashedPhone', str(r.meta_hashed_phone));
  put(lead, 'fbp', str(r.fbp));
  put(lead, 'fbc', str(r.fbc));
  return lead;
}

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
  revision: number;
}

export function outcomeOf(r: OutcomeRow): StoredOutcome {
  const ref: StoredOutcome['ref'] = {};
  put(ref, 'eventId', str(r.ref_event_id));
  put(ref, 'userId', str(r.ref_user_id));
  put(ref, 'anonymousId', str(r.ref_anonymous_id));
  put(ref, 'hashedEmail', str(r.ref_hashed_email));
  put(ref, 'hashedPhone', str(r.ref_hashed_phone));
  const o: StoredOutcome = { id: r.id, ref, status: r.status, time: r.time, receivedAt: r.received_at, revision: Number(r.revision) };
  put(o, 'value', r.value ?? undefined);
  put(o, 'currency', str(r.currency));
  put(o, 'leadEventId', str(r.lead_event_id));
  put(o, 'metaHashedEmail', str(r.meta_hashed_email));
  put(o, 'metaHashedPhone', str(r.meta_hashed_phone));
  return o;
}

/** Outcome values in the order both stores' INSERT lists the columns. */
export function outcomeParams(o: Outcome, leadEventId: string | undefined, receivedAt: string): Param[] {
  const r = o.ref;
  return [
    o.id,
    r.eventId ?? null,
    r.userId ?? null,
    r.anonymousId ?? null,
    r.hashedEmail ?? null,
    r.hashedPhone ?? null,
    o.status,
    o.time,
    o.value ?? null,
    o.currency ?? null,
    leadEventId ?? null,
    receivedAt,
    o.metaHashedEmail ?? null,
    o.metaHashedPhone ?? null,
  ];
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
  laterTs?: string;
}

/** The result of saving a new outcome that matched `match` and was not stored because of it, else null. */
export function precedesLead(o: Outcome, match: LeadMatch | undefined): SaveOutcomeResult | null {
  if (!match?.laterTs) return null;
  const reason = `time ${o.time} is before its lead (event ${match.eventId} at ${match.laterTs}): check the CRM's time and time zone`;
  return { id: o.id, state: 'rejected', reason };
}

/** Whether a stored outcome has this value and currency already (then saving it again changes nothing). */
export const sameValue = (row: OutcomeRow, o: Outcome): boolean => row.value === (o.value ?? null) && row.currency === (o.currency ?? null);

/** A lead's columns that the dashboard reads (both stores select these). */
export interface FactRow {
  event_id: string;
  type: LeadType;
  ts: string;
  value: number | null;
  currency: string | null;
  last_channel: string;
  last_source: string;
  last_medium: string;
  last_campaign: string | null;
}

/** The dashboard's view of a lead row. */
export function factOf(r: FactRow): LeadFact {
  const fact: LeadFact = {
    eventId: r.event_id,
    type: r.type,
    ts: r.ts,
    channel: r.last_channel,
    source: r.last_source,
    medium: r.last_medium,
  };
  if (r.value !== null) fact.value = r.value;
  if (r.currency !== null) fact.currency = r.currency;
  if (r.last_campaign !== null) fact.campaign = r.last_campaign;
  return fact;
}
