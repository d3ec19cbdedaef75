import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Metric } from 'web-vitals';
import { webVitals } from '../src/index';
import { createTracker as createCoreTracker } from '../src/core';
import {
  destroyAll,
  ENDPOINT,
  fetchedEvents,
  harness,
  installBlobText,
  memoryStorage,
  scriptTag as tag,
  setVisibility,
  tick,
} from './harness';
import type { DetectorContext, EmitInput } from '../src/types';

// A stand-in for web-vitals that behaves like it where it matters here: FCP and TTFB report as
// soon as they are registered, LCP, CLS and INP when the page is hidden, from a capture-phase
// `visibilitychange` listener on window. (The browser test runs the real package.)
const calls = vi.hoisted(() => ({ registered: [] as { name: string; opts: unknown }[] }));
vi.mock('web-vitals', () => {
  const metric = (name: Metric['name'], value: number): Metric =>
    ({
      name,
      value,
      delta: value,
      rating: name === 'CLS' ? 'needs-improvement' : 'good',
      id: 'v5-1',
      entries: [],
      navigationType: 'navigate',
      navigationId: 1,
    }) as Metric;
  const onHidden = (fn: () => void) =>
    addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && fn(), { capture: true, once: true });
  const now = (name: Metric['name'], value: number) => (cb: (m: Metric) => void, opts?: unknown) => {
    calls.registered.push({ name, opts });
    cb(metric(name, value));
  };
  const onHide = (name: Metric['name'], value: number) => (cb: (m: Metric) => void, opts?: unknown) => {
    calls.registered.push({ name, opts });
    onHidden(() => cb(metric(name, value)));
  };
  return {
    onFCP: now('FCP', 812.37),
    onTTFB: now('TTFB', 95.5),
    onLCP: onHide('LCP', 1234.56),
    onCLS: onHide('CLS', 0.123456),
    onINP: onHide('INP', 48),
  };
});

let restoreBlob: () => void;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  history.replaceState(null, '', '/');
  restoreBlob = installBlobText();
  calls.registered = [];
});
afterEach(() => {
  destroyAll();
  setVisibility('visible');
  restoreBlob();
  vi.useRealTimers();
});

function fakeContext() {
  const emitted: EmitInput[] = [];
  const ctx = {
    window,
    config: { endpoint: ENDPOINT },
    emit: (e: EmitInput) => emitted.push(e),
    log: { warn: vi.fn(), debug: () => {} },
    guard: (fn: (...a: unknown[]) => void) => fn,
  } as unknown as DetectorContext;
  return { ctx, emitted };
}

describe('webVitals()', () => {
  it('registers the five metrics once per page view and emits web_vital with metric, value, rating, navigationType', async () => {
    const { ctx, emitted } = fakeContext();
    const off = webVitals().setup(ctx);
    await tick(0); // web-vitals is imported dynamically
    expect(calls.registered.map((c) => c.name).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    for (const c of calls.registered) expect(c.opts).toEqual({ reportAllChanges: false });
    setVisibility('hidden');
    const byMetric = Object.fromEntries(emitted.map((e) => [e.props!.metric, e]));
    expect(Object.keys(byMetric).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    for (const e of emitted) expect(e.type).toBe('web_vital');
    expect(byMetric.LCP!.props).toEqual({ metric: 'LCP', value: 1235, rating: 'good', navigationType: 'navigate' });
    expect(byMetric.CLS!.props).toEqual({ metric: 'CLS', value: 0.1235, rating: 'needs-improvement', navigationType: 'navigate' });
    expect(byMetric.TTFB!.props!.value).toBe(96);
    if (typeof off === 'function') off();
  });

  it('after teardown reports nothing more (web-vitals cannot unsubscribe)', async () => {
    const { ctx, emitted } = fakeContext();
    const off = webVitals().setup(ctx);
    await tick(0);
    const before = emitted.length;
    if (typeof off === 'function') off();
    setVisibility('hidden');
    expect(emitted).toHaveLength(before);
  });

  it('torn down before web-vitals has loaded, registers nothing', async () => {
    const { ctx } = fakeContext();
    const off = webVitals().setup(ctx);
    if (typeof off === 'function') off();
    await tick(0);
    expect(calls.registered).toEqual([]);
  });
});

describe('createTracker({ webVitals })', () => {
  it('is off by default: web-vitals is not even registered', async () => {
    const h = harness();
    await tick(0);
    setVisibility('hidden');
    expect(calls.registered).toEqual([]);
    expect(h.ofType('web_vital')).toEqual([]);
  });

  it('webVitals: true reports them through the queue: batched, then beaconed when the page is hidden', async () => {
    const h = harness({ config: { webVitals: true } });
    await tick(0);
    // FCP and TTFB are final early; like every non-lead event they wait for the batch.
    expect(h.sent).toEqual([]);
    setVisibility('hidden');
    expect(h.sent.map((s) => s.via)).toEqual(['beacon']);
    const vitals = h.ofType('web_vital');
    expect(vitals.map((e) => e.props.metric).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    expect(vitals.every((e) => e.name === 'web_vital' && typeof e.props.value === 'number' && e.props.rating)).toBe(true);
    expect(h.ofType('page_view')).toHaveLength(1);
  });

  it('a wrong value warns and leaves them off', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    harness({ config: { webVitals: 'yes' as never } });
    await tick(0);
    expect(warn.mock.calls[0]![0]).toContain('"webVitals" must be boolean');
    expect(calls.registered).toEqual([]);
  });

  it('leadbeacon/core runs it only when passed as a detector', async () => {
    const beacons: string[] = [];
    const t = createCoreTracker(
      { endpoint: ENDPOINT, detectors: [webVitals()] },
      {
        storage: memoryStorage(),
        fetch: vi.fn(async () => new Response('{}')),
        sendBeacon: (_u: string, d: unknown) => (beacons.push((d as { __raw: string }).__raw), true),
      },
    );
    await tick(0);
    setVisibility('hidden');
    t.destroy();
    const sent = beacons.flatMap((b) => JSON.parse(b).events as { type: string }[]);
    expect(sent.filter((e) => e.type === 'web_vital')).toHaveLength(5);
  });
});

describe('script tag: data-web-vitals loads leadbeacon-vitals.min.js from beside the script', () => {
  type Api = ((...a: unknown[]) => unknown) & { tracker?: { destroy(): void } };
  const w = window as unknown as { leadbeacon?: Api };
  const vitalsScripts = () => Array.from(document.querySelectorAll('script')).filter((s) => s.src.includes('vitals'));
  beforeEach(() => {
    vi.resetModules();
    document.head.innerHTML = '';
    localStorage.clear();
  });
  afterEach(() => {
    w.leadbeacon?.tracker?.destroy();
    delete w.leadbeacon;
  });

  it('appends the lazy script (same directory, same nonce) and starts the detector it hands back', async () => {
    const fetchMock = vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    const main = tag({
      src: 'https://cdn.test/lb/leadbeacon.min.js?v=1',
      'data-endpoint': 'https://c.test/collect',
      'data-web-vitals': 'true',
    });
    main.nonce = 'n0nce';
    await import('../src/cdn');
    await tick(10); // the tracker and its detectors start a task after the script
    const [lazy, ...more] = vitalsScripts() as (HTMLScriptElement & { lb?: (d: unknown) => void })[];
    expect(more).toEqual([]);
    expect(lazy!.src).toBe('https://cdn.test/lb/leadbeacon-vitals.min.js');
    expect(lazy!.nonce).toBe('n0nce');
    // What leadbeacon-vitals.min.js does when it runs: hand its detector to the element's callback.
    let ctx: DetectorContext | undefined;
    const off = vi.fn();
    lazy!.lb!({ name: 'webVitals', setup: (c: DetectorContext) => ((ctx = c), off) });
    ctx!.emit({ type: 'web_vital', props: { metric: 'LCP', value: 1200, rating: 'good', navigationType: 'navigate' } });
    const flushed = w.leadbeacon!('flush');
    await tick(100);
    await flushed;
    const sent = fetchedEvents(fetchMock);
    expect(sent.find((e) => e.type === 'web_vital')!.props).toEqual({
      metric: 'LCP',
      value: 1200,
      rating: 'good',
      navigationType: 'navigate',
    });
    // Its teardown goes with the tracker's, and the element with it.
    w.leadbeacon!.tracker!.destroy();
    expect(off).toHaveBeenCalledTimes(1);
    expect(vitalsScripts()).toEqual([]);
  });

  it('without the attribute nothing is appended', async () => {
    vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    tag({ src: 'https://cdn.test/lb/leadbeacon.min.js', 'data-endpoint': 'https://c.test/collect' });
    await import('../src/cdn');
    await tick(10);
    expect(w.leadbeacon!.tracker).toBeDefined();
    expect(vitalsScripts()).toEqual([]);
  });
});
