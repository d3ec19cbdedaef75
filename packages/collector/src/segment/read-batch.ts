import {
  SEGMENT_MAX_BATCH_MESSAGES,
  SEGMENT_MAX_MESSAGE_BYTES,
  SEGMENT_MAX_MESSAGE_ID_LENGTH,
  segmentTimeToRfc3339,
  type SegmentBatch,
  type SegmentMessage,
} from '@leadbeacon/wire';
import { reasonOf, rejectionId, type Rejection } from '../ingest/rejections';
import type { WireEvent } from '../types';
import { generatedMessageId } from './message-id';
import { toNative } from './to-native';
import { checkSegmentEnvelope, segmentEventFaults, segmentMessageFaults } from './validate';

/**
 * A Segment batch read message by message, as Segment's API takes it: a malformed envelope
 * refuses the batch; each message is then taken or rejected on its own (over 32 KB, beyond 2,500
 * messages, against Segment's spec, a messageId of 100 characters or more, not a valid leadbeacon
 * event once mapped). A message without a messageId gets one derived from its content, so that a
 * resend is stored once. screen, group and alias are counted as ignored.
 */
export type ReadBatch =
  { ok: false; errors: string[] } | { ok: true; events: WireEvent[]; rejected: Rejection[]; ignored: number; sentAt: string; from: string };

type MessageOutcome = { event: WireEvent } | { fault: string } | { ignored: true };

const bytesOf = (m: unknown) => Buffer.byteLength(JSON.stringify(m) ?? '', 'utf8');

/** What becomes of the message at `index`. */
function readMessage(m: unknown, index: number, batch: SegmentBatch, receivedAt: Date): MessageOutcome {
  if (index >= SEGMENT_MAX_BATCH_MESSAGES) return { fault: `beyond Segment's ${SEGMENT_MAX_BATCH_MESSAGES} messages per batch` };
  const size = bytesOf(m);
  if (size > SEGMENT_MAX_MESSAGE_BYTES)
    return { fault: `message of ${size} bytes: Segment takes at most ${SEGMENT_MAX_MESSAGE_BYTES} per message` };
  const faults = segmentMessageFaults(m);
  if (faults.length) return { fault: reasonOf(faults) };
  const message = m as SegmentMessage;
  if (message.messageId && message.messageId.length > SEGMENT_MAX_MESSAGE_ID_LENGTH) {
    return { fault: `messageId of ${message.messageId.length} characters: Segment takes fewer than 100` };
  }
  const withId = message.messageId ? message : { ...message, messageId: generatedMessageId(message) };
  const mapped = toNative(withId, batch, receivedAt);
  if (!mapped.ok) return 'ignored' in mapped ? { ignored: true } : { fault: mapped.reason };
  const eventFaults = segmentEventFaults(mapped.event);
  return eventFaults.length ? { fault: `as a leadbeacon event: ${reasonOf(eventFaults)}` } : { event: mapped.event };
}

/** The sender's clock when it sent the batch: the batch's sentAt, else a message's, else our arrival. */
function sentAtOf(batch: SegmentBatch, receivedAt: Date): string {
  const given = [batch.sentAt, ...batch.batch.map((m) => (m as Partial<SegmentMessage> | null)?.sentAt)];
  for (const t of given) {
    const rfc3339 = typeof t === 'string' ? segmentTimeToRfc3339(t) : undefined;
    if (rfc3339) return rfc3339;
  }
  return receivedAt.toISOString();
}

/** The sending library named by the first message, for the log line. */
function senderOf(batch: SegmentBatch): string {
  const first = batch.batch[0] as Partial<SegmentMessage> | null | undefined;
  const library = first?.context?.library as { name?: string; version?: string } | undefined;
  return `segment ${library?.name ?? 'client'}/${library?.version ?? '?'}`;
}

/** A parsed /v1/batch body: its envelope's faults, or its events to store, the messages rejected with why, and how many were ignored. */
export function readSegmentBatch(body: unknown, receivedAt: Date): ReadBatch {
  const envelope = checkSegmentEnvelope(body);
  if (!envelope.ok) return envelope;
  const { batch } = envelope;
  const read: Extract<ReadBatch, { ok: true }> = { ok: true, events: [], rejected: [], ignored: 0, sentAt: '', from: senderOf(batch) };
  batch.batch.forEach((m, i) => {
    const outcome = readMessage(m, i, batch, receivedAt);
    if ('event' in outcome) read.events.push(outcome.event);
    else if ('ignored' in outcome) read.ignored++;
    else {
      const id = rejectionId((m as Partial<SegmentMessage> | null)?.messageId, `batch/${i}`, SEGMENT_MAX_MESSAGE_ID_LENGTH);
      read.rejected.push({ id, reason: outcome.fault });
    }
  });
  read.sentAt = sentAtOf(batch, receivedAt);
  return read;
}
