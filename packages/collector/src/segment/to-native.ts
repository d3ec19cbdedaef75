import { CONSENT_STATES, LEAD_TYPES, type EventType, type SegmentBatch, type SegmentMessage } from '@leadbeacon/wire';
import { classifyChannel } from '../leads/channels';
import type { PageInfo, Touch, WireEvent } from '../types';

/**
 * Segment messages as native events (README "Segment format" has the table). track/page/identify
 * become events; screen, group and alias have no native meaning and are skipped (counted as
 * ignored). The result is then checked against the native wire schema like any batch.
 */

/** Track event names that are native event types; any other name is a custom event. */
const NATIVE_TRACK_TYPES: readonly string[] = [...LEAD_TYPES, 'web_vital'];
/** Properties that have a place of their own on a native event. */
const LIFTED = ['value', 'currency', 'attribution', 'consent'];
const PAGE_FIELDS = ['url', 'path', 'title', 'referrer'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export type Mapped = { ok: true; event: WireEvent } | { ok: false; reason: string } | { ok: false; ignored: true };

function page(m: SegmentMessage, ctx: Obj): PageInfo {
  const fromContext = isObj(ctx.page) ? ctx.page : {};
  const fromProps = m.type === 'page' && isObj(m.properties) ? m.properties : {};
  const field = (k: (typeof PAGE_FIELDS)[number]) => text(fromProps[k]) ?? text(fromContext[k]) ?? '';
  let path = field('path');
  if (!path && field('url')) path = URL.canParse(field('url')) ? new URL(field('url')).pathname : '';
  return { url: field('url'), path, title: field('title'), referrer: field('referrer') };
}

/** leadbeacon's own attribution when the sender put it in properties; else a touch from context.campaign; else Direct. */
function attribution(props: Obj, ctx: Obj, p: PageInfo, ts: string): WireEvent['attribution'] {
  const own = props.attribution;
  if (isObj(own) && isObj(own.first) && isObj(own.last)) return own as WireEvent['attribution'];
  const c = isObj(ctx.campaign) ? ctx.campaign : {};
  const source = text(c.source);
  const touch: Touch = source
    ? { source, medium: text(c.medium) ?? '(not set)', channel: '', landingPage: p.url, ts }
    : { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: p.url, ts };
  for (const [k, from] of [
    ['campaign', 'name'],
    ['term', 'term'],
    ['content', 'content'],
  ] as const) {
    const v = text(c[from]);
    if (v) touch[k] = v;
  }
  if (source) touch.channel = classifyChannel({ source: touch.source, medium: touch.medium, campaign: touch.campaign });
  return { first: touch, last: touch };
}

function typeOf(m: SegmentMessage): { type: EventType; name: string } | undefined {
  if (m.type === 'page') return { type: 'page_view', name: 'page_view' };
  if (m.type === 'identify') return { type: 'identify', name: 'identify' };
  if (m.type !== 'track') return undefined;
  const event = String(m.event);
  return NATIVE_TRACK_TYPES.includes(event) ? { type: event as EventType, name: event } : { type: 'custom', name: event };
}

/** One Segment message as a native event, given the batch's context and sentAt. */
export function toNative(m: SegmentMessage, batch: Pick<SegmentBatch, 'context' | 'sentAt'>, receivedAt: Date): Mapped {
  const kind = typeOf(m);
  if (!kind) return { ok: false, ignored: true };
  if (!m.messageId) return { ok: false, reason: 'needs a messageId: leadbeacon stores each event once by it' };
  const ctx: Obj = { ...batch.context, ...m.context };
  const ts = m.timestamp ?? m.originalTimestamp ?? m.sentAt ?? batch.sentAt ?? receivedAt.toISOString();
  const anonymousId = m.anonymousId ?? m.userId!;
  const props: Obj = isObj(m.properties) ? { ...m.properties } : {};
  const p = page(m, ctx);
  const event: WireEvent = {
    id: m.messageId,
    ...kind,
    ts,
    anonymousId,
    // RudderStack's SDKs send context.sessionId; other senders have none: one session per visitor and day.
    sessionId: text(ctx.sessionId) ?? `day:${ts.slice(0, 10)}:${anonymousId}`.slice(0, 64),
    page: p,
    attribution: attribution(props, ctx, p, ts),
    props: {},
  };
  if (m.userId) event.userId = m.userId;
  if (kind.type === 'identify') {
    event.props = { traits: isObj(m.traits) ? m.traits : {} };
    return { ok: true, event };
  }
  placeProperties(event, props, m);
  return { ok: true, event };
}

/**
 * A track or page message's properties on its event: consent, value and currency have places of
 * their own, a page's url, path, title and referrer are its page; the rest stay props. Only a
 * consent in the wire format's shape (`ads` one of CONSENT_STATES) becomes the event's: another
 * sender's `consent` property stays a prop rather than making its message invalid.
 */
function placeProperties(event: WireEvent, props: Obj, m: SegmentMessage): void {
  // A web vital's value is the metric's, in its props; elsewhere value is the conversion value.
  const vital = event.type === 'web_vital';
  const consent = props.consent;
  if (isObj(consent) && (CONSENT_STATES as readonly unknown[]).includes(consent.ads)) event.consent = consent as WireEvent['consent'];
  if (!vital) {
    if (typeof props.value === 'number') event.value = props.value;
    if (typeof props.currency === 'string') event.currency = props.currency.toUpperCase();
  }
  for (const k of Object.keys(props)) {
    const lifted = k === 'consent' ? !!event.consent : LIFTED.includes(k) && !(k === 'value' && vital);
    if (!lifted && !(m.type === 'page' && (PAGE_FIELDS as readonly string[]).includes(k))) event.props[k] = props[k];
  }
}
