import type { Runtime } from '../runtime';
import type { Store } from '../storage';
import type { Batch as WireBatch, Logger, WireEvent } from '../types';
import { iso } from '../util';
import { withStorageLease } from './lock';
import { createQueue, QUEUE_PREFIX, type Queue } from './queue';
import { retryDelay } from './retry';
import { createTabs, type Tabs } from './tabs';
import { beacon, post } from '../transport/send';

/**
 * Under the 64 KB that `sendBeacon` and `fetch(keepalive)` accept in flight per page,
 * with room for the envelope.
 */
export const MAX_BATCH_BYTES = 60_000;
/** The collector's schema accepts at most 500 events per batch. */
export const MAX_BATCH_EVENTS = 500;
/**
 * Without Web Locks a tab cannot tell whether another is alive: a queue nobody wrote for
 * longer than the longest backoff (5 min) plus a margin is taken as abandoned.
 */
export const ABANDONED_MS = 6 * 60_000;
/**
 * A queue written this recently is never adopted: a tab that has just started may not show
 * in the lock list yet (its lock request and its first storage write reach other tabs by
 * different paths, in no fixed order).
 */
export const ADOPT_GRACE_MS = 5000;

export interface Delivery {
  /** This tab's queue. */
  queue: Queue;
  /** Sends within `ms` (an earlier pending send stands). */
  schedule(ms: number): void;
  /** Sends everything now, even during a backoff; resolves when this attempt is over. */
  flush(): Promise<void>;
  /** The page is being hidden or left: hand this tab's queue to the browser synchronously. */
  unload(): void;
  /** The browser is back online: retry at once. */
  online(): void;
  /** True when queues of earlier pages or closed tabs are waiting. */
  leftovers(): boolean;
  /** Drops every queued event of every tab (consent denied). */
  clear(): void;
  destroy(): void;
}

export interface DeliveryOptions {
  rt: Runtime;
  store: Store;
  tabId: string;
  endpoint: string;
  headers: Record<string, string> | undefined;
  maxEvents: number;
  maxBytes: number;
  log: Logger;
  /** False while consent does not allow sending: nothing goes out, whoever asks. */
  canSend: () => boolean;
  /** Last look at each event as it leaves (consent may have changed since it was queued). */
  prepare?: (e: WireEvent) => WireEvent;
}

export function createDelivery(o: DeliveryOptions): Delivery {
  const { rt, store, log } = o;
  const queueAt = (key: string) => createQueue({ store, key, now: rt.now, maxEvents: o.maxEvents, maxBytes: o.maxBytes });
  const own = queueAt(QUEUE_PREFIX + o.tabId);
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
  const others = () => store.keys(QUEUE_PREFIX).filter((k) => k !== own.key);
  // Leadership can pass to this tab at any time (the leader closed): send what it left at once.
  // The locks are requested with the first send, not in the script's start-up task.
  let tabs: Tabs | undefined;
  const tabsNow = () => tabs || (tabs = createTabs(rt, o.tabId, () => others().length && schedule(0)));

  const body = (events: WireEvent[], dropped: number): string => {
    const batch: WireBatch = { v: 1, sentAt: iso(rt.now()), sdk: { name: 'leadbeacon', version: __VERSION__ }, events: o.prepare ? events.map(o.prepare) : events };
    if (dropped) batch.dropped = dropped;
    return JSON.stringify(batch);
  };

  function schedule(ms: number) {
    if (destroyed) return;
    tabsNow();
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

  /** Sends `q` empty; false when a failure stopped it (a retry is scheduled). */
  async function drain(q: Queue): Promise<boolean> {
    while (!destroyed) {
      const batch = q.take(maxBytes, MAX_BATCH_EVENTS, inFlight);
      if (!batch) return true;
      const ids = batch.events.map((e) => e.id);
      for (const id of ids) inFlight.add(id);
      const res = await post(rt, o.endpoint, body(batch.events, batch.dropped), o.headers);
      for (const id of ids) inFlight.delete(id);
      if (res.ok) {
        q.ack(ids, batch.dropped);
        failures = 0;
        blockedUntil = 0;
      } else if (res.status === 413 && ids.length > 1) {
        // The collector's limit is below ours: halve the batches and go again.
        maxBytes = Math.max(1000, Math.floor(batch.bytes / 2));
      } else if (!res.retry) {
        // 400, or 413 for a single event: the collector will never take these; keeping them would block the queue.
        log.warn(`collector refused ${ids.length} event(s) with HTTP ${res.status}; dropped them`);
        q.ack(ids, batch.dropped);
      } else {
        failures++;
        const delay = retryDelay(failures, rt.random, res.retryAfter);
        blockedUntil = rt.now() + delay;
        if (__DEBUG__) log.debug(`send failed (HTTP ${res.status || 'network'}), retry in ${Math.round(delay)} ms`);
        schedule(delay);
        return false;
      }
    }
    return false;
  }

  /** Queues of tabs that are gone (closed, crashed, an earlier visit): the leader sends them. */
  async function adopt(): Promise<void> {
    const t = tabsNow();
    if (!t.leader()) return;
    const alive = await t.alive();
    const now = rt.now();
    let wait = Infinity;
    for (const q of others().map(queueAt)) {
      const age = now - q.touched();
      if (alive ? alive.has(q.key.slice(QUEUE_PREFIX.length)) : age <= ABANDONED_MS) continue;
      if (age <= ADOPT_GRACE_MS) wait = Math.min(wait, ADOPT_GRACE_MS - age + 1);
      else if (!(await drain(q))) return;
    }
    if (wait < Infinity) schedule(wait);
  }

  async function attempt(force: boolean): Promise<void> {
    if (destroyed || !o.canSend()) return;
    const wait = blockedUntil - rt.now();
    if (!force && wait > 0) return schedule(wait);
    try {
      if (!(await drain(own))) return;
      // Without Web Locks there is no leader: a storage lease keeps two tabs from adopting at once.
      if (rt.locks) await adopt();
      else if (others().length && !(await withStorageLease(rt, store, o.tabId, adopt))) schedule(ABANDONED_MS);
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
    queue: own,
    schedule,
    flush: () => run(true),
    online() {
      blockedUntil = 0;
      void run(false);
    },
    leftovers: () => others().length > 0,
    clear() {
      for (const k of store.keys(QUEUE_PREFIX)) store.remove(k);
    },
    unload() {
      if (destroyed || !o.canSend()) return;
      // While the collector is failing or the browser is offline, a beacon's acceptance proves
      // nothing: then the events also stay queued, for this page later or the next visit.
      const trusted = !failures && rt.window.navigator.onLine !== false;
      // A keepalive fetch in flight outlives the page like a beacon does: the same rule applies.
      if (trusted && inFlight.size) own.ack([...inFlight], 0);
      const handed = new Set(inFlight);
      const canBeacon = !o.headers && !!rt.sendBeacon;
      for (let batch; (batch = own.take(maxBytes, MAX_BATCH_EVENTS, handed)); ) {
        const ids = batch.events.map((e) => e.id);
        const dropped = batch.dropped;
        const payload = body(batch.events, dropped);
        for (const id of ids) handed.add(id);
        if (canBeacon && beacon(rt, o.endpoint, payload)) {
          if (trusted) own.ack(ids, dropped);
          continue;
        }
        // Beacon refused (over quota) or unusable (custom headers): keepalive fetch, and the
        // events stay queued until a 2xx is seen, here or on the next visit.
        for (const id of ids) inFlight.add(id);
        void post(rt, o.endpoint, payload, o.headers).then((res) => {
          for (const id of ids) inFlight.delete(id);
          if (res.ok) own.ack(ids, dropped);
        });
        return;
      }
    },
    destroy() {
      destroyed = true;
      if (tabs) tabs.destroy();
      if (timer !== undefined) rt.clearTimeout(timer);
      timer = undefined;
    },
  };
}
