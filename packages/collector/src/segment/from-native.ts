import type { SegmentBatch, SegmentMessage } from '@leadbeacon/wire';
import { segmentMessage } from '@leadbeacon/wire/segment';
import type { StoredEvent, WireEvent } from '../types';

/**
 * Native events as Segment messages, for forwarding (`--forward-format segment`): the mapping
 * the tracker's Segment format sends (@leadbeacon/wire's `segmentMessage`), which toNative()
 * reads back to the same events (README "Segment format").
 */
export function fromNative(
  e: WireEvent | StoredEvent,
  library: { name: string; version: string },
  sentAt = new Date().toISOString(),
): SegmentMessage {
  return segmentMessage(e, sentAt, library);
}

/** A Segment batch of `events`, stamped now. */
export function segmentBatch(
  events: readonly (WireEvent | StoredEvent)[],
  library: { name: string; version: string },
  writeKey?: string,
): SegmentBatch {
  const sentAt = new Date().toISOString();
  return { batch: events.map((e) => fromNative(e, library, sentAt)), sentAt, ...(writeKey ? { writeKey } : {}) };
}
