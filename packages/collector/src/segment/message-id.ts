import { createHash } from 'node:crypto';
import type { SegmentMessage } from '@leadbeacon/wire';

/**
 * A messageId for a Segment message sent without one (Segment's documented batch example has
 * none; Segment generates them). Derived from the message itself, so that the same message sent
 * again (a retry, a resend) gets the same id and is stored once: a SHA-256 of its canonical JSON
 * (keys sorted at every level), leaving out what a resend changes (`sentAt`, `receivedAt`).
 * "gen-" and 40 hex digits (160 bits): within the wire format's 64-character id.
 */
const RESEND_FIELDS = new Set(['sentAt', 'receivedAt', 'messageId']);

/** JSON with object keys sorted at every level: equal messages, however their keys were ordered, give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function generatedMessageId(m: SegmentMessage): string {
  const kept = Object.fromEntries(Object.entries(m).filter(([k]) => !RESEND_FIELDS.has(k)));
  return `gen-${createHash('sha256').update(canonicalJson(kept), 'utf8').digest('hex').slice(0, 40)}`;
}
