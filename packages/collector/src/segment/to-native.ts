import { nativeEvent, type SegmentBatch, type SegmentMessage } from '@leadbeacon/wire';
import { classifyChannel } from '../leads/channels';
import type { WireEvent } from '../types';

/**
 * Segment messages as native events (README "Segment format" has the table): @leadbeacon/wire's
 * `nativeEvent`, the one reading of the Segment format, with this collector's full GA4 channel
 * classification for a touch read from `context.campaign`.
 */

export type Mapped = { ok: true; event: WireEvent } | { ok: false; reason: string } | { ok: false; ignored: true };

/** One Segment message as a native event, given the batch's context and sentAt; screen, group and alias are `ignored`. */
export function toNative(m: SegmentMessage, batch: Pick<SegmentBatch, 'context' | 'sentAt'>, receivedAt: Date): Mapped {
  const event = nativeEvent(m, batch, { receivedAt, channelOf: classifyChannel });
  if (event === undefined) return { ok: false, ignored: true };
  return typeof event === 'string' ? { ok: false, reason: event } : { ok: true, event: event as WireEvent };
}
