import {
  CONSENT_STATES,
  isEventType,
  isLeadType,
  type EventConsent,
  type EventType,
  type Page,
  type Touch,
  type WireEvent,
  type WireEventV2,
} from './events';
import { MAX_ID_LENGTH } from './limits';
import type { SegmentBatch, SegmentMessage } from './segment';
import { segmentTimeToRfc3339 } from './segment-time';

/**
 * A Segment message as a native event: the reverse of `segmentMessage`, which it restores
 * exactly (type, sessionId, consent and version from `context.leadbeacon`; value, currency, score and
 * attribution from `properties`), and a reading of any other Segment source (RudderStack's
 * `context.sessionId`, a touch from `context.campaign`). track, page and identify become events;
 * screen, group and alias have no native meaning.
 */

/** How a receiver reads messages: when the batch arrived, and how it names a campaign's channel. */
export interface SegmentReading {
  /** The arrival time: the event's time when the message and batch give none. */
  receivedAt: Date;
  /** The GA4 channel of a touch read from `context.campaign` (the collector passes its full classifier); default `''`. */
  channelOf?: (touch: { source: string; medium: string; campaign?: string }) => string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
// Literals and functions only at the top level: the tracker imports this package's main entry,
// and a bundler drops what it does not use only when nothing here runs at import.
/** What a page call's properties hold of its page (Segment's page spec), not of the event. */
const PAGE_PROPERTIES: readonly string[] = ['url', 'path', 'title', 'referrer', 'search'];
/** Track event names that are native event types (the leads and web_vital); any other name is a custom event. */
const isNativeTrackType = (name: string) => isLeadType(name) || name === 'web_vital';

const bothTouches = (touch: Touch): WireEvent['attribution'] => ({ first: touch, last: touch });

const consentOf = (v: unknown): EventConsent | undefined =>
  isObj(v) && (CONSENT_STATES as readonly unknown[]).includes(v.ads) ? (v as unknown as EventConsent) : undefined;

function pageOf(m: SegmentMessage, ctx: Obj): Page {
  const fromContext = isObj(ctx.page) ? ctx.page : {};
  const fromProps = m.type === 'page' && isObj(m.properties) ? m.properties : {};
  const field = (k: 'url' | 'path' | 'title' | 'referrer') => text(fromProps[k]) ?? text(fromContext[k]) ?? '';
  let path = field('path');
  if (!path && URL.canParse(field('url'))) path = new URL(field('url')).pathname;
  return { url: field('url'), path, title: field('title'), referrer: field('referrer') };
}

/** The sender's own attribution, when it put leadbeacon's in properties. */
function ownAttribution(props: Obj): WireEvent['attribution'] | undefined {
  const own = props.attribution;
  return isObj(own) && isObj(own.first) && isObj(own.last) ? (own as unknown as WireEvent['attribution']) : undefined;
}

/** A touch from Segment's context.campaign, with the channel `reading` names; Direct without a campaign source. */
function campaignTouch(ctx: Obj, landingPage: string, ts: string, reading: SegmentReading): Touch {
  const c = isObj(ctx.campaign) ? ctx.campaign : {};
  const source = text(c.source);
  if (!source) return { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage, ts };
  const touch: Touch = { source, medium: text(c.medium) ?? '(not set)', channel: '', landingPage, ts };
  const utm = { campaign: text(c.name), term: text(c.term), content: text(c.content) };
  for (const [k, v] of Object.entries(utm)) if (v) touch[k as keyof typeof utm] = v;
  touch.channel = reading.channelOf?.(touch) ?? '';
  return touch;
}

/** The native type and name: leadbeacon's own `context.leadbeacon.type` when it fits the call, else read from the call. */
function kindOf(m: SegmentMessage, own: EventType | undefined): { type: EventType; name: string } | undefined {
  if (m.type === 'page') return { type: 'page_view', name: 'page_view' };
  if (m.type === 'identify') return { type: 'identify', name: 'identify' };
  if (m.type !== 'track') return undefined;
  const event = String(m.event);
  if (own === 'custom') return { type: 'custom', name: event };
  return isNativeTrackType(event) ? { type: event as EventType, name: event } : { type: 'custom', name: event };
}

/** The event's time: the first of the message's and the batch's times, as RFC 3339, else the arrival. */
function timeOf(m: SegmentMessage, batch: Pick<SegmentBatch, 'sentAt'>, receivedAt: Date): string {
  for (const t of [m.timestamp, m.originalTimestamp, m.sentAt, batch.sentAt]) {
    const rfc3339 = typeof t === 'string' ? segmentTimeToRfc3339(t) : undefined;
    if (rfc3339) return rfc3339;
  }
  return receivedAt.toISOString();
}

/** leadbeacon's session id, else RudderStack's (`context.sessionId`), else one session per visitor and UTC day. */
const sessionOf = (own: Obj, ctx: Obj, ts: string, anonymousId: string): string =>
  text(own.sessionId) ?? text(ctx.sessionId) ?? `day:${ts.slice(0, 10)}:${anonymousId}`.slice(0, MAX_ID_LENGTH);

/**
 * One Segment message as a native event, given its batch's context and sentAt. Returns the
 * event; a reason when it cannot be one (no messageId: give it one first); undefined for screen,
 * group and alias. The event is not yet checked against the wire schema.
 */
export function nativeEvent(
  m: SegmentMessage,
  batch: Pick<SegmentBatch, 'context' | 'sentAt'>,
  reading: SegmentReading,
): WireEvent | string | undefined {
  const ctx: Obj = { ...batch.context, ...m.context };
  const own = isObj(ctx.leadbeacon) ? ctx.leadbeacon : {};
  const kind = kindOf(m, isEventType(own.type) ? own.type : undefined);
  if (!kind) return undefined;
  if (!m.messageId) return 'needs a messageId: leadbeacon stores each event once by it';
  const ts = timeOf(m, batch, reading.receivedAt);
  const anonymousId = (m.anonymousId ?? m.userId)!;
  const props: Obj = isObj(m.properties) ? { ...m.properties } : {};
  const page = pageOf(m, ctx);
  const event: WireEvent = {
    id: m.messageId,
    ...kind,
    ts,
    anonymousId,
    sessionId: sessionOf(own, ctx, ts, anonymousId),
    page,
    attribution: ownAttribution(props) ?? bothTouches(campaignTouch(ctx, page.url, ts, reading)),
    props: {},
  };
  keepVersion(event, own, props);
  if (m.userId) event.userId = m.userId;
  if (kind.type === 'identify') event.props = { traits: isObj(m.traits) ? m.traits : {} };
  else placeProperties(event, props, m.type === 'page');
  // leadbeacon's own place for consent, else where older collectors forwarded it (placeProperties lifted it).
  const consent = consentOf(own.consent) ?? consentOf(m.type === 'identify' ? undefined : props.consent);
  if (consent) event.consent = consent;
  return event;
}

/** A version-2 tracker's own attribution holds facts: the event stays of version 2, for the receiver to interpret. */
function keepVersion(event: WireEvent, own: Obj, props: Obj): void {
  if (own.v === 2 && event.attribution === props.attribution) (event as unknown as WireEventV2).v = 2;
}

/**
 * A track or page call's properties on its event: a numeric value (not a web vital's: that is
 * its metric's), a currency, a numeric score, leadbeacon's attribution and a consent in the wire
 * format's shape (older collectors forwarded it there) have places of their own; a page call's
 * url, path, title, referrer and search are its page. The rest stay props.
 */
function placeProperties(event: WireEvent, props: Obj, isPage: boolean): void {
  const vital = event.type === 'web_vital';
  if (!vital && typeof props.value === 'number') event.value = props.value;
  if (!vital && typeof props.currency === 'string') event.currency = props.currency.toUpperCase();
  if (typeof props.score === 'number') event.score = props.score;
  const placed: Record<string, boolean> = {
    value: event.value !== undefined,
    currency: event.currency !== undefined,
    score: event.score !== undefined,
    attribution: event.attribution === props.attribution,
    consent: !!consentOf(props.consent),
  };
  for (const k of Object.keys(props)) {
    const own = Object.prototype.hasOwnProperty.call(placed, k) ? placed[k] : isPage && PAGE_PROPERTIES.includes(k);
    if (!own) event.props[k] = props[k];
  }
}
