import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SegmentBatch } from '@leadbeacon/wire';
import { validateBatch } from '../schema';
import { validateSegmentBatch } from '../segment/validate';
import { toNative } from '../segment/to-native';
import type { WireEvent } from '../types';
import { storeBatch, tooManyEvents, type CollectOptions } from './collect';
import { receive, refuse } from './intake';

/**
 * POST /v1/batch: a Segment HTTP Tracking API batch (a tracker in Segment format, or any Segment
 * source), checked against segmentBatchSchema, mapped to native events, checked against the
 * native schema too, and stored as native events: the same intake, limits and answer-after-commit
 * as POST /collect. Answers `{ success: true, accepted, duplicates, ignored }` as Segment answers
 * `{ success: true }`.
 */
export function segmentHandler(o: CollectOptions) {
  return async function segment(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const received = await receive(req, res, o);
    if (!received) return;
    const raw = (received.body as { batch?: unknown })?.batch;
    const many = Array.isArray(raw) ? tooManyEvents(raw.length, o) : undefined;
    if (many) return refuse(req, res, o.log, { status: 413, error: many });
    const checked = validateSegmentBatch(received.body);
    if (!checked.ok) return refuse(req, res, o.log, { status: 400, error: 'malformed Segment batch', reasons: checked.errors });
    const { batch } = checked;
    const mapped = mapMessages(batch, received.receivedAt);
    const { events, ignored } = mapped;
    if (!events.length && !mapped.reasons.length) {
      o.log(`POST /v1/batch 200 nothing to store (${ignored} screen/group/alias ignored)`);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return void res.end(JSON.stringify({ success: true, accepted: 0, duplicates: 0, ignored }));
    }
    const reasons = mapped.reasons.length ? mapped.reasons : nativeFaults(mapped, batch.sentAt ?? received.receivedAt.toISOString());
    if (reasons.length) return refuse(req, res, o.log, { status: 400, error: 'malformed Segment batch', reasons: reasons.slice(0, 20) });
    await storeBatch(req, res, o, {
      received,
      events,
      sentAt: batch.sentAt ?? batch.batch.find((m) => m.sentAt)?.sentAt ?? received.receivedAt.toISOString(),
      from: sender(batch),
      answer: (r) => ({ success: true, accepted: r.inserted, duplicates: r.duplicates, ignored }),
    });
  };
}

interface MappedMessages {
  events: WireEvent[];
  /** The message index of each event, to point a native schema fault at its message. */
  at: number[];
  /** Why messages could not be mapped, by their path in the batch. */
  reasons: string[];
  /** screen, group and alias messages: no native meaning. */
  ignored: number;
}

function mapMessages(batch: SegmentBatch, receivedAt: Date): MappedMessages {
  const mapped: MappedMessages = { events: [], at: [], reasons: [], ignored: 0 };
  batch.batch.forEach((m, i) => {
    const one = toNative(m, batch, receivedAt);
    if (one.ok) {
      mapped.events.push(one.event);
      mapped.at.push(i);
    } else if ('ignored' in one) mapped.ignored++;
    else mapped.reasons.push(`/batch/${i} ${one.reason}`);
  });
  return mapped;
}

/** The mapped events must be valid native events too (a form_submit needs formId, fieldNames, via): the faults, by message. */
function nativeFaults({ events, at }: MappedMessages, sentAt: string): string[] {
  const native = validateBatch({ v: 1, sentAt, sdk: { name: 'segment', version: '' }, events });
  if (native.ok) return [];
  return native.errors.map((r) => r.replace(/^\/events\/(\d+)/, (_, n: string) => `/batch/${at[Number(n)]} as a leadbeacon event:`));
}

/** The sending library named by the first message, for the log line. */
function sender(batch: SegmentBatch): string {
  const library = batch.batch[0]?.context?.library as { name?: string; version?: string } | undefined;
  return `segment ${library?.name ?? 'client'}/${library?.version ?? '?'}`;
}
