import type { Touch, TouchFacts, WireEvent, WireEventV2 } from './events';
import type { SegmentMessage } from './segment';

/**
 * A native event as a Segment message: the one mapping both ways of leadbeacon's Segment format
 * use (the tracker with `format: "segment"`, the collector's forwarder with `--forward-format
 * segment`); `nativeEvent` (segment-event.ts) reads it back to the same event. What Segment has no
 * field for travels in `context.leadbeacon` (type, sessionId, consent, the event's version) and `properties` (value,
 * currency, score, attribution). Kept small: it is the content of the tracker's lazy Segment file.
 */

/**
 * Segment's `context.campaign`: the touch's UTM fields under Segment's names; none for a direct
 * visit. A version-2 touch not interpreted in the browser gives its UTM tags, as Segment's own
 * library does.
 */
function campaignOf(t: Touch | TouchFacts) {
  const u = t.source && t.medium ? t : (t as TouchFacts).utm;
  if (!u || t.channel === 'Direct') return undefined;
  return { name: u.campaign, source: u.source, medium: u.medium, term: u.term, content: u.content };
}

/** One Segment message per event: `page` for page views, `identify`, `track` for everything else. */
export function segmentMessage(e: WireEvent | WireEventV2, sentAt: string, library: { name: string; version: string }): SegmentMessage {
  const { props, page } = e;
  const search = page.url.indexOf('?') < 0 ? '' : page.url.slice(page.url.indexOf('?')).split('#')[0];
  const common = {
    messageId: e.id,
    anonymousId: e.anonymousId,
    userId: e.userId,
    timestamp: e.ts,
    sentAt,
    context: {
      page: { path: page.path, referrer: page.referrer, search, title: page.title, url: page.url },
      campaign: campaignOf(e.attribution.last),
      library,
      // What Segment has no field for, so that a receiver can restore the event exactly.
      leadbeacon: { type: e.type, sessionId: e.sessionId, consent: e.consent, v: (e as WireEventV2).v },
    },
  };
  if (e.type === 'identify') return { ...common, type: 'identify', traits: (props.traits as Record<string, unknown>) || {} };
  // A web vital's `value` is its metric's (in props); any other event's is its conversion value.
  const value = e.type === 'web_vital' ? props.value : e.value;
  const properties = { ...props, value, currency: e.currency, score: e.score, attribution: e.attribution };
  if (e.type === 'page_view')
    return { ...common, type: 'page', name: page.title || undefined, properties: { ...common.context.page, ...properties } };
  return { ...common, type: 'track', event: e.name, properties };
}
