import { WIRE_VERSION } from '@leadbeacon/wire';
import type { Runtime } from '../runtime';
import type { Store } from '../storage';
import { beacon, post } from '../transport/send';
import type { Logger, WireEvent } from '../types';
import { iso, toJson } from '../util';
import { adoptOthers } from './adopt';
import { delivered, sendQueue } from './attempt';
import { createQueue, QUEUE_PREFIX, type Batch, type Queue } from './queue';
import type { DeliveryState } from './state';
import { createTabs, type Tabs } from './tabs';
import { SEND_FAILED, warn } from '../warnings';

export { ABANDONED_MS, ADOPT_GRACE_MS } from './adopt';

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
  /** The site's public write key, sent in every batch. */
  writeKey?: string;
  headers: Record<string, string> | undefined;
  maxEvents: number;
  maxBytes: number;
  log: Logger;
  /** False while consent does not allow sending: nothing goes out, whoever asks. */
  canSend: () => boolean;
  /** Last look at each event as it leaves (consent may have changed since it was queued). */
  prepare?: (e: WireEvent) => WireEvent;
  /** Another body than the wire format's envelope (the Segment batch), from the events given their last look. */
  format?: (batch: Batch, sentAt: string) => string;
}

/** The batch's request body: the wire format's envelope (or `format`'s) around its events (given their last look by the queue). */
const envelope =
  ({ rt, writeKey, format }: DeliveryOptions) =>
  (batch: Batch): string => {
    const events = batch.events;
    const sentAt = iso(rt.now());
    if (format) return format({ ...batch, events }, sentAt);
    return toJson({
      v: WIRE_VERSION,
      sentAt,
      sdk: { name: 'leadbeacon', version: __VERSION__ },
      events,
      dropped: batch.dropped || undefined,
      writeKey,
    });
  };

export function createDelivery(o: DeliveryOptions): Delivery {
  const { rt, store, tabId, endpoint, headers, canSend } = o;
  const queueAt = (key: string) => createQueue(store, key, rt.now, o);
  const body = envelope(o);
  // Leadership can pass to this tab at any time (the leader closed): send what it left at once.
  // The locks are requested with the first send, not in the script's start-up task.
  let tabs: Tabs | undefined;
  const d: DeliveryState = {
    rt,
    store,
    log: o.log,
    own: queueAt(QUEUE_PREFIX + tabId),
    queueAt,
    others: () => store.keys(QUEUE_PREFIX).filter((k) => k !== d.own.key),
    schedule,
    async send(batch) {
      for (const id of batch.ids) d.inFlight.add(id);
      const res = await post(rt, endpoint, body(batch), headers);
      for (const id of batch.ids) d.inFlight.delete(id);
      return res;
    },
    tabs: () => tabs || (tabs = createTabs(rt, tabId, () => d.others().length && schedule(0))),
    destroyed: false,
    failures: 0,
    blockedUntil: 0,
    maxBytes: 60_000,
    inFlight: new Set(),
  };
  let timer: unknown;
  let timerAt = Infinity;
  let first = true;
  /** Attempts run one after another (the keepalive quota is per page). */
  let chain = Promise.resolve();

  function schedule(ms: number) {
    // Events an earlier page left queued (closed tab, offline, collector down) go out at once.
    if (first && d.others().length) ms = 0;
    first = false;
    const at = Math.max(rt.now() + ms, d.blockedUntil);
    if (d.destroyed || timerAt <= at) return;
    d.tabs();
    rt.clearTimeout(timer);
    timerAt = at;
    timer = rt.setTimeout(() => {
      timerAt = Infinity;
      void run();
    }, at - rt.now());
  }
  async function attempt(): Promise<void> {
    try {
      if (!d.destroyed && canSend() && (await sendQueue(d, d.own))) await adoptOthers(d, tabId);
    } catch (e) {
      warn(o.log, SEND_FAILED, e);
      schedule(5000);
    }
  }
  const run = () => (chain = chain.then(attempt));

  return {
    queue: d.own,
    schedule,
    flush: run,
    online() {
      d.blockedUntil = 0;
      void run();
    },
    clear() {
      for (const k of store.keys(QUEUE_PREFIX)) store.remove(k);
    },
    unload: () => unload(d, canSend, (batch) => !headers && beacon(rt, endpoint, body(batch))),
    destroy() {
      d.destroyed = true;
      if (tabs) tabs.destroy();
      rt.clearTimeout(timer);
    },
  };
}

/**
 * The page is hidden or leaving: this tab's queue is handed to the browser synchronously, by
 * beacon (`beaconed`), or where that is refused or unusable (custom headers), by keepalive fetch.
 * While the collector is failing or the browser is offline, a beacon's acceptance proves
 * nothing: then the events also stay queued, for this page later or the next visit.
 */
function unload(d: DeliveryState, canSend: () => boolean, beaconed: (batch: Batch) => boolean) {
  if (d.destroyed || !canSend()) return;
  const trusted = !d.failures && d.rt.window.navigator.onLine !== false;
  // A keepalive fetch in flight outlives the page like a beacon does: the same rule applies.
  if (trusted && d.inFlight.size) d.own.ack({ ids: [...d.inFlight], dropped: 0 });
  const handed = new Set(d.inFlight);
  for (;;) {
    const batch = d.own.take(d.maxBytes, handed);
    if (!batch) return;
    for (const id of batch.ids) handed.add(id);
    if (!beaconed(batch)) {
      // The events stay queued until a 2xx is seen, here or on the next visit.
      void d.send(batch).then((res) => delivered(res.status) && d.own.ack(batch));
      return;
    }
    if (trusted) d.own.ack(batch);
  }
}
