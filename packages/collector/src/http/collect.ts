import type { IncomingMessage, ServerResponse } from 'node:http';
import { correctClock } from '../ingest/clock';
import { validateBatch } from '../schema';
import type { EventStore, InsertResult } from '../store/types';
import type { StoredEvent, WireEvent } from '../types';
import { receive, refuse, type IntakeOptions, type Received } from './intake';
import { errorMessage, sendJson } from './util';

export interface CollectOptions extends IntakeOptions {
  store: EventStore;
  /** Most events one request may carry; more get 413 (the tracker then halves its batches). */
  maxEvents: number;
  /** Whether stored events also go to the outbox (forwarding is on). */
  forward: boolean;
  /** Hands newly stored events to the live stream and wakes the forwarder. */
  publish: (events: StoredEvent[]) => void;
}

/** Longest User-Agent kept with a lead: real ones are a few hundred characters. */
const MAX_USER_AGENT = 512;

/** 413 when a batch holds more events than allowed; checked before the schema, which costs per event. */
export function tooManyEvents(count: number, o: CollectOptions): string | undefined {
  return count > o.maxEvents ? `${count} events in one request: at most ${o.maxEvents}` : undefined;
}

/** A checked batch, ready to store. */
export interface CheckedBatch {
  received: Received;
  events: readonly WireEvent[];
  /** The sender's clock when it sent the batch: the clock check compares it with `received.receivedAt`. */
  sentAt: string;
  /** Who sent it, for the log line. */
  from: string;
  /** The body of the 200 answer; default `{ accepted, duplicates }`. */
  answer?: (r: InsertResult) => Record<string, unknown>;
}

const defaultAnswer = (r: InsertResult) => ({ accepted: r.inserted, duplicates: r.duplicates });

/**
 * Stores valid events from a received batch (clock corrected) and answers 200 after the commit,
 * 503 when storage fails (the tracker keeps the batch and retries). Returns the result, or
 * undefined when it answered with an error.
 */
export async function storeBatch(
  req: IncomingMessage,
  res: ServerResponse,
  o: CollectOptions,
  batch: CheckedBatch,
): Promise<InsertResult | undefined> {
  const { received, answer = defaultAnswer } = batch;
  o.rateLimiter.charge(received.client, batch.events.length);
  const events = correctClock(batch.events, batch.sentAt, received.receivedAt);
  const userAgent = req.headers['user-agent']?.slice(0, MAX_USER_AGENT);
  const path = (req.url ?? '/').split('?')[0];
  let inserted: InsertResult;
  try {
    inserted = await o.store.insert(events, {
      receivedAt: received.receivedAt,
      ...(userAgent ? { userAgent } : {}),
      ...(o.forward ? { forward: true } : {}),
    });
  } catch (err) {
    o.log(`POST ${path} 503 storage failed: ${errorMessage(err)}`);
    sendJson(res, 503, { error: 'storage unavailable' });
    return undefined;
  }
  const skew = events[0]?.clockCorrection
    ? ` clock corrected by ${Math.round((events[0].clockCorrection as { offsetMs: number }).offsetMs / 1000)} s`
    : '';
  o.log(`POST ${path} 200 stored ${inserted.inserted}, duplicates ${inserted.duplicates} (${batch.from})${skew}`);
  sendJson(res, 200, answer(inserted));
  o.publish(inserted.stored);
  return inserted;
}

/** POST /collect: wire-format batches, the tracker's own write. Answered only after commit. */
export function collectHandler(o: CollectOptions) {
  return async function collect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const received = await receive(req, res, o);
    if (!received) return;
    const body = received.body as { events?: unknown; dropped?: unknown };
    const many = Array.isArray(body?.events) ? tooManyEvents(body.events.length, o) : undefined;
    if (many) return refuse(req, res, o.log, { status: 413, error: many });
    const result = validateBatch(received.body);
    if (!result.ok) return refuse(req, res, o.log, { status: 400, error: 'malformed batch', reasons: result.errors });
    const { batch } = result;
    const dropped = batch.dropped ? `, client dropped ${batch.dropped}` : '';
    await storeBatch(req, res, o, {
      received,
      events: batch.events,
      sentAt: batch.sentAt,
      from: `${batch.sdk.name}/${batch.sdk.version}${dropped}`,
    });
  };
}
