import type { EventStore } from '../store/types';
import { packRequests } from './batching';
import { deliverIsolating } from './isolate';
import { outboxHooks, putBack, type ForwardStatus, type OutboxContext } from './outbox-delivery';
import { createSink, type ForwardFormat } from './sink';

export type { ForwardFormat } from './sink';
export type { ForwardStatus } from './outbox-delivery';
export { retryDelay } from './retry';

export interface ForwardOptions {
  /** Where stored events go: a leadbeacon collector's /collect, or a Segment-compatible /v1/batch (RudderStack, Jitsu…). */
  url: string;
  /** Default 'native'. */
  format?: ForwardFormat;
  /** Sent as HTTP Basic user name (how Segment-compatible APIs take a write key). */
  writeKey?: string;
  /** Events per request; default 100 (halved while the receiver answers 413). */
  batchSize?: number;
  /**
   * Bytes per request. Default: Segment's documented 500 KB for 'segment' (and 32 KB per
   * message), a leadbeacon collector's default body limit (128 KB) for 'native'.
   */
  maxRequestBytes?: number;
  /** First retry delay; doubles per failed attempt up to maxRetryMs. Default 1,000 ms. */
  minRetryMs?: number;
  /** Default 300,000 ms (5 min). Also how often a paused forwarder (401/403) tries again. */
  maxRetryMs?: number;
  /** A request that takes longer counts as failed. Default 10,000 ms. */
  timeoutMs?: number;
  /** How often the outbox is looked at when nothing wakes the forwarder; default 1,000 ms. */
  pollMs?: number;
}

export interface Forwarder {
  /** New events are in the outbox: send soon (unless backing off after a failure). */
  wake(): void;
  status(): ForwardStatus;
  /** Stops: a request in flight is aborted and its events are put back for the next start (or another collector). */
  close(): Promise<void>;
}

/**
 * Sends what the outbox holds to `url`, oldest first, in requests within the sink's limits, and
 * takes events out only on a 2xx. A message the sink refuses on its own (a 4xx other than 401,
 * 403, 408, 429), or one over the sink's limit, is parked: kept in the outbox with the reason,
 * never sent again until an admin requeues it; the messages around it are delivered. A network
 * error, timeout, 408, 429 or 5xx puts the batch back with exponential backoff (at least
 * Retry-After); a 401 or 403 pauses forwarding (retried every maxRetryMs) and /health says so.
 * Runs beside the HTTP server: the browser's 2xx never waits for it. Delivery is at least once:
 * a crash between the sink's 2xx and our delete sends those events again, with the same ids
 * (event id / messageId), which a leadbeacon collector or a Segment-compatible pipeline de-duplicates.
 */
export function startForwarder(store: EventStore, o: ForwardOptions, log: (line: string) => void, version: string): Forwarder {
  const min = o.minRetryMs ?? 1000;
  const max = o.maxRetryMs ?? 300_000;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const sink = createSink({ ...o, format: o.format ?? 'native', timeoutMs }, version);
  const leaseMs = timeoutMs * 3;
  const status: ForwardStatus = { delivered: 0 };
  let size = sink.limits.messages;
  let blockedUntil = 0;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Aborts the request in flight on close(): its events are put back at once for the next start.
  const stop = new AbortController();
  const outbox: OutboxContext = { store, sink, status, log, stop: stop.signal, retry: { min, max } };
  const hooks = outboxHooks(outbox);

  /** Sends batches until the outbox has nothing due or delivery stops. */
  async function pump(): Promise<void> {
    while (!closed) {
      const claimed = await store.claimOutbox(size, leaseMs);
      if (!claimed.length) return;
      const { requests, oversize } = packRequests(claimed.map(sink.encode), { ...sink.limits, messages: size }, sink.envelopeBytes);
      for (const p of oversize) await hooks.parked(p);
      const result = await deliverIsolating(requests, hooks);
      // The receiver takes smaller requests: fewer per request from now on.
      if (result.smallestTooLarge) size = Math.max(1, Math.min(size, Math.floor(result.smallestTooLarge / 2)));
      if (!result.stoppedBy) continue;
      const unsent = result.unsent.map((e) => e.item);
      if (closed)
        return store.retryOutbox(
          unsent.map((i) => i.seq),
          0,
          'collector closed while sending',
        );
      blockedUntil = Date.now() + (await putBack(outbox, result.stoppedBy, unsent));
      return;
    }
  }

  function schedule(ms: number): void {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(run, Math.max(ms, blockedUntil - Date.now(), 0));
    timer.unref();
  }

  function run(): void {
    if (running || closed) return;
    running = pump()
      .catch((err: unknown) => log(`forward: outbox unavailable: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = undefined;
        schedule(o.pollMs ?? 1000);
      });
  }

  schedule(0);
  return {
    wake: () => {
      if (!running && Date.now() >= blockedUntil) schedule(0);
    },
    status: () => ({ ...status }),
    async close() {
      closed = true;
      clearTimeout(timer);
      stop.abort();
      await running;
    },
  };
}
