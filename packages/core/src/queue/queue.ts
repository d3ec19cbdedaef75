import { MAX_BATCH_EVENTS } from '@leadbeacon/wire';
import type { StoredQueue as Stored } from '../outside';
import type { Store } from '../storage';
import type { WireEvent } from '../types';
import { byteLength, toJson } from '../util';

/** Every tab keeps its own queue under `lb_q:<tab id>`: one writer per key, so no write is ever lost to another tab's. */
export const QUEUE_PREFIX = 'lb_q:';

/** Events to acknowledge (`ack`), and the drop count they report. */
export interface Acked {
  ids: string[];
  dropped: number;
}

export interface Batch extends Acked {
  events: WireEvent[];
  bytes: number;
}

/**
 * A persisted, bounded queue under one storage key, written by one tab only (its owner, or
 * after the owner is gone, the tab that adopted it). Events leave it only through `ack`.
 */
export interface Queue {
  readonly key: string;
  /** Returns how many old events had to be dropped to make room. */
  push(event: WireEvent): number;
  /** The oldest events up to `maxBytes` (and 500), leaving out those in `skip` (in flight). Undefined when none. */
  take(maxBytes: number, skip: Set<string>): Batch | undefined;
  /** The events were delivered (or are undeliverable): remove them, and the reported drop count. */
  ack(batch: Acked): void;
  /** Last write time, 0 when empty. */
  touched(): number;
}

export interface QueueOptions {
  maxEvents: number;
  maxBytes: number;
  /**
   * A last look at each event as it is taken to be sent (consent may have changed since it was
   * queued); what it changes is stored, so an event never goes out twice with two bodies.
   */
  prepare?: (e: WireEvent) => WireEvent;
}

/** Enough of an event to be sent: what the wire format requires of every event. */
const readable = (e: WireEvent | null | undefined): boolean =>
  !!e && typeof e.id === 'string' && typeof e.ts === 'string' && !!e.page && !!e.attribution && !!e.props && typeof e.type === 'string';

export function createQueue(store: Store, key: string, now: () => number, limits: QueueOptions): Queue {
  /** The stored queue; entries that are no event (written by something else, or cut short) are dropped and counted. */
  const load = (): Stored & { bad?: number } => {
    const s = store.get<Stored>(key) || ({} as Stored);
    const all = Array.isArray(s.q) ? s.q : [];
    const q = all.filter((x) => x && readable(x.e));
    return { q, d: (+s.d || 0) + all.length - q.length, t: +s.t || 0, bad: all.length - q.length };
  };
  const save = (s: Stored) => {
    if (!s.q.length && !s.d) return store.remove(key);
    store.set(key, { q: s.q, d: s.d, t: now() });
  };

  return {
    key,
    push(event) {
      const s = load();
      const q = s.q;
      q.push({ e: event, b: byteLength(toJson(event)) });
      // A loop, not reduce: Prototype.js 1.6.0 replaces Array#reduce with something else entirely.
      let bytes = 0;
      for (const x of q) bytes += x.b;
      let dropped = 0;
      for (; q.length > 1 && (q.length > limits.maxEvents || bytes > limits.maxBytes); dropped++) bytes -= q.shift()!.b;
      s.d += dropped;
      save(s);
      return dropped;
    },
    take(maxBytes, skip) {
      const s = load();
      const events: WireEvent[] = [];
      const ids: string[] = [];
      let bytes = 0;
      let changed: unknown = s.bad;
      for (const x of s.q) {
        if (skip.has(x.e.id)) continue;
        // One oversized event still goes alone rather than blocking the queue for ever.
        if (events.length && (bytes + x.b > maxBytes || events.length >= MAX_BATCH_EVENTS)) break;
        if (limits.prepare && !x.s) {
          x.e = limits.prepare(x.e);
          changed = x.s = 1;
        }
        events.push(x.e);
        ids.push(x.e.id);
        bytes += x.b + 1;
      }
      if (changed) save(s);
      return ids.length ? { ids, events, bytes, dropped: s.d } : undefined;
    },
    ack(batch) {
      const gone = new Set(batch.ids);
      const s = load();
      s.q = s.q.filter((x) => !gone.has(x.e.id));
      s.d = Math.max(0, s.d - batch.dropped);
      save(s);
    },
    touched: () => load().t,
  };
}
