import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateBatch } from '@leadbeacon/collector';
import { createTracker } from '../src/index';
import { createTracker as createCoreTracker } from '../src/core';
import { TITLE_WAIT_MS } from '../src/tracker/titles';
import { ENDPOINT, fakeLocks, harness, installBlobText, memoryStorage, setVisibility, tick } from './harness';
import { destroyAll } from './harness';

const track = <T>(h: T): T => h;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  history.replaceState(null, '', '/');
  document.title = 'Home';
});
afterEach(() => {
  destroyAll();
  vi.useRealTimers();
});

describe('config', () => {
  it('warns once naming an unknown key or a wrong type, and keeps working', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = track(harness({ config: { colour: 'red', batchDelay: 'soon' } as never }));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]![0]).toContain('unknown config key "colour"');
    expect(warn.mock.calls[1]![0]).toContain('"batchDelay" must be number');
    await tick(5010); // the default 5 s batch delay (plus the fake clock's 1 ms per chained zero timer)
    expect(h.ofType('page_view')).toHaveLength(1);
  });

  it('fillFields takes true, "add" or an object; anything else is one warning naming it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    track(harness({ config: { fillFields: 'yes' } as never }));
    destroyAll();
    track(harness({ config: { fillFields: { add: true } } }));
    destroyAll();
    track(harness({ config: { fillFields: 'add' } }));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('"fillFields" must be true, "add" or object');
  });

  it('without an endpoint stays inert after one clear warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const storage = memoryStorage();
    const fetchMock = vi.fn();
    const t = createTracker({} as never, { storage, fetch: fetchMock });
    t.track('x');
    await t.flush();
    await tick(10_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/no endpoint configured/);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(storage.data.size).toBe(0);
    // An inert tracker does not block a real one.
    track(harness());
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('sends the write key in every batch, by fetch and by beacon, as text/plain (no preflight)', async () => {
    const restore = installBlobText();
    try {
      const h = harness({ config: { writeKey: 'wk_site_1' } });
      h.tracker.track('quote');
      await h.tracker.flush();
      h.tracker.track('quote_2');
      setVisibility('hidden');
      expect(h.sent.map((s) => [s.via, s.body.writeKey, s.contentType.toLowerCase()])).toEqual([
        ['fetch', 'wk_site_1', 'text/plain;charset=utf-8'],
        ['beacon', 'wk_site_1', 'text/plain;charset=utf-8'],
      ]);
      setVisibility('visible');
      h.tracker.destroy();
      const none = harness({ config: {} });
      none.tracker.track('quote');
      await none.tracker.flush();
      expect('writeKey' in none.sent[0]!.body).toBe(false);
    } finally {
      restore();
    }
  });

  it('keeps the lead score a number when the values add up past the largest one (found by the property tests)', async () => {
    const h = harness();
    h.tracker.track('call_click', { phone: '+1', href: 'tel:+1', value: 1.7976931348623131e308 });
    h.tracker.track('call_click', { phone: '+2', href: 'tel:+2', value: 1.7976931348623131e308 });
    await h.tracker.flush();
    for (const s of h.sent) expect(validateBatch(s.body).ok).toBe(true);
    expect(h.ofType('call_click').map((e) => Number.isFinite(e.score))).toEqual([true, true]);
  });

  it('caps batchDelay at 5 s', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    track(harness({ config: { batchDelay: 60_000 } }));
    expect(warn.mock.calls[0]![0]).toContain('capped at 5000');
  });
});

describe('wire format', () => {
  it('sends schema-valid events of version 2 with every contract field, which the collector interprets', async () => {
    document.title = 'Landing';
    history.replaceState(null, '', '/offer?utm_source=newsletter&utm_medium=email&utm_campaign=nov&email=a%40b.co');
    const h = track(harness());
    h.tracker.track('quote_requested', { plan: 'pro', value: 120, currency: 'usd' });
    h.tracker.identify('user-7', { plan: 'pro' });
    await h.tracker.flush();
    const batch = h.sent[0]!.body;
    expect(validateBatch(batch)).toEqual({ ok: true, batch });
    expect(batch.v).toBe(2);
    expect(batch.sdk.name).toBe('leadbeacon');
    const [view, custom, ident] = batch.events;
    expect(batch.events.map((e) => e.v)).toEqual([2, 2, 2]);
    expect(view!.attribution.last).toMatchObject({ utm: { source: 'newsletter', medium: 'email', campaign: 'nov' } });
    expect(h.stored()[0]).toMatchObject({
      type: 'page_view',
      name: 'page_view',
      ts: '2026-11-23T08:00:00.000Z',
      page: {
        url: 'http://localhost:3000/offer?utm_source=newsletter&utm_medium=email&utm_campaign=nov',
        path: '/offer',
        title: 'Landing',
        referrer: '',
      },
      attribution: { last: { source: 'newsletter', medium: 'email', campaign: 'nov', channel: 'Email' } },
    });
    expect(custom).toMatchObject({ type: 'custom', name: 'quote_requested', value: 120, currency: 'USD', props: { plan: 'pro' } });
    expect(ident).toMatchObject({ type: 'identify', userId: 'user-7', props: { traits: { plan: 'pro' } } });
    expect(new Set(batch.events.map((e) => e.id)).size).toBe(3);
    expect(new Set(batch.events.map((e) => e.anonymousId)).size).toBe(1);
  });

  it('keeps anonymousId across page loads and rolls sessionId after 30 minutes of inactivity', async () => {
    const storage = memoryStorage();
    const a = harness({ storage });
    a.tracker.track('one');
    vi.setSystemTime(Date.now() + 29 * 60_000);
    a.tracker.track('two');
    vi.setSystemTime(Date.now() + 31 * 60_000);
    a.tracker.track('three');
    await a.tracker.flush();
    a.tracker.destroy();
    const b = track(harness({ storage }));
    await b.tracker.flush();
    const [view, one, two, three] = a.events();
    expect(one!.sessionId).toBe(view!.sessionId);
    expect(two!.sessionId).toBe(one!.sessionId);
    expect(three!.sessionId).not.toBe(two!.sessionId);
    expect(b.events()[0]!.anonymousId).toBe(view!.anonymousId);
    expect(b.events()[0]!.sessionId).toBe(three!.sessionId);
  });
});

describe('page views', () => {
  it('records the load and each real SPA navigation once', async () => {
    const h = track(harness());
    history.pushState(null, '', '/pricing');
    history.pushState(null, '', '/pricing'); // same URL: nothing
    history.replaceState({ scroll: 1 }, '', '/pricing'); // router state on the same path: nothing
    history.replaceState(null, '', '/pricing?tab=2'); // same path: nothing
    history.pushState(null, '', '/pricing?tab=3'); // new query: a view
    history.pushState(null, '', '/pricing?tab=3#faq'); // hash only: nothing
    history.replaceState(null, '', '/contact'); // new path: a view
    history.back(); // jsdom delivers popstate from a (faked) timer
    await tick(50);
    h.tracker.page(); // an adapter reporting the same route: nothing
    await h.tracker.flush();
    const views = h.ofType('page_view');
    expect(views.map((v) => v.page.path + new URL(v.page.url).search)).toEqual([
      '/',
      '/pricing',
      '/pricing?tab=3',
      '/contact',
      '/pricing?tab=3',
    ]);
    // After a navigation the referrer is the previous page.
    expect(views[1]!.page.referrer).toBe('http://localhost:3000/');
    expect(views[2]!.page.referrer).toBe('http://localhost:3000/pricing');
  });
});

describe('one tracker per window', () => {
  it("a page view after a client-side navigation carries its own page's title, set by the router after pushState", async () => {
    history.replaceState(null, '', '/');
    document.title = 'Home';
    const h = harness({ config: { batchDelay: 0 } });
    await tick();
    // SvelteKit, Next.js: the address first, the title a moment later (Next.js may stream it from the server).
    history.pushState(null, '', '/services');
    await tick(50);
    document.title = 'Services';
    await tick(200);
    // The same title on the next page: the view waits at most TITLE_WAIT_MS for a change, then goes as it is.
    history.pushState(null, '', '/services?tab=2');
    await tick(TITLE_WAIT_MS - 500);
    expect(h.ofType('page_view')).toHaveLength(2);
    await tick(600);
    // Two navigations in a row: the first keeps the title it had when the second began.
    history.pushState(null, '', '/about');
    document.title = 'About';
    history.pushState(null, '', '/contact');
    await tick(50);
    document.title = 'Contact';
    // Hidden before the router set a title: the view goes at once, with the title as it is.
    history.pushState(null, '', '/blog');
    setVisibility('hidden');
    setVisibility('visible');
    await h.tracker.flush();
    expect(h.ofType('page_view').map((e) => [e.page.path, e.page.title])).toEqual([
      ['/', 'Home'],
      ['/services', 'Services'],
      ['/services', 'Services'],
      ['/about', 'About'],
      ['/contact', 'Contact'],
      ['/blog', 'Contact'],
    ]);
  });

  it('a lead takes the page views waiting for a title with it; one that waited in vain goes within the batch delay of the navigation', async () => {
    history.replaceState(null, '', '/');
    document.title = 'Same title everywhere';
    const h = harness();
    await tick();
    history.pushState(null, '', '/quote');
    await tick(500);
    h.tracker.track('call_click', { phone: '+1', href: 'tel:+1' });
    await tick(100);
    expect(h.sent.flatMap((s) => s.body.events.map((e) => `${e.type} ${e.page.path}`))).toContain('page_view /quote');
    // No lead this time: the view waits TITLE_WAIT_MS, then the rest of the 5 s batch delay, not all of it again.
    history.pushState(null, '', '/contact');
    await tick(4900);
    expect(h.ofType('page_view').map((e) => e.page.path)).not.toContain('/contact');
    await tick(300);
    expect(h.ofType('page_view').map((e) => e.page.path)).toContain('/contact');
  });

  it('refuses a second tracker with a warning until the first is destroyed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = harness();
    const second = harness();
    expect(warn.mock.calls[0]![0]).toMatch(/already running/);
    second.tracker.track('twice');
    await second.tracker.flush();
    expect(second.fetchMock).not.toHaveBeenCalled();
    first.tracker.destroy();
    const third = track(harness());
    await third.tracker.flush();
    expect(third.ofType('page_view')).toHaveLength(1);
    // The core entry shares the guard.
    createCoreTracker({ endpoint: ENDPOINT });
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe('destroy', () => {
  it('starts its detectors a task later, or at once when the visitor acts first', async () => {
    const open = XMLHttpRequest.prototype.open;
    document.body.innerHTML = '<a href="tel:+15555550100">call</a>';
    const h = harness();
    expect(XMLHttpRequest.prototype.open).toBe(open); // not in the creation task
    document.querySelector('a')!.click(); // the visitor is first: the detectors start and see this click
    expect(XMLHttpRequest.prototype.open).not.toBe(open);
    await tick(100);
    expect(h.events().map((e) => e.type)).toEqual(['page_view', 'call_click']);
  });

  it('reads storage in a task of its own; the landing, then the events and the queue, then the first send come in later tasks', async () => {
    const storage = memoryStorage();
    const get = vi.spyOn(storage, 'getItem');
    const locks = fakeLocks();
    const request = vi.spyOn(locks, 'request');
    const h = harness({ storage, locks, config: { batchDelay: 0 } });
    expect(get).not.toHaveBeenCalled(); // not in the task that created the tracker
    await vi.advanceTimersToNextTimerAsync();
    expect(get).toHaveBeenCalledWith('lb');
    expect(h.queued()).toEqual([]);
    for (let i = 0; i < 5 && !h.queued().length; i++) await vi.advanceTimersToNextTimerAsync();
    expect(h.queued().map((e) => e.type)).toEqual(['page_view']);
    expect(request).not.toHaveBeenCalled(); // the delivery's locks and send: not yet
    expect(h.fetchMock).not.toHaveBeenCalled();
    await tick(100);
    expect(h.events().map((e) => e.type)).toEqual(['page_view']);
  });

  it('waits for a prerendered page to be shown: no page view, session or listener before', async () => {
    const submit = HTMLFormElement.prototype.submit;
    document.body.innerHTML = '<a href="tel:+15555550100">call</a>';
    let prerendering = true;
    Object.defineProperty(document, 'prerendering', { configurable: true, get: () => prerendering });
    try {
      const h = harness();
      await tick(6000);
      document.querySelector('a')!.click(); // (no visitor can click a prerendered page; a script can)
      await tick(6000);
      expect(h.sent).toEqual([]);
      expect(h.storage!.data.size).toBe(0);
      expect(HTMLFormElement.prototype.submit).toBe(submit);
      prerendering = false;
      document.dispatchEvent(new Event('prerenderingchange'));
      await tick(100);
      document.querySelector('a')!.click();
      await tick(6000);
      expect(h.events().map((e) => e.type)).toEqual(['page_view', 'call_click']);
    } finally {
      delete (document as { prerendering?: boolean }).prerendering;
    }
  });

  it('records a click with the page it happened on, even when the site navigates in its handler', async () => {
    history.replaceState(null, '', '/contact');
    document.body.innerHTML = '<a href="tel:+15555550100">call</a>';
    document.title = 'Contact';
    const h = harness();
    await tick();
    const link = document.querySelector('a')!;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      history.pushState(null, '', '/thanks');
      document.title = 'Thanks';
    });
    link.click();
    await tick(200);
    expect(h.ofType('call_click').map((e) => [e.page.path, e.page.title, e.props.phone])).toEqual([
      ['/contact', 'Contact', '+15555550100'],
    ]);
    expect(h.ofType('page_view').map((e) => [e.page.path, e.page.title])).toEqual([
      ['/contact', 'Contact'],
      ['/thanks', 'Thanks'],
    ]);
    expect(h.ofType('page_view')[1]!.page.referrer).toContain('/contact');
  });

  it('removes every listener, timer and patch', async () => {
    const pushState = history.pushState;
    const replaceState = history.replaceState;
    const submit = HTMLFormElement.prototype.submit;
    const before = vi.getTimerCount();
    const add = vi.spyOn(EventTarget.prototype, 'addEventListener');
    const remove = vi.spyOn(EventTarget.prototype, 'removeEventListener');
    // Destroyed before its detectors started (they start a task later): nothing was patched, no timer is left.
    harness().tracker.destroy();
    expect(HTMLFormElement.prototype.submit).toBe(submit);
    expect(vi.getTimerCount()).toBe(before);
    const h = harness();
    await tick();
    h.tracker.track('queued'); // a pending batch timer
    expect(history.pushState).not.toBe(pushState);
    expect(HTMLFormElement.prototype.submit).not.toBe(submit);
    h.tracker.destroy();
    expect(history.pushState).toBe(pushState);
    expect(history.replaceState).toBe(replaceState);
    expect(HTMLFormElement.prototype.submit).toBe(submit);
    expect(vi.getTimerCount()).toBe(before);
    const added = add.mock.calls.map((c) => c.slice(0, 2));
    const removed = remove.mock.calls.map((c) => c.slice(0, 2));
    expect(added.length).toBeGreaterThan(5);
    for (const a of added) expect(removed).toContainEqual(a);
    // Nothing is recorded afterwards; what was pending stayed queued for the next page.
    document.body.innerHTML = '<a href="tel:+1555">call</a>';
    document.querySelector('a')!.click();
    history.pushState(null, '', '/after');
    await tick(10_000);
    expect(h.sent).toHaveLength(0);
    expect(h.queued().map((e) => e.name)).toEqual(['page_view', 'queued']);
  });
});

describe('never throws into the page', () => {
  it('survives bad calls, a failing detector and unserialisable props', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const h = track(
      harness({
        config: {
          detectors: [
            {
              name: 'broken',
              setup: () => {
                throw new Error('boom');
              },
            },
            {
              name: 'teardown-throws',
              setup: () => () => {
                throw new Error('bye');
              },
            },
          ],
        },
      }),
    );
    expect(() => {
      h.tracker.track(undefined as never);
      h.tracker.track('circular', circular);
      h.tracker.identify(42 as never);
      h.tracker.consent('maybe' as never);
    }).not.toThrow();
    await tick(); // the detectors start a task later
    await h.tracker.flush();
    expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/"broken" failed to start/);
    expect(h.ofType('page_view')).toHaveLength(1);
    expect(() => h.tracker.destroy()).not.toThrow();
  });

  it('does nothing on the server (no window)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = createTracker({ endpoint: ENDPOINT }, { window: undefined as never });
    expect(() => (t.track('x'), t.page(), t.destroy())).not.toThrow();
    expect(warn).not.toHaveBeenCalled();
    expect((window as unknown as Record<string, unknown>).__leadbeacon__).toBeUndefined();
  });
});

describe('consent', () => {
  it('pending stores nothing and sends nothing until granted; denied drops what waited', async () => {
    const h = track(harness({ config: { consent: 'pending' } }));
    h.tracker.track('waiting');
    await tick(10_000);
    expect(h.storage!.length).toBe(0);
    expect(h.sent).toHaveLength(0);
    h.tracker.consent('granted');
    await h.tracker.flush();
    expect(h.events().map((e) => e.name)).toEqual(['page_view', 'waiting']);
    expect(h.storage!.getItem('lb')).toBeTruthy();
    h.tracker.consent('denied');
    expect(h.storage!.length).toBe(0);
    h.tracker.track('after');
    await tick(10_000);
    expect(h.events()).toHaveLength(2);
    expect(h.storage!.length).toBe(0);
  });
});
