import type { IncomingMessage, ServerResponse } from 'node:http';
import { SEGMENT_MAX_BATCH_BYTES } from '@leadbeacon/wire';
import { readSegmentBatch } from '../segment/read-batch';
import { storeBatch, type CollectOptions } from './collect';
import { receive, refuse, type IntakeRoute } from './intake';

/**
 * POST /v1/batch as Segment's clients expect it (Segment's HTTP Tracking API): up to 500 KB per
 * batch (its own limit, not `--body-limit`), gzip or deflate, a body over it answered 400 as
 * Segment does (its clients retry neither a 400 nor a 413), the write key in the body or as Basic
 * auth. Each message is taken or rejected on its own (segment/read-batch.ts) and stored as a
 * native event with the same idempotency and answer-after-commit as POST /collect. Answers
 * `{ success: true, accepted, duplicates, ignored, rejected? }`, as Segment answers `{ success: true }`.
 */
const SEGMENT_ROUTE: IntakeRoute = {
  bodyLimit: SEGMENT_MAX_BATCH_BYTES,
  tooLargeStatus: 400,
  // RudderStack's Node SDK labels its gzipped JSON so (axios's default for a buffer).
  moreContentTypes: ['application/x-www-form-urlencoded'],
  refusalFields: { success: false },
};

export function segmentHandler(o: CollectOptions) {
  return async function segment(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const received = await receive(req, res, o, SEGMENT_ROUTE);
    if (!received) return;
    const read = readSegmentBatch(received.body, received.receivedAt);
    if (!read.ok) {
      const refusal = { status: 400, error: 'malformed Segment batch', reasons: read.errors, fields: SEGMENT_ROUTE.refusalFields };
      return refuse(req, res, o.log, refusal);
    }
    await storeBatch(req, res, o, {
      received,
      events: read.events,
      rejected: read.rejected,
      sentAt: read.sentAt,
      from: `${read.from}${read.ignored ? `, ${read.ignored} screen/group/alias ignored` : ''}`,
      answerFields: { success: true, ignored: read.ignored },
    });
  };
}
