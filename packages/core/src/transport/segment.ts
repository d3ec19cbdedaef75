/**
 * The Segment HTTP API's batch (`POST <endpoint>/v1/batch`), which RudderStack, Jitsu and
 * Segment itself accept: the content of the lazy file leadbeacon-segment.min.js (with
 * `format: "segment"`). Events are queued in leadbeacon's own format and turned into Segment
 * messages as they leave, so a queue survives a change of format.
 */
import { segmentMessage } from '@leadbeacon/wire/segment';
import type { WireEvent } from '../types';
import { toJson } from '../util';

// The mapping of one event is @leadbeacon/wire's, shared with the collector (which reads it back).
export { segmentMessage };

/** The request body: Segment's batch envelope around the events (each given a last look), the write key in the body. */
export function segmentBatch(
  batch: { events: WireEvent[]; dropped: number },
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
