import { oversizeReason, type EncodedItem, type SinkLimits } from './sink';

/** An event that will not be sent, and why. */
export interface ParkedItem {
  seq: number;
  /** The event's id, for the log. */
  eventId: string;
  reason: string;
}

/** Claimed events cut into requests that fit the sink, and those too large to go at all. */
export interface Packed {
  requests: EncodedItem[][];
  oversize: ParkedItem[];
}

/**
 * Cuts `items` (oldest first) into consecutive requests of at most `limits.messages` messages
 * and `limits.requestBytes` bytes, the envelope (`envelopeBytes`) and the commas between
 * messages counted. A message over `limits.messageBytes` goes in no request: it is set aside with
 * its reason, and the messages around it still go.
 */
export function packRequests(items: readonly EncodedItem[], limits: SinkLimits, envelopeBytes: number): Packed {
  const packed: Packed = { requests: [], oversize: [] };
  let current: EncodedItem[] = [];
  let bytes = envelopeBytes;
  for (const encoded of items) {
    if (encoded.bytes > limits.messageBytes) {
      const { seq, event } = encoded.item;
      packed.oversize.push({ seq, eventId: event.id, reason: oversizeReason(encoded.bytes, limits.messageBytes) });
      continue;
    }
    const added = encoded.bytes + (current.length ? 1 : 0);
    if (current.length && (current.length >= limits.messages || bytes + added > limits.requestBytes)) {
      packed.requests.push(current);
      current = [];
      bytes = envelopeBytes;
    }
    bytes += encoded.bytes + (current.length ? 1 : 0);
    current.push(encoded);
  }
  if (current.length) packed.requests.push(current);
  return packed;
}
