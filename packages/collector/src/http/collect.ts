import type { IncomingMessage, ServerResponse } from 'node:http';
import { correctClock } from '../ingest/clock';
import { interpretEvent } from '../ingest/facts';
import { rejectionSummary, type Rejection } from '../ingest/rejections';
import { checkEnvelope, sortEvents } from '../schema';
import { judgeBatch, type QualityJudge } from '../quality/judge';
import type { Judgement } from '../quality/rules';
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
  /** ISO country for a version-2 call's national number when its event names none (`--default-country`). */
  defaultCountry?: string | undefined;
  /** Gives each lead its quality verdict (quality/judge.ts). */
  judge: QualityJudge;
}

/** Longest User-Agent kept with a lead: real ones are a few hundred characters. */
const MAX_USER_AGENT = 512;

/** 413 when a batch holds more events than allowed; checked before the schema, which costs per event. */
export function tooManyEvents(count: number, o: CollectOptions): string | undefined {
  return count > o.maxEvents ? `${count} events in one request: at most ${o.maxEvents}` : undefined;
}

/** A checked batch, ready to store: its valid events, and the refused ones named with why. */
export interface CheckedBatch {
  received: Received;
  events: readonly WireEvent[];
  rejected: readonly Rejection[];
  /** The sender's clock when it sent the batch: the clock check compares it with `received.receivedAt`. */
  sentAt: string;
  /** Who sent it, for the log line. */
  from: string;
  /** Fields the 200 answer carries besides `accepted`, `duplicates` and `rejected` (Segment's `success`). */
  answerFields?: Record<string, unknown>;
  /** `sdk.name` of a native batch (the quality rule `no_tracker`); absent on other routes. */
  sdk?: string;
}

/** The batch's leads judged (quality/judge.ts) while their version-2 `quality` is there; undefined when the store failed. */
async function judgeOrFail(req: IncomingMessage, o: CollectOptions, batch: CheckedBatch): Promise<Map<string, Judgement> | undefined> {
  const userAgent = req.headers['user-agent']?.slice(0, MAX_USER_AGENT);
  try {
    return await judgeBatch(o.judge, o.store, batch.events, { client: batch.received.client, userAgent, sdk: batch.sdk });
  } catch (err) {
    o.log(`POST ${(req.url ?? '/').split('?')[0]} 503 storage failed: ${errorMessage(err)}`);
    return undefined;
  }
}

const NOTHING_STORED: InsertResult = { inserted: 0, duplicates: 0, stored: [] };

/** Stores the events (none: nothing to do), or undefined when storage failed. */
async function insertEvents(
  req: IncomingMessage,
  o: CollectOptions,
  events: WireEvent[],
  { receivedAt, verdicts }: { receivedAt: Date; verdicts: ReadonlyMap<string, Judgement> },
): Promise<InsertResult | undefined> {
  if (!events.length) return NOTHING_STORED;
  const userAgent = req.headers['user-agent']?.slice(0, MAX_USER_AGENT);
  try {
    return await o.store.insert(events, {
      receivedAt,
      verdicts,
      ...(userAgent ? { userAgent } : {}),
      ...(o.forward ? { forward: true } : {}),
    });
  } catch (err) {
    o.log(`POST ${(req.url ?? '/').split('?')[0]} 503 storage failed: ${errorMessage(err)}`);
    return undefined;
  }
}

const NOT_FROM_SENDERS = 'a call lead is made by the collector from the telephony provider, never taken from a sender';

/** A `call` lead comes from the provider's webhook (numbers/calls.ts): one in a batch is refused. */
function withoutCalls(batch: CheckedBatch): { kept: readonly WireEvent[]; rejected: readonly Rejection[] } {
  if (!batch.events.some((e) => e.type === 'call')) return { kept: batch.events, rejected: batch.rejected };
  const calls = batch.events.filter((e) => e.type === 'call').map((e) => ({ id: e.id, reason: NOT_FROM_SENDERS }));
  return { kept: batch.events.filter((e) => e.type !== 'call'), rejected: [...batch.rejected, ...calls] };
}

/**
 * Stores the valid events of a received batch (version 2's facts interpreted, clock corrected) and answers 200 after the commit,
 * `{ accepted, duplicates }` and `rejected: [{ id, reason }]` when some events were refused (also
 * when all were: the sender must not resend them); 503 when storage fails (the tracker keeps the
 * batch and retries). Returns the result, or undefined when it answered with an error.
 */
export async function storeBatch(
  req: IncomingMessage,
  res: ServerResponse,
  o: CollectOptions,
  batch: CheckedBatch,
): Promise<InsertResult | undefined> {
  const { received } = batch;
  o.rateLimiter.charge(received.client, batch.events.length + batch.rejected.length);
  const { kept, rejected } = withoutCalls(batch);
  const verdicts = await judgeOrFail(req, o, { ...batch, events: kept });
  if (!verdicts) return void sendJson(res, 503, { error: 'storage unavailable' });
  const interpreted = kept.map((e) => interpretEvent(e, o.defaultCountry));
  const events = correctClock(interpreted, batch.sentAt, received.receivedAt);
  const inserted = await insertEvents(req, o, events, { receivedAt: received.receivedAt, verdicts });
  if (!inserted) return void sendJson(res, 503, { error: 'storage unavailable' });
  const skew = events[0]?.clockCorrection
    ? ` clock corrected by ${Math.round((events[0].clockCorrection as { offsetMs: number }).offsetMs / 1000)} s`
    : '';
  const counts = `stored ${inserted.inserted}, duplicates ${inserted.duplicates}${rejectionSummary(rejected)}`;
  o.log(`POST ${(req.url ?? '/').split('?')[0]} 200 ${counts} (${batch.from})${skew}`);
  sendJson(res, 200, {
    ...batch.answerFields,
    accepted: inserted.inserted,
    duplicates: inserted.duplicates,
    ...(rejected.length ? { rejected } : {}),
  });
  o.publish(inserted.stored);
  return inserted;
}

/**
 * POST /collect: wire-format batches, the tracker's own write. A malformed envelope refuses the
 * request (400); each event is then checked on its own, so that one bad event never costs the
 * good ones: the valid ones are stored, the others listed in the answer. Answered only after commit.
 */
export function collectHandler(o: CollectOptions) {
  return async function collect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const received = await receive(req, res, o);
    if (!received) return;
    const body = received.body as { events?: unknown; dropped?: unknown };
    const many = Array.isArray(body?.events) ? tooManyEvents(body.events.length, o) : undefined;
    if (many) return refuse(req, res, o.log, { status: 413, error: many });
    const envelope = checkEnvelope(received.body);
    if (!envelope.ok) return refuse(req, res, o.log, { status: 400, error: 'malformed batch', reasons: envelope.errors });
    const { batch } = envelope;
    const { valid, rejected } = sortEvents(batch.events);
    const dropped = batch.dropped ? `, client dropped ${batch.dropped}` : '';
    await storeBatch(req, res, o, {
      received,
      events: valid,
      rejected,
      sentAt: batch.sentAt,
      sdk: String(batch.sdk.name),
      from: `${batch.sdk.name}/${batch.sdk.version}${dropped}`,
    });
  };
}
