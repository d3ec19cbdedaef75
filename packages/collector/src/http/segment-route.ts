import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateBatch } from '../schema';
import { validateSegmentBatch } from '../segment/schema';
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
    if (many) return refuse(req, res, o.log, 413, many);
    const checked = validateSegmentBatch(received.body);
    if (!checked.ok) return refuse(req, res, o.log, 400, 'malformed Segment batch', { reasons: checked.errors });
    const { batch } = checked;

    const events: WireEvent[] = [];
    const at: number[] = [];
    const reasons: string[] = [];
    let ignored = 0;
    batch.batch.forEach((m, i) => {
      const mapped = toNative(m, batch, received.receivedAt);
      if (mapped.ok) (events.push(mapped.event), at.push(i));
      else if ('ignored' in mapped) ignored++;
      else reasons.push(`/batch/${i} ${mapped.reason}`);
    });
    if (!events.length && !reasons.length) {
      o.log(`POST /v1/batch 200 nothing to store (${ignored} screen/group/alias ignored)`);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return void res.end(JSON.stringify({ success: true, accepted: 0, duplicates: 0, ignored }));
    }
    // The events must be valid native events too (a form_submit needs formId, fieldNames, via).
    const native = reasons.length
      ? undefined
      : validateBatch({ v: 1, sentAt: batch.sentAt ?? received.receivedAt.toISOString(), sdk: { name: 'segment', version: '' }, events });
    if (native && !native.ok)
      reasons.push(
        ...native.errors.map((r) => r.replace(/^\/events\/(\d+)/, (_, n: string) => `/batch/${at[Number(n)]} as a leadbeacon event:`)),
      );
    if (reasons.length) return refuse(req, res, o.log, 400, 'malformed Segment batch', { reasons: reasons.slice(0, 20) });

    const library = batch.batch[0]?.context?.library as { name?: string; version?: string } | undefined;
    const sentAt = batch.sentAt ?? batch.batch.find((m) => m.sentAt)?.sentAt ?? received.receivedAt.toISOString();
    await storeBatch(
      req,
      res,
      o,
      received,
      { events, sentAt, from: `segment ${library?.name ?? 'client'}/${library?.version ?? '?'}` },
      (r) => ({
        success: true,
        accepted: r.inserted,
        duplicates: r.duplicates,
        ignored,
      }),
    );
  };
}
