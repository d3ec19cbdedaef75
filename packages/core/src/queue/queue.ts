import type { Store } from '../storage';
import type { WireEvent } from '../types';
import { byteLength } from '../util';

/** A queued event, its size, and who is sending it: [tab id, lease end (ms)]. */
interface Entry {
  e: WireEvent;
  b: number;
  c?: [string, number];
}

interface Stored {
  q: Entry[];
  /** Events dropped by the bounds and not yet reported to the collector. */
  d: number;
}

export const QUEUE_KEY = 'lb_q';
/** How long a claim holds before another tab (or the next visit) may send the event again. */
export const LEASE_MS = 30_000;

export interface Claimed {
  events: WireEvent[];
  bytes: number;
  dropped: number;
}

/**
 * The persisted, bounded queue. Every operation is one synchronous read-modify-write of the
 * store, so the state other tabs see is always whole. Events are claimed (leased) by a tab
 * before it sends them and leave the queue only through `ack`.
 */
export interface Queue {
  /** Returns how many old events had to be dropped to make room. */
  push(event: WireEvent): number;
  /**
   * Claims events, oldest first, up to `maxBytes` and `maxEvents`, skipping those leased to
   * another tab and those in `skip` (already in flight from this tab). Null when none.
   */
  claim(maxBytes: number, maxEvents: number, skip: Set<string>): Claimed | null;
  /** The events were delivered (or are undeliverable): remove them, and the reported drop count. */
  ack(ids: string[], dropped: number): void;
  /** Sending failed: make the events available again. */
  release(ids: string[]): void;
  size(): number;
  clear(): void;
}

export function createQueue(opts: {
  store: Store;
  tabId: string;
  now: () => number;
  maxEvents: number;
  maxBytes: number;
}): Queue {
  const { store, tabId, now } = opts;
  const load = (): Stored => {
    const s = store.get<Stored>(QUEUE_KEY);
    return s && Array.isArray(s.q) ? { q: s.q.filter((x) => x && x.e && x.e.id), d: +s.d || 0 } : { q: [], d: 0 };
  };
  const save = (s: Stored) => store.set(QUEUE_KEY, s);
  const update = <T>(fn: (s: Stored) => T): T => {
    const s = load();
    const out = fn(s);
    save(s);
    return out;
  };
  const idSet = (ids: string[]) => new Set(ids);

  return {
    push(event) {
      return update((s) => {
        s.q.push({ e: event, b: byteLength(JSON.stringify(event)) });
        let bytes = s.q.reduce((n, x) => n + x.b, 0);
        let dropped = 0;
        while (s.q.length > 1 && (s.q.length > opts.maxEvents || bytes > opts.maxBytes)) {
          bytes -= s.q.shift()!.b;
          dropped++;
        }
        s.d += dropped;
        return dropped;
      });
    },
    claim(maxBytes, maxEvents, skip) {
      const t = now();
      return update((s) => {
        const events: WireEvent[] = [];
        let bytes = 0;
        for (const x of s.q) {
          if (skip.has(x.e.id) || (x.c && x.c[0] !== tabId && x.c[1] > t)) continue;
          // One oversized event still goes alone rather than blocking the queue for ever.
          if (events.length && (bytes + x.b > maxBytes || events.length >= maxEvents)) break;
          x.c = [tabId, t + LEASE_MS];
          events.push(x.e);
          bytes += x.b + 1;
        }
        return events.length ? { events, bytes, dropped: s.d } : null;
      });
    },
    ack(ids, dropped) {
      const gone = idSet(ids);
      update((s) => {
        s.q = s.q.filter((x) => !gone.has(x.e.id));
        s.d = Math.max(0, s.d - dropped);
      });
    },
    release(ids) {
      const back = idSet(ids);
      update((s) => {
        for (const x of s.q) if (back.has(x.e.id) && x.c && x.c[0] === tabId) delete x.c;
      });
    },
    size: () => load().q.length,
    clear: () => store.remove(QUEUE_KEY),
  };
}
