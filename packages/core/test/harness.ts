/**
 * A real tracker on injected fakes: storage, fetch, sendBeacon and (through vitest's fake
 * timers) the clock. Tests assert on what would have been sent, and on what the collector
 * stores of it (`stored`: the same interpretation of wire format version 2 as the collector's).
 */
import { vi } from 'vitest';
import { interpretEvent, type WireEvent as StoredEvent } from '@leadbeacon/collector';
import { createTracker, type LeadbeaconConfig } from '../src/index';
import type { Runtime } from '../src/runtime';
import type { Batch, Tracker, WireEvent } from '../src/types';

export const ENDPOINT = 'https://collect.test/collect';

export interface Sent {
  via: 'fetch' | 'beacon';
  body: Batch;
  raw: string;
  contentType: string;
  keepalive?: boolean;
  status?: number;
}

/** A Storage on a Map, optionally refusing writes (full) or every call (blocked). */
export function memoryStorage(opts: { full?: boolean; blocked?: boolean } = {}): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  const check = (write: boolean) => {
    if (opts.blocked) throw new DOMException('blocked', 'SecurityError');
    if (write && opts.full) throw new DOMException('full', 'QuotaExceededError');
  };
  return {
    data,
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (k: string) => (check(false), data.get(k) ?? null),
    setItem: (k: string, v: string) => (check(true), void data.set(k, String(v))),
    removeItem: (k: string) => (check(false), void data.delete(k)),
    clear: () => data.clear(),
  };
}

/**
 * Web Locks as the browser keeps them, shared by every "tab" given the same instance:
 * exclusive named locks granted in request order, `signal` aborts a waiting request,
 * `query()` lists what is held.
 */
export function fakeLocks(): LockManager {
  const held = new Map<string, boolean>();
  const waiting = new Map<string, (() => void)[]>();
  const grant = (name: string) => {
    const q = waiting.get(name);
    const nextUp = q && q.shift();
    if (nextUp) nextUp();
    else held.delete(name);
  };
  return {
    request(name: string, a: unknown, b?: unknown) {
      const fn = (typeof a === 'function' ? a : b) as () => unknown;
      const signal = typeof a === 'object' && a ? (a as LockOptions).signal : undefined;
      return new Promise((resolve, reject) => {
        const start = () => {
          held.set(name, true);
          Promise.resolve()
            .then(fn)
            .then(resolve, reject)
            .finally(() => grant(name));
        };
        if (!held.has(name)) return start();
        const q = waiting.get(name) || [];
        q.push(start);
        waiting.set(name, q);
        signal?.addEventListener('abort', () => {
          const i = q.indexOf(start);
          if (i >= 0) q.splice(i, 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    },
    query: async () => ({ held: [...held.keys()].map((name) => ({ name, mode: 'exclusive' })), pending: [] }),
  } as unknown as LockManager;
}

export type Responder = (
  body: Batch,
  n: number,
) => number | { status: number; headers?: Record<string, string>; body?: string } | 'network-error' | Promise<never>;

export function queuedIn(storage: Storage | null): WireEvent[] {
  const out: WireEvent[] = [];
  for (let i = 0; storage && i < storage.length; i++) {
    const k = storage.key(i)!;
    if (k.startsWith('lb_q:')) out.push(...JSON.parse(storage.getItem(k)!).q.map((x: { e: WireEvent }) => x.e));
  }
  return out.sort((a, b) => a.ts.localeCompare(b.ts));
}

const live: Tracker[] = [];
/** Destroys every tracker the harness made (afterEach): a failed test must not leave one running. */
export function destroyAll() {
  for (const t of live.splice(0)) t.destroy();
}

export function harness(
  opts: {
    config?: Partial<LeadbeaconConfig>;
    respond?: Responder;
    beacon?: boolean | ((raw: string) => boolean);
    storage?: Storage | null;
    runtime?: Partial<Runtime>;
    locks?: LockManager;
  } = {},
) {
  const sent: Sent[] = [];
  const storage = opts.storage === undefined ? memoryStorage() : opts.storage;
  let respond: Responder = opts.respond || (() => 200);
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
    const raw = String(init.body);
    const headers = init.headers as Record<string, string>;
    const entry: Sent = { via: 'fetch', body: JSON.parse(raw), raw, contentType: headers['Content-Type']!, keepalive: init.keepalive };
    sent.push(entry);
    const r = await respond(entry.body, sent.length);
    if (r === 'network-error') throw new TypeError('Failed to fetch');
    const { status, headers: h, body = '{}' } = typeof r === 'number' ? { status: r, headers: {} } : r;
    entry.status = status;
    return new Response(status === 204 ? null : body, { status, headers: h });
  });
  const beaconMock = vi.fn((_url: string, data: Blob | string) => {
    const raw = (data as Blob & { __raw?: string }).__raw ?? String(data);
    const ok = typeof opts.beacon === 'function' ? opts.beacon(raw) : opts.beacon !== false;
    if (ok) sent.push({ via: 'beacon', body: JSON.parse(raw), raw, contentType: (data as Blob).type });
    return ok;
  });
  const tracker: Tracker = createTracker({ endpoint: ENDPOINT, ...opts.config } as LeadbeaconConfig, {
    storage,
    fetch: fetchMock as unknown as typeof fetch,
    sendBeacon: beaconMock,
    locks: opts.locks || fakeLocks(),
    ...opts.runtime,
  });
  live.push(tracker);
  const events = (): WireEvent[] => sent.flatMap((s) => s.body.events);
  /** The events as the collector stores them: wire format version 2's facts interpreted (its source, medium, channel, E.164). */
  const stored = (): StoredEvent[] => events().map((e) => interpretEvent(e));
  return {
    tracker,
    sent,
    events,
    ofType: (type: string) => events().filter((e) => e.type === type),
    stored,
    storedOfType: (type: string) => stored().filter((e) => e.type === type),
    fetchMock,
    beaconMock,
    storage,
    setResponder: (r: Responder) => (respond = r),
    /** Every event queued in storage, of every tab's queue. */
    queued: (): WireEvent[] => queuedIn(storage),
  };
}

/** jsdom's Blob cannot be read synchronously; keep the text beside it for the beacon fake. */
export function installBlobText() {
  const NativeBlob = globalThis.Blob;
  class TextBlob extends NativeBlob {
    __raw: string;
    constructor(parts: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      this.__raw = parts.map(String).join('');
    }
  }
  globalThis.Blob = TextBlob as typeof Blob;
  return () => (globalThis.Blob = NativeBlob);
}

export function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

export const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

/** A `<script>` element with these attributes, appended to the head: the script tag's own tag. */
export function scriptTag(attrs: Record<string, string>): HTMLScriptElement {
  const s = document.createElement('script');
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  document.head.appendChild(s);
  return s;
}

/** Every event in the bodies a spied `window.fetch` was given, in order. */
export const fetchedEvents = (fetchMock: { mock: { calls: unknown[][] } }): WireEvent[] =>
  fetchMock.mock.calls.flatMap((c) => (JSON.parse(String((c[1] as RequestInit).body)) as Batch).events);
