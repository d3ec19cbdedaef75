/**
 * One scenario list that every framework adapter runs (React, Vue, Svelte, Angular), each
 * through a small driver that mounts a real app of its framework. DOM scenarios run in jsdom
 * against the real collector (the tracker posts with the environment's fetch: Node's, real
 * HTTP on 127.0.0.1); the server scenario runs in Node with no `window` at all.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '@leadbeacon/collector';
import { startCollector, type TestCollector } from './collector';

/** The config a driver passes to its adapter (a `LeadbeaconConfig` of the `leadbeacon` package). */
export interface ScenarioConfig {
  endpoint: string;
  batchDelay: number;
}

/** The tracker as a component got it through the adapter (the `Tracker` of `leadbeacon`). */
export interface ProvidedTracker {
  track(name: string, props?: Record<string, unknown>): void;
  identify(userId: string, traits?: Record<string, unknown>): void;
  consent(state: 'granted' | 'denied' | 'pending'): void;
  flush(): Promise<void>;
  page(): void;
  destroy(): void;
}

/**
 * What each adapter's test implements: a small app of its framework with a router serving
 * `/` and `/second`, set up with the adapter the way its README says.
 */
export interface AdapterDriver {
  /** Mounts the app at the current URL, the adapter owning a tracker made from `config`. */
  mount(config: ScenarioConfig): Promise<void>;
  /**
   * Mounts it the way the framework can mount twice on one page: React StrictMode, two apps
   * using the plugin or provider, an unmount and a mount in one go (hot reloading).
   */
  mountTwice(config: ScenarioConfig): Promise<void>;
  /** The tracker a mounted component got from the adapter (hook, composable, context, injector). */
  provided(): ProvidedTracker;
  /** Calls `track` from inside a mounted component, through the adapter. */
  trackFromComponent(name: string, props?: Record<string, unknown>): Promise<void>;
  /** Navigates with the app's router and resolves once the new route has rendered. */
  navigate(path: string): Promise<void>;
  /** Unmounts everything `mount`/`mountTwice` mounted; harmless when nothing is mounted. */
  unmount(): Promise<void>;
  /**
   * Renders the app with the framework's server renderer (no `window`) to HTML, in which a
   * component that got the tracker from the adapter shows `tracker:ok`.
   */
  renderOnServer(config: ScenarioConfig): Promise<string>;
}

export interface ScenarioContext {
  collector: TestCollector;
  config: ScenarioConfig;
}

export interface AdapterScenario {
  name: string;
  /** `dom`: jsdom (vitest `environment: 'jsdom'`); `server`: Node without `window`. */
  env: 'dom' | 'server';
  run(adapter: AdapterDriver, ctx: ScenarioContext): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long enough for a doubled event to have arrived too (batchDelay is 0 in these tests). */
const QUIET_MS = 300;

const ofType = (events: StoredEvent[], type: string) => events.filter((e) => e.type === type);
const viewPaths = (events: StoredEvent[]) => ofType(events, 'page_view').map((e) => e.page.path);

/** Waits for `until`, then a quiet spell, and returns every stored event. */
async function settled(collector: TestCollector, until: (es: StoredEvent[]) => boolean): Promise<StoredEvent[]> {
  await collector.waitForEvents(until);
  await sleep(QUIET_MS);
  return collector.events();
}

/** The leadbeacon code (core or an adapter) on a call stack: its package sources or builds. */
const OURS = /[\\/]packages[\\/](core|react|vue|svelte|angular)[\\/](src|dist)[\\/]/;

/**
 * Records every listener that leadbeacon code adds to or removes from any EventTarget (its
 * call stack passes through the core's or an adapter's code), to show that none is left.
 */
function listenerLedger() {
  const proto = EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  const live = new Map<string, { target: EventTarget; type: string; listener: unknown; capture: boolean }>();
  const ids = new WeakMap<object, number>();
  let next = 0;
  const id = (o: object) => ids.get(o) ?? (ids.set(o, ++next), next);
  const capture = (o: unknown) => (typeof o === 'boolean' ? o : !!(o && (o as AddEventListenerOptions).capture));
  const key = (t: EventTarget, type: string, l: object, o: unknown) => `${id(t)} ${type} ${id(l)} ${capture(o)}`;
  proto.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (listener && OURS.test(new Error().stack ?? ''))
      live.set(key(this, type, listener, options), { target: this, type, listener, capture: capture(options) });
    return add.call(this, type, listener, options);
  };
  proto.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    if (listener) live.delete(key(this, type, listener, options));
    return remove.call(this, type, listener, options);
  };
  const name = (t: EventTarget) => (t === window ? 'window' : t === document ? 'document' : ((t as Element).tagName ?? String(t)));
  return {
    /** Listeners added by leadbeacon code and not removed, e.g. ["window pagehide"]. */
    left: () => [...live.values()].map((l) => `${name(l.target)} ${l.type}${l.capture ? ' (capture)' : ''}`),
    added: () => live.size,
    stop() {
      proto.addEventListener = add;
      proto.removeEventListener = remove;
    },
  };
}

/**
 * Events still waiting in a tab queue (`lb_q:<tab id>` in localStorage, as the README says).
 * Once the collector has answered, only a tracker destroyed too early leaves any: they would be
 * sent on the next visit (a page view recorded twice shows up only then).
 */
function unsentInStorage(): string[] {
  return Object.keys(localStorage)
    .filter((k) => k.startsWith('lb_q:'))
    .map((k) => `${k}: ${localStorage.getItem(k)?.slice(0, 200)}`);
}

/** Makes `history.pushState`/`replaceState` skip the tracker's patch, as a router that kept the originals does. */
function bypassHistoryPatch(): () => void {
  const proto = Object.getPrototypeOf(history) as History;
  history.pushState = proto.pushState;
  history.replaceState = proto.replaceState;
  return () => {
    delete (history as Partial<History>).pushState;
    delete (history as Partial<History>).replaceState;
  };
}

export const adapterScenarios: AdapterScenario[] = [
  {
    name: 'the tracker is provided to components',
    env: 'dom',
    async run(adapter, { config }) {
      await adapter.mount(config);
      const t = adapter.provided();
      for (const m of ['track', 'identify', 'consent', 'flush', 'page', 'destroy'] as const) expect(typeof t[m]).toBe('function');
    },
  },
  {
    name: 'an event tracked from a component reaches the collector',
    env: 'dom',
    async run(adapter, { collector, config }) {
      await adapter.mount(config);
      await adapter.trackFromComponent('quote_requested', { plan: 'pro', value: 120, currency: 'usd' });
      const events = await settled(collector, (es) => es.some((e) => e.name === 'quote_requested'));
      const tracked = events.filter((e) => e.name === 'quote_requested');
      expect(tracked).toHaveLength(1);
      expect(tracked[0]).toMatchObject({ type: 'custom', value: 120, currency: 'USD', props: { plan: 'pro' }, page: { path: '/' } });
      expect(viewPaths(events)).toEqual(['/']);
    },
  },
  {
    name: 'a route change gives exactly one page view',
    env: 'dom',
    async run(adapter, { collector, config }) {
      await adapter.mount(config);
      await adapter.navigate('/second');
      const events = await settled(collector, (es) => viewPaths(es).includes('/second'));
      expect(viewPaths(events)).toEqual(['/', '/second']);
      expect(ofType(events, 'page_view')[1]!.page.referrer).toBe(location.origin + '/');
    },
  },
  {
    name: "a route change's page view carries the title the app sets after the navigation",
    env: 'dom',
    async run(adapter, { collector, config }) {
      document.title = 'Home';
      await adapter.mount(config);
      await adapter.navigate('/second');
      // As head managers do (SvelteKit, Next.js metadata, vue-meta): the title after the new route rendered.
      await sleep(50);
      document.title = 'Second page';
      const events = await settled(collector, (es) => viewPaths(es).includes('/second'));
      expect(ofType(events, 'page_view').map((e) => [e.page.path, e.page.title])).toEqual([
        ['/', 'Home'],
        ['/second', 'Second page'],
      ]);
    },
  },
  {
    name: 'route changes there and back give one page view each',
    env: 'dom',
    async run(adapter, { collector, config }) {
      await adapter.mount(config);
      await adapter.navigate('/second');
      await adapter.navigate('/');
      await adapter.navigate('/second');
      const events = await settled(collector, (es) => viewPaths(es).length >= 4);
      expect(viewPaths(events)).toEqual(['/', '/second', '/', '/second']);
      expect(unsentInStorage()).toEqual([]);
    },
  },
  {
    name: "a route change that bypasses the core's history patch still gives exactly one page view (the adapter's router hook)",
    env: 'dom',
    async run(adapter, { collector, config }) {
      await adapter.mount(config);
      const restore = bypassHistoryPatch();
      try {
        await adapter.navigate('/second');
        const events = await settled(collector, (es) => viewPaths(es).includes('/second'));
        expect(viewPaths(events)).toEqual(['/', '/second']);
      } finally {
        await adapter.unmount();
        restore();
      }
    },
  },
  {
    name: 'unmount removes every listener and the history patch',
    env: 'dom',
    async run(adapter, { collector, config }) {
      const push = history.pushState;
      const replace = history.replaceState;
      const ledger = listenerLedger();
      try {
        await adapter.mount(config);
        await adapter.trackFromComponent('before_unmount');
        await settled(collector, (es) => es.some((e) => e.name === 'before_unmount'));
        expect(ledger.added()).toBeGreaterThan(0);
        await adapter.unmount();
        await sleep(10); // the tracker is destroyed after the current task (StrictMode may mount again)
        expect(ledger.left()).toEqual([]);
        expect(history.pushState).toBe(push);
        expect(history.replaceState).toBe(replace);
      } finally {
        ledger.stop();
      }
      // Nothing is recorded any more: a navigation, a call click, leaving the page.
      history.pushState(null, '', '/after-unmount');
      const a = document.body.appendChild(document.createElement('a'));
      a.href = 'tel:+14155550123';
      a.addEventListener('click', (e) => e.preventDefault());
      a.click();
      a.remove();
      document.dispatchEvent(new Event('visibilitychange'));
      window.dispatchEvent(new Event('pagehide'));
      await sleep(QUIET_MS);
      const events = await collector.events();
      expect(events.map((e) => e.name)).toEqual(['page_view', 'before_unmount']);
    },
  },
  {
    name: 'mounting twice does not make a second tracker',
    env: 'dom',
    async run(adapter, { collector, config }) {
      const warn = vi.spyOn(console, 'warn');
      const ledger = listenerLedger();
      try {
        await adapter.mountTwice(config);
        await adapter.trackFromComponent('mounted_twice');
        await adapter.navigate('/second');
        const events = await settled(collector, (es) => es.some((e) => e.name === 'mounted_twice') && viewPaths(es).includes('/second'));
        expect(events.filter((e) => e.name === 'mounted_twice')).toHaveLength(1);
        expect(viewPaths(events)).toEqual(['/', '/second']);
        expect(unsentInStorage()).toEqual([]);
        expect(warn.mock.calls.filter((c) => String(c[0]).includes('[leadbeacon]'))).toEqual([]);
        await adapter.unmount();
        await sleep(10);
        expect(ledger.left()).toEqual([]);
      } finally {
        ledger.stop();
      }
    },
  },
  {
    name: 'server rendering does not throw and touches no browser API',
    env: 'server',
    async run(adapter, { config }) {
      expect(typeof window).toBe('undefined');
      expect(typeof document).toBe('undefined');
      const fetchSpy = vi.spyOn(globalThis, 'fetch');
      const warn = vi.spyOn(console, 'warn');
      // Twice, as a server renders request after request.
      for (let i = 0; i < 2; i++) expect(await adapter.renderOnServer(config)).toContain('tracker:ok');
      await sleep(50);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(warn.mock.calls.filter((c) => String(c[0]).includes('[leadbeacon]'))).toEqual([]);
    },
  },
];

/**
 * Registers the shared scenarios of `env` for one adapter with vitest: a fresh collector, an
 * empty localStorage (a new visitor) and the URL `/` for each scenario; unmounts after each.
 */
export function describeAdapterScenarios(adapterName: string, adapter: AdapterDriver, env: 'dom' | 'server'): void {
  describe(`${adapterName} adapter: shared scenarios (${env})`, () => {
    let collector: TestCollector | undefined;
    const config = (): ScenarioConfig => ({
      endpoint: collector ? collector.url + '/collect' : 'http://127.0.0.1:9/collect',
      batchDelay: 0,
    });
    if (env === 'dom') {
      beforeAll(async () => {
        // A page that is left (jsdom runs every test in one document) must not send for the next test.
        if (typeof window === 'undefined') throw new Error(`the ${env} scenarios need vitest's jsdom environment`);
      });
      beforeEach(async () => {
        localStorage.clear();
        sessionStorage.clear();
        history.replaceState(null, '', '/');
        collector = await startCollector();
      });
      afterEach(async () => {
        await adapter.unmount();
        await sleep(10);
        await collector?.close();
        collector = undefined;
        vi.restoreAllMocks();
      });
    } else {
      afterEach(() => {
        vi.restoreAllMocks();
      });
    }
    afterAll(() => collector?.close());
    for (const s of adapterScenarios.filter((x) => x.env === env)) {
      it(s.name, () => s.run(adapter, { collector: collector!, config: config() }), 20_000);
    }
  });
}
