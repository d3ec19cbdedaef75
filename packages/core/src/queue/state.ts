import type { Runtime } from '../runtime';
import type { Store } from '../storage';
import type { SendResult } from '../transport/send';
import type { Logger } from '../types';
import type { Batch, Queue } from './queue';
import type { Tabs } from './tabs';

/** What the parts of a tab's delivery share: its queues, its sender, and how the collector has been answering. */
export interface DeliveryState {
  rt: Runtime;
  store: Store;
  log: Logger;
  /** This tab's queue. */
  own: Queue;
  /** The queue under a storage key. */
  queueAt(key: string): Queue;
  /** Storage keys of the other queues: other tabs', open or gone. */
  others(): string[];
  /** Sends within `ms` (an earlier pending send stands), not before a backoff is over. */
  schedule(ms: number): void;
  /** POSTs a batch; its events count as in flight until the answer. */
  send(batch: Batch): Promise<SendResult>;
  /** The tabs' locks (undefined without Web Locks), requested on first use. */
  tabs(): Tabs | undefined;
  destroyed: boolean;
  /** Consecutive failed attempts; 0 means the collector was last seen healthy. */
  failures: number;
  /** No scheduled send before this time (backoff); 0 when not backing off. */
  blockedUntil: number;
  /**
   * Under the 64 KB that `sendBeacon` and `fetch(keepalive)` accept in flight per page, with room
   * for the envelope; halved when the collector answers 413.
   */
  maxBytes: number;
  /** Ids this tab has handed to fetch and not yet heard back about. */
  inFlight: Set<string>;
}
