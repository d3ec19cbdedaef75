import type { Runtime } from '../runtime';
import type { Store } from '../storage';
import type { Batch, Logger, WireEvent } from '../types';
import { iso } from '../util';
import { withSendLock } from './lock';
import type { Claimed, Queue } from './queue';
import { retryDelay } from './retry';
import { beacon, post } from '../transport/send';

/**
 * Under the 64 KB that `sendBeacon` and `fetch(keepalive)` accept in flight per page,
 * with room for the envelope.
 */
export const MAX_BATCH_BYTES = 60_000;
/** The collector's schema accepts at most 500 events per batch. */
export const MAX_BATCH_EVENTS = 500;

export interface Delivery {
  /** Sends within `ms` (an earlier pending send stands). */
  schedule(ms: number): void;
  /** Sends everything now, even during a backoff; resolves when this attempt is over. */
  flush(): Promise<void>;
  /** The page is being hidden or left: hand what is queued to the browser synchronously. */
  unload(): void;
  /** The browser is back online: retry at once. */
  online(): void;
  destroy(): void;
}

export interface DeliveryOptions {
  rt: Runtime;
  store: Store;
  queue: Queue;
  tabId: string;
  endpoint: string;
  headers: Record<string, string> | undefined;
  log: Logger;
}

export function createDelivery(o: DeliveryOptions): Delivery {
  const { rt, queue, log } = o;
  let timer: unknown;
  let timerAt = Infinity;
  /** Consecutive failed attempts; 0 means the collector was last seen healthy. */
  let failures = 0;
  let blockedUntil = 0;
  let maxBytes = MAX_BATCH_BYTES;
  let current: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  let destroyed = false;
  // Ids this tab has handed to fetch and not yet heard back about.
  const inFlight = new Set<string>();

  const body = (events: WireEvent[], dropped: number): string => {
    const batch: Batch = { v: 1, sentAt: iso(rt.now()), sdk: { name: 'leadbeacon', version: __VERSION__ }, events };
    if (dropped) batch.dropped = dropped;
    return JSON.stringify(batch);
  };

  function schedule(ms: number) {
    if (destroyed) return;
    const at = rt.now() + ms;
    if (timer !== undefined) {
      if (timerAt <= at) return;
      rt.clearTimeout(timer);
    }
    timerAt = at;
    timer = rt.setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      void run(false);
    }, ms);
  }

  async function sendAll(): Promise<void> {
    while (!destroyed) {
      const batch = queue.claim(maxBytes, MAX_BATCH_EVENTS, inFlight);
      if (!batch) return;
      const ids = batch.events.map((e) => e.id);
      for (const id of ids) inFlight.add(id);
      const res = await post(rt, o.endpoint, body(batch.events, batch.dropped), o.headers);
      for (const id of ids) inFlight.delete(id);
      if (res.ok) {
        queue.ack(ids, batch.dropped);
        failures = 0;
        blockedUntil = 0;
      } else if (res.status === 413 && ids.length > 1) {
        // The collector's limit is below ours: halve the batches and go again.
        maxBytes = Math.max(1000, Math.floor(batch.bytes / 2));
        queue.release(ids);
      } else if (!res.retry) {
        // 400 or 413 for a single event: the collector will never take these; keeping them would block the queue.
        log.warn(`collector refused ${ids.length} event(s) with HTTP ${res.status}; dropped them`);
        queue.ack(ids, batch.dropped);
      } else {
        queue.release(ids);
        failures++;
        const delay = retryDelay(failures, rt.random, res.retryAfter);
        blockedUntil = rt.now() + delay;
        log.debug(`send failed (HTTP ${res.status || 'network'}), retry in ${Math.round(delay)} ms`);
        schedule(delay);
        return;
      }
    }
  }

  async function attempt(force: boolean): Promise<void> {
    if (destroyed) return;
    const wait = blockedUntil - rt.now();
    if (!force && wait > 0) return schedule(wait);
    try {
      // Another tab holds the storage lease: it is sending; look again shortly.
      if (!(await withSendLock(rt, o.store, o.tabId, sendAll))) schedule(1000);
    } catch (e) {
      log.warn('send failed', e);
      schedule(5000);
    }
  }

  /** One attempt at a time per tab (the keepalive quota is per page); a request made meanwhile queues one more. */
  function run(force: boolean): Promise<void> {
    if (!current) {
      current = attempt(force).finally(() => (current = null));
      return current;
    }
    if (!next) next = current.then(() => ((next = null), run(force)));
    return next;
  }

  return {
    schedule,
    flush: () => run(true),
    online() {
      blockedUntil = 0;
      void run(false);
    },
    unload() {
      if (destroyed) return;
      const handed = new Set(inFlight);
      const canBeacon = !o.headers && !!rt.sendBeacon;
      for (let batch: Claimed | null; (batch = queue.claim(maxBytes, MAX_BATCH_EVENTS, handed)); ) {
        const dropped = batch.dropped;
        const ids = batch.events.map((e) => e.id);
        const payload = body(batch.events, batch.dropped);
        for (const id of ids) handed.add(id);
        if (canBeacon && beacon(rt, o.endpoint, payload)) {
          // Accepted: the browser delivers it after we are gone. While the collector is failing,
          // acceptance proves nothing, so the events stay queued for the next visit as well.
          if (failures) queue.release(ids);
          else queue.ack(ids, batch.dropped);
          continue;
        }
        // Beacon refused (over quota) or unusable (custom headers): keepalive fetch, and the
        // events stay queued until a 2xx is seen, here or on the next visit.
        for (const id of ids) inFlight.add(id);
        void post(rt, o.endpoint, payload, o.headers).then((res) => {
          for (const id of ids) inFlight.delete(id);
          if (res.ok) queue.ack(ids, dropped);
          else queue.release(ids);
        });
        return;
      }
    },
    destroy() {
      destroyed = true;
      if (timer !== undefined) rt.clearTimeout(timer);
      timer = undefined;
    },
  };
}
