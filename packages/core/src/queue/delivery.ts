import type { Runtime } from '../runtime';
import type { Store } from '../storage';
import type { Logger, WireEvent } from '../types';
import { iso } from '../util';
import { withStorageLease } from './lock';
import { createQueue, QUEUE_PREFIX, type Batch, type Queue } from './queue';
import { retryDelay } from './retry';
import { createTabs, type Tabs } from './tabs';
import { beacon, post } from '../transport/send';

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
  /**
   * Sends within `ms` (an earlier pending send stands), not before a backoff is over; the first
   * call sends at once when queues of earlier pages or closed tabs are waiting.
   */
  schedule(ms: number): void;
  /** Sends everything now, even during a backoff; resolves when this attempt is over. */
  flush(): Promise<void>;
  /** The page is being hidden or left: hand this tab's queue to the browser synchronously. */
  unload(): void;
  /** The browser is back online: retry at once. */
  online(): void;
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

const delivered = (status: number) => status > 199 && status < 300;

export function createDelivery(o: DeliveryOptions): Delivery {
  const { rt, store, tabId, endpoint, headers, canSend, prepare } = o;
  const queueAt = (key: string) => createQueue(store, key, rt.now, o);
  const own = queueAt(QUEUE_PREFIX + tabId);
  let timer: unknown;
  let timerAt = Infinity;
  /** Consecutive failed attempts; 0 means the collector was last seen healthy. */
  let failures = 0;
  /** No scheduled send before this time (backoff); 0 when not backing off. */
  let blockedUntil = 0;
  /**
   * Under the 64 KB that `sendBeacon` and `fetch(keepalive)` accept in flight per page,
   * with room for the envelope; halved when the collector answers 413.
   */
  let maxBytes = 60_000;
  /** Attempts run one after another (the keepalive quota is per page). */
  let chain = Promise.resolve();
  let destroyed = false;
  // Ids this tab has handed to fetch and not yet heard back about.
  const inFlight = new Set<string>();
  const others = () => store.keys(QUEUE_PREFIX).filter((k) => k !== own.key);
  // Leadership can pass to this tab at any time (the leader closed): send what it left at once.
  // The locks are requested with the first send, not in the script's start-up task.
  let tabs: Tabs | undefined;
  const tabsNow = () => tabs || (tabs = createTabs(rt, tabId, () => others().length && schedule(0)));

  const body = ({ events, dropped }: Batch): string =>
    JSON.stringify({
      v: 1,
      sentAt: iso(rt.now()),
      sdk: { name: 'leadbeacon', version: __VERSION__ },
      events: prepare ? events.map(prepare) : events,
      dropped: dropped || undefined,
    });

  /** POSTs a batch; its events count as in flight until the answer. */
  async function send(batch: Batch) {
    const { ids } = batch;
    for (const id of ids) inFlight.add(id);
    const res = await post(rt, endpoint, body(batch), headers);
    for (const id of ids) inFlight.delete(id);
    return res;
  }

  let first = true;
  function schedule(ms: number) {
    // Events an earlier page left queued (closed tab, offline, collector down) go out at once.
    if (first && others().length) ms = 0;
    first = false;
    const at = Math.max(rt.now() + ms, blockedUntil);
    if (destroyed || timerAt <= at) return;
    tabsNow();
    rt.clearTimeout(timer);
    timerAt = at;
    timer = rt.setTimeout(() => {
      timerAt = Infinity;
      void run();
    }, at - rt.now());
  }

  /** Sends `q` empty; false when a failure stopped it (a retry is scheduled). */
  async function drain(q: Queue): Promise<boolean> {
    for (let batch; !destroyed && (batch = q.take(maxBytes, inFlight)); ) {
      const { status, retryAfter } = await send(batch);
      if (status === 413 && batch.ids.length > 1) {
        // The collector's limit is below ours: halve the batches and go again.
        maxBytes = batch.bytes / 2;
      } else if (!status || status === 408 || status === 429 || status > 499) {
        // Worth trying again later: network failure, 408, 429, 5xx.
        const delay = retryDelay(++failures, rt.random, retryAfter);
        blockedUntil = rt.now() + delay;
        if (__DEBUG__) o.log.debug(`send failed (HTTP ${status || 'network'}), retry in ${Math.round(delay)} ms`);
        schedule(delay);
        return false;
      } else {
        // 400, or 413 for a single event: the collector will never take these; keeping them would block the queue.
        if (delivered(status)) failures = blockedUntil = 0;
        else o.log.warn(`collector refused ${batch.ids.length} event(s) with HTTP ${status}; dropped them`);
        q.ack(batch);
      }
    }
    return !destroyed;
  }

  /** Queues of tabs that are gone (closed, crashed, an earlier visit): the leader (any tab without Web Locks) sends them. */
  async function adopt(): Promise<void> {
    const t = tabsNow();
    if (t && !t.leader()) return;
    const alive = t && (await t.alive());
    for (const q of others().map(queueAt)) {
      const age = rt.now() - q.touched();
      if (alive ? alive(q.key.slice(QUEUE_PREFIX.length)) : age <= ABANDONED_MS) continue;
      if (age <= ADOPT_GRACE_MS) schedule(ADOPT_GRACE_MS - age + 1);
      else if (!(await drain(q))) return;
    }
  }

  async function attempt(): Promise<void> {
    try {
      if (destroyed || !canSend() || !(await drain(own))) return;
      // Without Web Locks there is no leader: a storage lease keeps two tabs from adopting at once.
      if (rt.locks) await adopt();
      else if (others().length && !(await withStorageLease(rt, store, tabId, adopt))) schedule(ABANDONED_MS);
    } catch (e) {
      o.log.warn('send failed', e);
      schedule(5000);
    }
  }

  const run = () => (chain = chain.then(attempt));

  return {
    queue: own,
    schedule,
    flush: run,
    online() {
      blockedUntil = 0;
      void run();
    },
    clear() {
      for (const k of store.keys(QUEUE_PREFIX)) store.remove(k);
    },
    unload() {
      if (destroyed || !canSend()) return;
      // While the collector is failing or the browser is offline, a beacon's acceptance proves
      // nothing: then the events also stay queued, for this page later or the next visit.
      const trusted = !failures && rt.window.navigator.onLine !== false;
      // A keepalive fetch in flight outlives the page like a beacon does: the same rule applies.
      if (trusted && inFlight.size) own.ack({ ids: [...inFlight], dropped: 0 });
      const handed = new Set(inFlight);
      for (;;) {
        const batch = own.take(maxBytes, handed);
        if (!batch) return;
        for (const id of batch.ids) handed.add(id);
        if (headers || !beacon(rt, endpoint, body(batch))) {
          // Beacon refused (over quota) or unusable (custom headers): keepalive fetch, and the
          // events stay queued until a 2xx is seen, here or on the next visit.
          void send(batch).then((res) => delivered(res.status) && own.ack(batch));
          return;
        }
        if (trusted) own.ack(batch);
      }
    },
    destroy() {
      destroyed = true;
      if (tabs) tabs.destroy();
      rt.clearTimeout(timer);
    },
  };
}
