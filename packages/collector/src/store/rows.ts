import type { LeadType } from '@leadbeacon/wire';
import type { AdsConsent, ClickId, Lead, LeadTouch, LeadVerdict } from '../leads/lead';
import type { QualityVerdict } from '../quality/rules';
import type { LeadFact } from './types';

/** Lead rows of both stores (outcome rows: outcome-rows.ts): column lists, parameters and the objects built from rows. */

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
  'quality_verdict',
  'quality_reasons',
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
    l.quality?.verdict ?? null,
    l.quality ? JSON.stringify(l.quality.reasons) : null,
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

/** The quality columns (released_at and take_back are set after the insert: not in LEAD_COLUMNS). */
function qualityOf(r: LeadRow): LeadVerdict | undefined {
  const verdict = str(r.quality_verdict) as QualityVerdict | undefined;
  if (!verdict) return undefined;
  const reasons = typeof r.quality_reasons === 'string' ? (JSON.parse(r.quality_reasons) as string[]) : [];
  const extra = r as Record<string, unknown>;
  const quality: LeadVerdict = { verdict, reasons };
  if (extra.released_at !== null && extra.released_at !== undefined) quality.released = true;
  put(quality, 'takeBack', str(extra.take_back));
  return quality;
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
  put(lead, 'quality', qualityOf(r));
  return lead;
}

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
