import type { SegmentBatch, SegmentMessage } from '@leadbeacon/wire';
import type { StoredEvent, Touch, WireEvent } from '../types';

/** The last touch as Segment's context.campaign; none for a direct visit (medium '(none)'). */
function campaignOf(last: Touch | undefined): Record<string, string> | undefined {
  if (!last || last.medium === '(none)') return undefined;
  const campaign: Record<string, string> = { source: last.source, medium: last.medium };
  if (last.campaign) campaign.name = last.campaign;
  if (last.term) campaign.term = last.term;
  if (last.content) campaign.content = last.content;
  return campaign;
}

/**
 * Native events as Segment messages: the mapping that forwarding (`--forward-format segment`)
 * uses, and the one a tracker speaking Segment follows. toNative() reads these messages back to
 * the same events (README "Segment format").
 */
export function fromNative(e: WireEvent | StoredEvent, library: { name: string; version: string }): SegmentMessage {
  const campaign = campaignOf(e.attribution?.last);
  const context: Record<string, unknown> = {
    library,
    page: { url: e.page.url, path: e.page.path, title: e.page.title, referrer: e.page.referrer },
    sessionId: e.sessionId,
    ...(campaign ? { campaign } : {}),
  };
  const base: SegmentMessage = {
    type: 'track',
    messageId: e.id,
    anonymousId: e.anonymousId,
    ...(e.userId ? { userId: e.userId } : {}),
    timestamp: e.ts,
    context,
  };
  if (e.type === 'identify') {
    const traits = (e.props as { traits?: Record<string, unknown> }).traits ?? {};
    return { ...base, type: 'identify', traits };
  }
  const properties: Record<string, unknown> = { ...e.props, attribution: { first: e.attribution.first, last: e.attribution.last } };
  if (e.value !== undefined) properties.value = e.value;
  if (e.currency !== undefined) properties.currency = e.currency;
  if (e.consent) properties.consent = e.consent;
  if (e.type === 'page_view')
    return { ...base, type: 'page', name: e.page.title, properties: { ...properties, ...(context.page as object) } };
  return { ...base, type: 'track', event: e.type === 'custom' ? e.name : e.type, properties };
}

/** A Segment batch of `events`, stamped now. */
export function segmentBatch(
  events: readonly (WireEvent | StoredEvent)[],
  library: { name: string; version: string },
  writeKey?: string,
): SegmentBatch {
  return { batch: events.map((e) => fromNative(e, library)), sentAt: new Date().toISOString(), ...(writeKey ? { writeKey } : {}) };
}
