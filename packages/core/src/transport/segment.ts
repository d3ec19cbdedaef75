/**
 * The Segment HTTP API's batch (`POST <endpoint>/v1/batch`), which RudderStack, Jitsu and
 * Segment itself accept: the content of the lazy file leadbeacon-segment.min.js (with
 * `format: "segment"`). Events are queued in leadbeacon's own format and turned into Segment
 * messages as they leave, so a queue survives a change of format.
 */
import type { Touch, WireEvent } from '@leadbeacon/wire';
import type { Acked } from '../queue/queue';
import { toJson } from '../util';

/** Segment's `context.campaign`: the touch's UTM fields under Segment's names. */
function campaignOf(t: Touch) {
  if (t.channel === 'Direct') return undefined;
  return { name: t.campaign, source: t.source, medium: t.medium, term: t.term, content: t.content };
}

/** One Segment message per event: `page` for page views, `identify`, `track` for everything else. */
export function segmentMessage(e: WireEvent, sentAt: string, library: { name: string; version: string }) {
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
      leadbeacon: { type: e.type, sessionId: e.sessionId, consent: e.consent },
    },
  };
  if (e.type === 'identify') return { ...common, type: 'identify', traits: props.traits || {} };
  const properties = { ...props, value: e.value, currency: e.currency, score: e.score, attribution: e.attribution };
  if (e.type === 'page_view')
    return { ...common, type: 'page', name: page.title || undefined, properties: { ...common.context.page, ...properties } };
  return { ...common, type: 'track', event: e.name, properties };
}

/** The request body: Segment's batch envelope around the events (each given a last look), the write key in the body. */
export function segmentBatch(
  batch: Acked & { events: WireEvent[] },
  sentAt: string,
  writeKey: string | undefined,
  version: string,
): string {
  const library = { name: 'leadbeacon', version };
  return toJson({
    batch: batch.events.map((e) => segmentMessage(e, sentAt, library)),
    sentAt,
    writeKey,
    context: { library, leadbeacon: batch.dropped ? { dropped: batch.dropped } : undefined },
  });
}
