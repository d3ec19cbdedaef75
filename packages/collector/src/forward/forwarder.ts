import { segmentBatch } from '../segment/from-native';
import type { EventStore, OutboxItem } from '../store/types';

export type ForwardFormat = 'native' | 'segment';

export interface ForwardOptions {
  /** Where stored events go: a leadbeacon collector's /collect, or a Segment-compatible /v1/batch (RudderStack, Jitsu…). */
  url: string;
  /** Default 'native'. */
  format?: ForwardFormat;
  /** Sent as HTTP Basic user name (how Segment-compatible APIs take a write key). */
  writeKey?: string;
  /** Events per request; default 100 (halved while the receiver answers 413). */
  batchSize?: number;
  /** First retry delay; doubles per failed attempt up to maxRetryMs. Default 1,000 ms. */
  minRetryMs?: number;
  /** Default 300,000 ms (5 min). */
  maxRetryMs?: number;
  /** A request that takes longer counts as failed. Default 10,000 ms. */
  timeoutMs?: number;
  /** How often the outbox is looked at when nothing wakes the forwarder; default 1,000 ms. */
  pollMs?: number;
}

export interface Forwarder {
  /** New events are in the outbox: send soon (unless backing off after a failure). */
  wake(): void;
  /** Stops: a request in flight is aborted and its events are put back for the next start (or another collector). */
  close(): Promise<void>;
}

/** The delay before attempt `attempts + 1`: exponential, capped, with ±20% jitter so collectors spread out. */
export function retryDelay(attempts: number, min: number, max: number, random = Math.random): number {
  const base = Math.min(max, min * 2 ** Math.min(attempts, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Where and how batches go: the URL, the headers, the request body for a batch, the time limit. */
interface Receiver {
  url: string;
  headers: Record<string, string>;
  body: (items: OutboxItem[]) => string;
  timeoutMs: number;
}

function receiver(o: ForwardOptions, version: string): Receiver {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.writeKey) headers.authorization = `Basic ${Buffer.from(`${o.writeKey}:`).toString('base64')}`;
  const library = { name: 'leadbeacon-collector', version };
  const body = (items: OutboxItem[]) => {
    // Events as they were received: the store's seq and receivedAt are this collector's own.
    const events = items.map(({ event: { seq: _seq, receivedAt: _at, ...e } }) => e);
    if (o.format === 'segment') return JSON.stringify(segmentBatch(events, library));
    return JSON.stringify({ v: 1, sentAt: new Date().toISOString(), sdk: library, events });
  };
  return { url: o.url, headers, body, timeoutMs: o.timeoutMs ?? 10_000 };
}

/** One POST of a batch; a network error or timeout comes back as a failed result, never thrown. */
async function send(to: Receiver, items: OutboxItem[], stop: AbortSignal): Promise<{ ok: boolean; status?: number; error: string }> {
  try {
    const res = await fetch(to.url, {
      method: 'POST',
      headers: to.headers,
      body: to.body(items),
      signal: AbortSignal.any([stop, AbortSignal.timeout(to.timeoutMs)]),
    });
    await res.arrayBuffer().catch(() => undefined);
    return { ok: res.ok, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) };
  }
}

/**
 * Sends what the outbox holds to `url`, oldest first, and takes events out only on a 2xx. A
 * failure (network, timeout, any other status) puts them back with exponential backoff; nothing
 * is dropped. Runs beside the HTTP server: the browser's 2xx never waits for it. Delivery is at
 * least once: a crash between the receiver's 2xx and our delete sends those events again, with
 * the same ids (event id / messageId), which a leadbeacon collector or a Segment-compatible
 * pipeline de-duplicates.
 */
export function startForwarder(store: EventStore, o: ForwardOptions, log: (line: string) => void, version: string): Forwarder {
  const min = o.minRetryMs ?? 1000;
  const max = o.maxRetryMs ?? 300_000;
  const to = receiver(o, version);
  const leaseMs = to.timeoutMs * 3;
  let size = o.batchSize ?? 100;
  let blockedUntil = 0;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Aborts the request in flight on close(): its events are put back at once for the next start.
  const stop = new AbortController();

  /** Sends batches until the outbox has nothing due or a send fails. */
  async function pump(): Promise<void> {
    while (!closed) {
      const items = await store.claimOutbox(size, leaseMs);
      if (!items.length) return;
      const seqs = items.map((i) => i.seq);
      const r = await send(to, items, stop.signal);
      if (r.ok) {
        await store.ackOutbox(seqs);
        continue;
      }
      if (closed) return store.retryOutbox(seqs, 0, 'collector closed while sending');
      if (r.status === 413 && items.length > 1) {
        // The receiver takes smaller requests: halve, and go again at once.
        size = Math.max(1, Math.floor(items.length / 2));
        await store.retryOutbox(seqs, 0, r.error);
        continue;
      }
      const delay = retryDelay(Math.max(...items.map((i) => i.attempts)), min, max);
      blockedUntil = Date.now() + delay;
      await store.retryOutbox(seqs, delay, r.error);
      log(`forward ${o.url}: ${items.length} event(s) not delivered (${r.error}); retry in ${Math.round(delay / 1000)} s`);
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
    async close() {
      closed = true;
      clearTimeout(timer);
      stop.abort();
      await running;
    },
  };
}
