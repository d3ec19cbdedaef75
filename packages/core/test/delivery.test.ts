import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeLocks, harness, installBlobText, memoryStorage, queuedIn, setVisibility, tick } from './harness';
import { destroyAll } from './harness';
import { createStore } from '../src/storage';
import { createLogger } from '../src/log';
import { backoff, BACKOFF_CAP_MS, retryDelay } from '../src/queue/retry';
import { withStorageLease } from '../src/queue/lock';
import { ABANDONED_MS, ADOPT_GRACE_MS, createDelivery } from '../src/queue/delivery';
import { browserRuntime } from '../src/runtime';
import type { WireEvent } from '../src/types';

const keep = <T>(h: T): T => h;
let restoreBlob: () => void;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  history.replaceState(null, '', '/');
  restoreBlob = installBlobText();
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
});
afterEach(() => {
  destroyAll();
  setVisibility('visible');
  restoreBlob();
  vi.useRealTimers();
});

/** An action is built a task after it happens, and a lead is sent a task after that (at start-up, a few chained tasks). */
const ticks = async () => {
  await tick(0);
  await tick(5); // a timer set for 0 ms inside a timer callback runs a millisecond later here, as in Node
};

// Distinct form ids: the forms detector treats repeated calls for one form within 5 s as one submission.
let formSeq = 0;
const lead = (h: ReturnType<typeof harness>, name = 'form_submit') =>
  h.tracker.track(name, { formId: 'contact-' + ++formSeq, fieldNames: ['email'], via: 'script' });

describe('sending', () => {
  it('sends a lead at once and other events within the batch delay, as text/plain', async () => {
    const h = keep(harness());
    h.tracker.track('scrolled');
    await tick(4000);
    expect(h.sent).toHaveLength(0);
    await tick(1010); // (the start-up tasks: each chained zero timer runs 1 ms later on the fake clock)
    expect(h.events().map((e) => e.name)).toEqual(['page_view', 'scrolled']);
    lead(h);
    await ticks();
    expect(h.events().map((e) => e.name)).toEqual(['page_view', 'scrolled', 'form_submit']);
    expect(h.sent.every((s) => s.contentType === 'text/plain;charset=UTF-8' && s.keepalive)).toBe(true);
  });

  it('switches to application/json when custom headers are configured', async () => {
    const h = keep(harness({ config: { headers: { Authorization: 'Bearer k' } } }));
    await h.tracker.flush();
    const init = h.fetchMock.mock.calls[0]![1] as RequestInit;
    expect(init.headers).toEqual({ Authorization: 'Bearer k', 'Content-Type': 'application/json' });
  });

  it('keeps every batch under 64 KB', async () => {
    const h = keep(harness());
    const blob = 'x'.repeat(2000);
    for (let i = 0; i < 100; i++) h.tracker.track('big', { blob, i });
    await h.tracker.flush();
    expect(h.events().filter((e) => e.name === 'big')).toHaveLength(100);
    expect(h.sent.length).toBeGreaterThan(3);
    for (const s of h.sent) expect(new TextEncoder().encode(s.raw).length).toBeLessThan(64 * 1024);
  });

  it('refuses an event over 32 KB with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = keep(harness());
    h.tracker.track('huge', { blob: 'x'.repeat(40_000) });
    await h.tracker.flush();
    expect(h.events().map((e) => e.name)).toEqual(['page_view']);
    expect(warn.mock.calls[0]![0]).toMatch(/over 32000 bytes/);
  });
});

describe('persistence', () => {
  it('keeps events in localStorage until a 2xx answer', async () => {
    let answer!: (n: number) => void;
    const h = keep(harness({ respond: () => new Promise<number>((r) => (answer = r)) as never }));
    lead(h);
    await ticks();
    expect(h.sent).toHaveLength(1);
    expect(h.queued().map((e) => e.type)).toEqual(['page_view', 'form_submit']);
    answer(200);
    await tick(0);
    expect(h.queued()).toEqual([]);
  });

  it('falls back to memory when storage is full or blocked, and still delivers', async () => {
    for (const storage of [memoryStorage({ full: true }), memoryStorage({ blocked: true }), null]) {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const h = harness({ storage });
      lead(h);
      await h.tracker.flush();
      expect(h.events().map((e) => e.type)).toEqual(['page_view', 'form_submit']);
      h.tracker.destroy();
      if (storage && 'data' in storage) expect(storage.data.size).toBe(0);
      warn.mockRestore();
    }
  });

  it('resends what a closed tab left queued on the next page load', async () => {
    const storage = memoryStorage();
    const a = harness({ storage, respond: () => 'network-error' });
    lead(a);
    await ticks();
    a.tracker.destroy(); // the tab is gone
    const id = a.queued().find((e) => e.type === 'form_submit')!.id;
    const b = keep(harness({ storage })); // a new page: the closed tab's lock is gone with it
    await tick(ADOPT_GRACE_MS + 10);
    expect(b.ofType('form_submit').map((e) => e.id)).toEqual([id]);
    expect(b.queued()).toEqual([]);
  });

  it('bounds the queue by count and bytes, dropping the oldest and reporting the count', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = keep(harness({ config: { maxQueueEvents: 3 }, respond: () => 'network-error' }));
    for (let i = 0; i < 5; i++) lead(h);
    await ticks();
    expect(h.queued()).toHaveLength(3);
    expect(warn.mock.calls.some((c) => /dropped the 1 oldest/.test(String(c[0])))).toBe(true);
    h.setResponder(() => 200);
    await h.tracker.flush();
    const ok = h.sent.filter((s) => s.status === 200);
    expect(ok[0]!.body.dropped).toBe(3); // the page view and the two oldest leads
    expect(ok[0]!.body.events).toHaveLength(3);

    const byBytes = memoryStorage();
    h.tracker.destroy();
    const small = keep(harness({ storage: byBytes, config: { maxQueueBytes: 3000 }, respond: () => 'network-error' }));
    for (let i = 0; i < 10; i++) lead(small);
    await ticks();
    const key = [...byBytes.data.keys()].find((k) => k.startsWith('lb_q:'))!;
    expect(byBytes.getItem(key)!.length).toBeLessThan(4000);
    expect(JSON.parse(byBytes.getItem(key)!).d).toBeGreaterThan(0);
  });
});

describe('leaving the page', () => {
  it.each(['visibilitychange', 'pagehide'])('flushes by sendBeacon on %s and forgets what the browser accepted', async (how) => {
    const h = keep(harness());
    h.tracker.track('scrolled');
    if (how === 'pagehide') window.dispatchEvent(new Event('pagehide'));
    else setVisibility('hidden');
    expect(h.sent.map((s) => s.via)).toEqual(['beacon']);
    expect(h.sent[0]!.contentType.toLowerCase()).toBe('text/plain;charset=utf-8'); // Blob types are lowercased
    expect(h.events().map((e) => e.name)).toEqual(['page_view', 'scrolled']);
    expect(h.queued()).toEqual([]);
  });

  it('falls back to fetch keepalive when the beacon is refused, keeping events until a 2xx', async () => {
    let answer!: (n: number) => void;
    const h = keep(harness({ beacon: false, respond: () => new Promise<number>((r) => (answer = r)) as never }));
    lead(h);
    window.dispatchEvent(new Event('pagehide'));
    expect(h.beaconMock).toHaveBeenCalled();
    expect(h.sent.map((s) => [s.via, s.keepalive])).toEqual([['fetch', true]]);
    expect(h.queued()).toHaveLength(2);
    answer(200);
    await tick(0);
    expect(h.queued()).toHaveLength(0);
  });

  it('counts a keepalive fetch in flight when the page goes as handed over, like a beacon', async () => {
    const h = keep(harness({ respond: () => new Promise<never>(() => {}) }));
    lead(h);
    await ticks();
    expect(h.sent.map((s) => s.via)).toEqual(['fetch']);
    window.dispatchEvent(new Event('pagehide'));
    expect(h.sent.map((s) => s.via)).toEqual(['fetch']); // not sent twice
    expect(h.queued()).toEqual([]);
  });

  it('keeps beaconed events queued while the collector is failing', async () => {
    const h = keep(harness({ respond: () => 503 }));
    lead(h);
    await ticks();
    setVisibility('hidden');
    expect(h.sent.map((s) => s.via)).toEqual(['fetch', 'beacon']);
    expect(h.queued().map((e) => e.type)).toEqual(['page_view', 'form_submit']);
  });
});

describe('retries', () => {
  it('retries network failures, 408, 429 and 5xx with backoff and the same event ids', async () => {
    for (const failure of ['network-error', 408, 429, 500, 503] as const) {
      // Jitter 0.5: each delay is 3/4 of its ceiling.
      const h = harness({ respond: (_b, n) => (n < 3 ? failure : 200), runtime: { random: () => 0.5 } });
      lead(h);
      await ticks();
      expect(h.sent).toHaveLength(1);
      await tick(740);
      expect(h.sent).toHaveLength(1);
      await tick(20); // first retry after 750 ms
      expect(h.sent).toHaveLength(2);
      await tick(1480);
      expect(h.sent).toHaveLength(2);
      await tick(30); // second 1500 ms later
      expect(h.sent).toHaveLength(3);
      const ids = h.sent.map((s) => s.body.events.map((e) => e.id).join());
      expect(new Set(ids).size).toBe(1);
      expect(h.queued()).toEqual([]);
      h.tracker.destroy();
    }
  });

  it('does not retry 400 or 413 and drops the refused events with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const status of [400, 413, 401]) {
      const h = harness();
      await h.tracker.flush(); // the page view
      h.setResponder(() => status);
      lead(h);
      await ticks();
      await tick(600_000);
      h.sent.shift();
      expect(h.sent).toHaveLength(1);
      expect(h.queued()).toEqual([]);
      h.tracker.destroy();
    }
    expect(warn.mock.calls.filter((c) => /refused/.test(String(c[0])))).toHaveLength(3);
  });

  it('halves the batch when the collector answers 413 to several events', async () => {
    const h = keep(harness({ respond: (b) => (b.events.length > 2 ? 413 : 200) }));
    for (let i = 0; i < 6; i++) h.tracker.track('e' + i);
    await h.tracker.flush();
    expect(
      h.events().filter((e) => e.name.startsWith('e') && h.sent.find((s) => s.status === 200 && s.body.events.includes(e))),
    ).toHaveLength(6);
  });

  it('honours Retry-After', async () => {
    const h = keep(harness({ respond: (_b, n) => (n === 1 ? { status: 429, headers: { 'Retry-After': '30' } } : 200) }));
    lead(h);
    await ticks();
    await tick(29_900);
    expect(h.sent).toHaveLength(1);
    await tick(200);
    expect(h.sent).toHaveLength(2);
    expect(h.queued()).toEqual([]);
  });

  it('retries at once when the browser comes back online', async () => {
    const h = keep(harness({ respond: () => 'network-error' }));
    lead(h);
    await ticks();
    await tick(10_000); // a few backoff rounds
    const before = h.sent.length;
    expect(before).toBeGreaterThanOrEqual(3);
    h.setResponder(() => 200);
    window.dispatchEvent(new Event('online'));
    await tick(0);
    expect(h.sent).toHaveLength(before + 1);
    expect(h.queued()).toEqual([]);
  });

  it('backs off exponentially with jitter, capped at 5 minutes', () => {
    expect(backoff(1, () => 0)).toBe(500);
    expect(backoff(1, () => 1)).toBe(1000);
    expect(backoff(4, () => 1)).toBe(8000);
    expect(backoff(30, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoff(30, () => 0)).toBe(BACKOFF_CAP_MS / 2);
    expect(retryDelay(1, () => 1, 7000)).toBe(7000);
    expect(retryDelay(1, () => 1, 10 * 86_400_000)).toBe(3_600_000);
  });
});

describe('several tabs', () => {
  const rec = () => {
    const sent: string[][] = [];
    const fetchMock = vi.fn(async (_u: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)).events.map((e: WireEvent) => e.name));
      return new Response('{}');
    });
    return { sent, fetch: fetchMock as unknown as typeof fetch };
  };
  const tab = (storage: Storage, locks: LockManager | null, id: string, net: ReturnType<typeof rec>) =>
    createDelivery({
      rt: browserRuntime(window, { storage, locks, fetch: net.fetch }),
      store: createStore(storage, createLogger(false), true),
      tabId: id,
      endpoint: 'https://c.test/collect',
      headers: undefined,
      maxEvents: 100,
      maxBytes: 1e6,
      log: createLogger(false),
      canSend: () => true,
    });
  const touch = { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: '', ts: new Date().toISOString() };
  const ev = (name: string) =>
    ({
      id: name,
      type: 'custom',
      name,
      ts: new Date().toISOString(),
      anonymousId: 'a',
      sessionId: 's',
      page: { url: '', path: '/', title: '', referrer: '' },
      attribution: { first: touch, last: touch },
      props: {},
    }) as WireEvent;

  it("a live tab sends only its own queue; the leader sends a closed tab's queue once", async () => {
    const storage = memoryStorage();
    const locks = fakeLocks();
    const net = rec();
    const a = tab(storage, locks, 'A', net); // first: the leader
    const b = tab(storage, locks, 'B', net);
    const c = tab(storage, locks, 'C', net);
    await tick(0);
    a.queue.push(ev('a1'));
    b.queue.push(ev('b1'));
    c.queue.push(ev('c1'));
    await Promise.all([b.flush(), c.flush()]);
    expect(net.sent.flat().sort()).toEqual(['b1', 'c1']);
    // A closes before sending: its queue is abandoned, B becomes the leader and sends it.
    a.queue.push(ev('a2'));
    a.destroy();
    await tick(0);
    await c.flush();
    await tick(0);
    // Not at once: a queue written in the last seconds may belong to a tab still starting.
    expect(net.sent.flat().sort()).toEqual(['b1', 'c1']);
    await tick(ADOPT_GRACE_MS + 10);
    expect(net.sent.flat().sort()).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(queuedIn(storage)).toEqual([]);
    b.destroy();
    c.destroy();
  });

  it('without Web Locks a queue is adopted once nobody wrote it for longer than the longest backoff', async () => {
    const storage = memoryStorage();
    const net = rec();
    const a = tab(storage, null, 'A', net);
    a.queue.push(ev('a1'));
    a.destroy(); // closed without sending
    const b = tab(storage, null, 'B', net);
    const early = b.flush();
    await tick(100);
    await early;
    expect(net.sent.flat()).toEqual([]);
    vi.setSystemTime(Date.now() + ABANDONED_MS + 1);
    const flushed = b.flush();
    await tick(100); // the storage lease settles
    await flushed;
    expect(net.sent.flat()).toEqual(['a1']);
    b.destroy();
  });

  it('the storage lease lets one tab adopt at a time', async () => {
    const storage = memoryStorage();
    const rt = browserRuntime(window, { storage, locks: null });
    const store = createStore(storage, createLogger(false), true);
    let release!: () => void;
    const first = withStorageLease(rt, store, 'A', () => new Promise<void>((r) => (release = r)));
    await tick(50);
    const second = withStorageLease(rt, store, 'B', async () => {});
    await expect(second).resolves.toBe(false);
    release();
    await expect(first).resolves.toBe(true);
    const third = withStorageLease(rt, store, 'B', async () => {});
    await tick(50);
    await expect(third).resolves.toBe(true);
  });
});
