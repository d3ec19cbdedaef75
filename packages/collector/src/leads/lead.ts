import { isLeadType, type LeadType } from '@leadbeacon/wire';
import type { Touch, WireEvent } from '../types';
import type { Judgement } from '../quality/rules';
import { classifyChannel } from './channels';

/**
 * Whether the visitor allowed ad identifiers (click ids, hashed email/phone) for this lead:
 * - 'granted': the event says so (`consent.ads`), or it carries a click id or a hash, which the
 *   tracker sends only with `ads` consent;
 * - 'denied': the event says `ads` was not granted (denied or still pending);
 * - 'unknown': nothing on the event tells (the tracker strips identifiers without marking why).
 */
export type AdsConsent = 'granted' | 'denied' | 'unknown';

export interface LeadTouch {
  source: string;
  medium: string;
  campaign?: string;
  /** GA4 channel computed by the collector from Google's whole source list: what reports use. */
  channel: string;
  /** The channel the browser computed (from the compact list it carries). */
  browserChannel: string;
  /** When the touch started (the landing). */
  ts: string;
}

export interface ClickId {
  /** Parameter name as on the landing URL: gclid, gbraid, wbraid, fbclid, … */
  name: string;
  /** Exactly as received (several are case-sensitive). */
  value: string;
  /** When it was first seen: the landing of the earliest touch that carries it (UTC ISO). */
  firstSeen: string;
}

export interface Lead {
  eventId: string;
  /** The event's store sequence number. */
  seq: number;
  type: LeadType;
  /** Event time, UTC ISO 8601. */
  ts: string;
  value?: number;
  currency?: string;
  anonymousId: string;
  sessionId: string;
  userId?: string;
  pageUrl: string;
  first: LeadTouch;
  last: LeadTouch;
  clickIds: ClickId[];
  /** SHA-256 (hex) of the email/phone normalised by Google's rules, as the tracker hashed it (enhanced conversions). */
  hashedEmail?: string;
  hashedPhone?: string;
  /** The same by Meta's rules; absent when the tracker (older than these props) sent only Google's. */
  metaHashedEmail?: string;
  metaHashedPhone?: string;
  adsConsent: AdsConsent;
  /** The browser's User-Agent header when it sent the lead (Meta requires it for website events). */
  userAgent?: string;
  /** Meta Pixel's cookies on the page when the lead happened (`_fbp` browser id, `_fbc` click id), as set. */
  fbp?: string;
  fbc?: string;
  /**
   * Its quality verdict (quality/rules.ts), absent for leads stored before it existed (taken as
   * `ok`); `released` once an operator let a held one go; `takeBack` what came of taking back
   * a conversion already uploaded when the lead was marked spam later.
   */
  quality?: LeadVerdict;
}

export interface LeadVerdict extends Judgement {
  released?: true;
  takeBack?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function leadTouch(t: Touch): LeadTouch {
  const campaign = typeof t.campaign === 'string' && t.campaign ? t.campaign : undefined;
  return {
    source: String(t.source),
    medium: String(t.medium),
    ...(campaign ? { campaign } : {}),
    channel: classifyChannel({ source: t.source, medium: t.medium, campaign }),
    browserChannel: String(t.channel),
    ts: new Date(t.ts).toISOString(),
  };
}

/** Click ids of both touches, each once (by name and value) with the earliest landing that carried it. */
function clickIdsOf(first: Touch, last: Touch): ClickId[] {
  const found = new Map<string, ClickId>();
  for (const touch of [first, last]) {
    const firstSeen = new Date(touch.ts).toISOString();
    for (const [name, value] of Object.entries(touch.clickIds ?? {})) {
      if (typeof value !== 'string' || !value) continue;
      const key = `${name}\u0000${value}`;
      const known = found.get(key);
      if (!known || firstSeen < known.firstSeen) found.set(key, { name, value, firstSeen });
    }
  }
  return [...found.values()];
}

/**
 * A hash prop, lowercase; a malformed one (not 64 hex characters: a tracker that hashed wrong on a
 * page whose library replaced Array.from sent decimal byte values) is left out, and said so.
 */
function hashProp(
  e: WireEvent,
  key: 'hashedEmail' | 'hashedPhone' | 'metaHashedEmail' | 'metaHashedPhone',
  warn?: (line: string) => void,
): string | undefined {
  const v = (e.props as Record<string, unknown> | undefined)?.[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && SHA256_HEX.test(v.toLowerCase())) return v.toLowerCase();
  const got = typeof v === 'string' ? `a string of ${v.length} characters` : typeof v;
  warn?.(`event ${e.id}: props.${key} is not a SHA-256 hex digest (got ${got}); the lead is stored without it`);
  return undefined;
}

/**
 * Meta's cookie format, `fb.<subdomain index>.<creation time, ms>.<random or fbclid>` (Meta's
 * parameter builders may add a suffix). Case-sensitive: kept exactly as the cookie had it.
 */
const META_COOKIE = /^fb\.\d\.\d{1,13}\.[^\s,;]{1,500}$/;

/** A Meta cookie prop (`fbp`, `fbc`), or undefined; a malformed one is left out, and said so. */
function metaCookieProp(e: WireEvent, key: 'fbp' | 'fbc', warn?: (line: string) => void): string | undefined {
  const v = (e.props as Record<string, unknown> | undefined)?.[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && META_COOKIE.test(v)) return v;
  warn?.(`event ${e.id}: props.${key} is not a Meta cookie value (fb.<n>.<time>.<id>); the lead is stored without it`);
  return undefined;
}

export interface LeadContext {
  seq: number;
  userAgent?: string;
  /** The quality verdicts of the batch's leads by event id (quality/judge.ts); kept with the lead, not in the event. */
  verdicts?: ReadonlyMap<string, Judgement>;
  /** Told what the event carried that the lead cannot keep (a malformed hash): the collector's log. */
  warn?: (line: string) => void;
}

/** What the event says of `ads` consent; else a click id or hash implies it (see AdsConsent). */
function adsConsentOf(e: WireEvent, carriesAdIdentifiers: boolean): AdsConsent {
  const marked = e.consent && typeof e.consent === 'object' ? e.consent.ads : undefined;
  if (marked !== undefined) return marked === 'granted' ? 'granted' : 'denied';
  return carriesAdIdentifiers ? 'granted' : 'unknown';
}

/** The given fields without those that are undefined or empty. */
function defined<T extends Record<string, string | undefined>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/** The ad identifiers a lead event carries besides click ids: each platform's hashes, Meta's cookies. */
function adIdentifiers(e: WireEvent, warn?: (line: string) => void) {
  return {
    hashedEmail: hashProp(e, 'hashedEmail', warn),
    hashedPhone: hashProp(e, 'hashedPhone', warn),
    metaHashedEmail: hashProp(e, 'metaHashedEmail', warn),
    metaHashedPhone: hashProp(e, 'metaHashedPhone', warn),
    fbp: metaCookieProp(e, 'fbp', warn),
    fbc: metaCookieProp(e, 'fbc', warn),
  };
}

/**
 * The lead an event makes, or null for an event that is not a lead. A lead without `ads`
 * consent keeps no click id, hash or user agent, whatever the event carried.
 */
export function leadFromEvent(e: WireEvent, context: LeadContext): Lead | null {
  if (!isLeadType(e.type)) return null;
  const clickIds = clickIdsOf(e.attribution.first, e.attribution.last);
  const identifiers = adIdentifiers(e, context.warn);
  const adsConsent = adsConsentOf(e, clickIds.length > 0 || Object.values(identifiers).some((v) => v !== undefined));
  const ads = adsConsent !== 'denied';
  const lead: Lead = {
    eventId: e.id,
    seq: context.seq,
    type: e.type,
    ts: new Date(e.ts).toISOString(),
    anonymousId: e.anonymousId,
    sessionId: e.sessionId,
    pageUrl: String(e.page?.url ?? ''),
    first: leadTouch(e.attribution.first),
    last: leadTouch(e.attribution.last),
    clickIds: ads ? clickIds : [],
    adsConsent,
  };
  if (typeof e.value === 'number' && Number.isFinite(e.value)) lead.value = e.value;
  if (e.currency) lead.currency = e.currency;
  if (e.userId) lead.userId = e.userId;
  if (ads) Object.assign(lead, defined({ ...identifiers, userAgent: context.userAgent }));
  const judged = context.verdicts?.get(e.id);
  if (judged) lead.quality = { verdict: judged.verdict, reasons: [...judged.reasons] };
  return lead;
}

/** A page view's channel for its session (visits per channel): the collector's channel of the last touch. */
export function eventChannel(e: WireEvent): string {
  const t = e.attribution?.last;
  return t ? classifyChannel({ source: t.source, medium: t.medium, campaign: t.campaign }) : 'Unassigned';
}
