import type { EventStore, OutboxItem } from '../store/types';
import { retryDelay } from './retry';
import type { DeliveryHooks } from './isolate';
import type { Sink, SinkAnswer } from './sink';

/** What the forwarder has seen since this collector started: /health and the dashboard show it. */
export interface ForwardStatus {
  /** Events the sink took. */
  delivered: number;
  /** The last failure: the sink's status and the start of its answer, or the network error. */
  lastError?: string;
  lastErrorAt?: string;
  /** Set while the sink refuses us altogether (401, 403): its answer. Events wait; nothing is parked. */
  paused?: string;
}

/** What delivery changes: the outbox, the forwarder's status, the log. */
export interface OutboxContext {
  store: EventStore;
  sink: Sink;
  status: ForwardStatus;
  log: (line: string) => void;
  /** Aborted when the collector closes. */
  stop: AbortSignal;
  retry: { min: number; max: number };
}

/** A Retry-After longer than this is read as this: a wrong header must not stop forwarding for days. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** How long to wait after `answer` stopped delivery of `items`: a pause waits the longest backoff. */
export function waitAfter(answer: SinkAnswer, items: readonly OutboxItem[], retry: { min: number; max: number }): number {
  if (answer.kind === 'unauthorized') return retry.max;
  const backoff = retryDelay(Math.max(0, ...items.map((i) => i.attempts)), retry.min, retry.max);
  return Math.max(backoff, Math.min(answer.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** The outbox side of delivery: what the sink took leaves it, what it refuses is parked; the status counts. */
export function outboxHooks(ctx: OutboxContext): DeliveryHooks {
  const { store, sink, status, log } = ctx;
  return {
    async send(items) {
      const answer = await sink.send(items, ctx.stop);
      if (answer.kind !== 'delivered') Object.assign(status, { lastError: answer.error, lastErrorAt: new Date().toISOString() });
      return answer;
    },
    async delivered(items) {
      await store.ackOutbox(items.map((i) => i.item.seq));
      status.delivered += items.length;
      if (status.paused) log(`forward ${sink.url}: the sink takes our requests again, forwarding resumed`);
      delete status.paused;
    },
    async parked(p) {
      await store.parkOutbox([p]);
      log(`forward ${sink.url}: event ${p.eventId} parked (${p.reason}); see GET /api/forward/parked`);
    },
  };
}

/**
 * Puts back what delivery could not send after `answer` stopped it, and resolves with how long
 * to wait: the backoff (at least Retry-After) for an answer that may pass later; for 401 or 403
 * the pause, said once in the log and kept in the status until a request passes.
 */
export async function putBack(ctx: OutboxContext, answer: SinkAnswer, unsent: readonly OutboxItem[]): Promise<number> {
  const delay = waitAfter(answer, unsent, ctx.retry);
  await ctx.store.retryOutbox(
    unsent.map((i) => i.seq),
    delay,
    answer.error,
  );
  const where = `forward ${ctx.sink.url}`;
  if (answer.kind !== 'unauthorized') {
    ctx.log(`${where}: ${unsent.length} event(s) not delivered (${answer.error}); retry in ${Math.round(delay / 1000)} s`);
  } else if (!ctx.status.paused) {
    ctx.log(
      `${where}: paused, the sink refuses our requests (${answer.error}): check --forward-write-key; events wait in the outbox, tried again every ${Math.round(delay / 1000)} s`,
    );
  }
  if (answer.kind === 'unauthorized') ctx.status.paused = answer.error;
  return delay;
}
