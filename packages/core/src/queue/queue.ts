import type { Store } from '../storage';
import type { WireEvent } from '../types';
import { byteLength } from '../util';

/** A queued event and its size in bytes. */
interface Entry {
  e: WireEvent;
  b: number;
}

interface Stored {
  q: Entry[];
  /** Events dropped by the bounds and not yet reported to the collector. */
  d: number;
  /** Last write (ms): where Web Locks are missing, how other tabs tell this queue was abandoned. */
  t: number;
}

/** Every tab keeps its own queue under `lb_q:<tab id>`: one writer per key, so no write is ever lost to another tab's. */
export const QUEUE_PREFIX = 'lb_q:';

export interface Batch {
  events: WireEvent[];
  bytes: number;
  dropped: number;
}

/**
 * A persisted, bounded queue under one storage key, written by one tab only (its owner, or
 * after the owner is gone, the tab that adopted it). Events leave it only through `ack`.
 */
export interface Queue {
  readonly key: string;
  /** Returns how many old events had to be dropped to make room. */
  push(event: WireEvent): number;
  /** The oldest events up to `maxBytes` and `maxEvents`, leaving out those in `skip` (in flight). Null when none. */
  take(maxBytes: number, maxEvents: number, skip: Set<string>): Batch | null;
  /** The events were delivered (or are undeliverable): remove them, and the reported drop count. */
  ack(ids: string[], dropped: number): void;
  /** Last write time, 0 when empty. */
  touched(): number;
  clear(): void;
}

export function createQueue(opts: { store: Store; key: string; now: () => number; maxEvents: number; maxBytes: number }): Queue {
  const { store, key, now } = opts;
  const load = (): Stored => {
    const s = store.get<Stored>(key);
    return s && Array.isArray(s.q) ? { q: s.q.filter((x) => x && x.e && x.e.id), d: +s.d || 0, t: +s.t || 0 } : { q: [], d: 0, t: 0 };
  };
  const save = (s: Stored) => {
    if (!s.q.length && !s.d) return store.remove(key);
    s.t = now();
    store.set(key, s);
  };

  return {
    key,
    push(event) {
      const s = load();
      s.q.push({ e: event, b: byteLength(JSON.stringify(event)) });
      let bytes = s.q.reduce((n, x) => n + x.b, 0);
      let dropped = 0;
      while (s.q.length > 1 && (s.q.length > opts.maxEvents || bytes > opts.maxBytes)) {
        bytes -= s.q.shift()!.b;
        dropped++;
      }
      s.d += dropped;
      save(s);
      return dropped;
    },
    take(maxBytes, maxEvents, skip) {
      const s = load();
      const events: WireEvent[] = [];
      let bytes = 0;
      for (const x of s.q) {
        if (skip.has(x.e.id)) continue;
        // One oversized event still goes alone rather than blocking the queue for ever.
        if (events.length && (bytes + x.b > maxBytes || events.length >= maxEvents)) break;
        events.push(x.e);
        bytes += x.b + 1;
      }
      return events.length ? { events, bytes, dropped: s.d } : null;
    },
    ack(ids, dropped) {
      const gone = new Set(ids);
      const s = load();
      s.q = s.q.filter((x) => !gone.has(x.e.id));
      s.d = Math.max(0, s.d - dropped);
      save(s);
    },
    touched: () => load().t,
    clear: () => store.remove(key),
  };
}
