import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { interpretEvent } from '@leadbeacon/collector';
import { readAttributes } from '../src/script-attributes';
import { createLogger } from '../src/log';
import { fetchedEvents, scriptTag as tag } from './harness';

type Api = ((...a: unknown[]) => unknown) & { q?: unknown[][]; loaded?: boolean; tracker?: { destroy(): void } };
const w = window as unknown as { leadbeacon?: Api };

function stub() {
  // The snippet from contract §1.
  w.leadbeacon =
    w.leadbeacon ||
    (function (...args: unknown[]) {
      (w.leadbeacon!.q = w.leadbeacon!.q || []).push(args);
    } as Api);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
  document.head.innerHTML = '';
  localStorage.clear();
});
afterEach(() => {
  w.leadbeacon?.tracker?.destroy();
  delete w.leadbeacon;
  vi.useRealTimers();
});

describe('script tag', () => {
  it('reads one data-* attribute per option and warns about unknown ones', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const s = tag({
      'data-endpoint': 'https://c.test/collect',
      'data-consent': 'pending',
      'data-batch-delay': '2000',
      'data-debug': '',
      'data-forms': 'false',
      'data-headers': '{"X-Key":"k"}',
      'data-cfasync': 'false',
      'data-endpiont': 'typo',
    });
    expect(readAttributes(s, createLogger(false))).toEqual({
      endpoint: 'https://c.test/collect',
      consent: 'pending',
      batchDelay: 2000,
      debug: true,
      forms: false,
      headers: { 'X-Key': 'k' },
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('"data-endpiont"');
  });

  it('data-fill-fields: "true", "add", a JSON object of names, "false"', () => {
    const read = (v: string) => readAttributes(tag({ 'data-endpoint': '/e', 'data-fill-fields': v }), createLogger(false)).fillFields;
    expect(read('')).toBe(true);
    expect(read('true')).toBe(true);
    expect(read('add')).toBe('add');
    expect(read('{"names":{"lb_gclid":"input_7"}}')).toEqual({ names: { lb_gclid: 'input_7' } });
    expect(read('false')).toBe(false);
  });

  it('replaces the stub, runs queued calls in order, and a second copy of the tag is harmless', async () => {
    const fetchMock = vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}', { status: 200 }));
    tag({ 'data-endpoint': 'https://c.test/collect' });
    stub();
    w.leadbeacon!('track', 'first');
    w.leadbeacon!('identify', 'u1');
    w.leadbeacon!('track', 'second');
    await import('../src/cdn');
    const api = w.leadbeacon!;
    expect(api.loaded).toBe(true);
    api('track', 'third');
    const flushed = api('flush');
    await vi.advanceTimersByTimeAsync(100); // jsdom has no Web Locks: the storage lease settles on a timer
    await flushed;
    const sent = fetchedEvents(fetchMock);
    expect(sent.map((e: { name: string }) => e.name)).toEqual(['page_view', 'first', 'identify', 'second', 'third']);
    expect(sent[3]!.userId).toBe('u1');
    // Loading the file again changes nothing and makes no second tracker.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.resetModules();
    await import('../src/cdn');
    expect(w.leadbeacon).toBe(api);
    expect(warn).not.toHaveBeenCalled();
  });

  it('applies a queued consent call before anything is stored', async () => {
    const fetchMock = vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    tag({ 'data-endpoint': 'https://c.test/collect' });
    stub();
    w.leadbeacon!('consent', 'denied');
    await import('../src/cdn');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(localStorage.length).toBe(0);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('without data-endpoint warns once and does nothing else', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fetchMock = vi.spyOn(window, 'fetch');
    tag({ src: '/leadbeacon.min.js' });
    await import('../src/cdn');
    w.leadbeacon!('track', 'x');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/data-endpoint/);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
  });

  it("does no more than take over window.leadbeacon in the script's own task; the tracker starts a task later", async () => {
    const fetchMock = vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    const replaceState = history.replaceState;
    tag({ 'data-endpoint': 'https://c.test/collect' });
    await import('../src/cdn');
    expect(w.leadbeacon!.loaded).toBe(true);
    expect(w.leadbeacon!.tracker).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(w.leadbeacon!.tracker).toBeDefined();
    const flushed = w.leadbeacon!('flush');
    await vi.advanceTimersByTimeAsync(100);
    await flushed;
    const sent = fetchedEvents(fetchMock);
    expect(sent.map((e: { type: string }) => e.type)).toEqual(['page_view']);
    // Only the page view detector wraps replaceState (the script's stand-in is gone with the start).
    w.leadbeacon!.tracker!.destroy();
    expect(history.replaceState).toBe(replaceState);
  });

  it("a script's form.submit() and a router's pushState before the tracker starts are counted", async () => {
    const fetchMock = vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    vi.spyOn(console, 'error').mockImplementation(() => {}); // jsdom: form.submit() is not implemented
    history.replaceState(null, '', '/landing');
    document.body.innerHTML = '<form id="quote" method="post" action="/thanks"><input name="email"></form>';
    const submit = HTMLFormElement.prototype.submit;
    tag({ 'data-endpoint': 'https://c.test/collect' });
    await import('../src/cdn');
    // Still the script's task: nothing has started yet.
    history.pushState(null, '', '/step-2');
    document.querySelector('form')!.submit();
    const flushed = w.leadbeacon!('flush');
    await vi.advanceTimersByTimeAsync(100);
    await flushed;
    const sent = fetchedEvents(fetchMock);
    expect(sent.map((e) => [e.type, e.page.path])).toEqual([
      ['page_view', '/landing'],
      ['page_view', '/step-2'],
      ['form_submit', '/step-2'],
    ]);
    expect(sent[2]!.props).toMatchObject({ formId: 'quote', via: 'native', fieldNames: ['email'] });
    w.leadbeacon!.tracker!.destroy();
    expect(HTMLFormElement.prototype.submit).toBe(submit);
    history.replaceState(null, '', '/');
  });

  it('keeps the landing URL of the moment the script ran, though the site strips its UTM tags before the tracker starts', async () => {
    const fetchMock = vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    history.replaceState(null, '', '/?utm_source=news&utm_medium=email&gclid=abc');
    tag({ 'data-endpoint': 'https://c.test/collect' });
    await import('../src/cdn');
    history.replaceState(null, '', '/'); // a router cleaning the address bar
    await vi.advanceTimersByTimeAsync(0);
    const flushed = w.leadbeacon!('flush');
    await vi.advanceTimersByTimeAsync(100);
    await flushed;
    history.replaceState(null, '', '/');
    const [view] = fetchedEvents(fetchMock).map((e) => interpretEvent(e));
    expect(view!.attribution.first).toMatchObject({ source: 'news', medium: 'email', channel: 'Email', clickIds: { gclid: 'abc' } });
    expect(view!.attribution.first.landingPage).toContain('utm_source=news');
  });

  it('a command, or the visitor acting, before the timer starts the tracker at once; so does the page being left', async () => {
    const fetchMock = vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    tag({ 'data-endpoint': 'https://c.test/collect' });
    await import('../src/cdn');
    w.leadbeacon!('track', 'early');
    expect(w.leadbeacon!.tracker).toBeDefined();
    w.leadbeacon!.tracker!.destroy();
    delete w.leadbeacon;

    // A click on a tel: link in the script's own task: the detectors start before it reaches the document.
    vi.resetModules();
    document.body.innerHTML = '<a href="tel:+15555550100">call</a>';
    await import('../src/cdn');
    document.querySelector('a')!.addEventListener('click', (e) => e.preventDefault());
    document.querySelector('a')!.click();
    expect(w.leadbeacon!.tracker).toBeDefined();
    const flushed = w.leadbeacon!('flush');
    await vi.advanceTimersByTimeAsync(100);
    await flushed;
    let sent = fetchedEvents(fetchMock);
    expect(sent.map((e: { type: string }) => e.type)).toContain('call_click');
    w.leadbeacon!.tracker!.destroy();
    delete w.leadbeacon;
    document.body.innerHTML = '';

    // Left before the timer: the load's page view goes at once.
    vi.resetModules();
    fetchMock.mockClear();
    localStorage.clear(); // no queue of the trackers above to send at once anyway
    await import('../src/cdn');
    window.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(100);
    sent = fetchedEvents(fetchMock);
    expect(sent.map((e: { type: string }) => e.type)).toEqual(['page_view']);
  });

  it('a mousedown or keydown before the timer starts the tracker and its detectors at once', async () => {
    const fetchMock = vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    document.body.innerHTML = '<a href="tel:+15555550100">call</a>';
    const link = document.querySelector('a')!;
    link.addEventListener('click', (e) => e.preventDefault());
    for (const type of ['mousedown', 'keydown']) {
      vi.resetModules();
      localStorage.clear();
      fetchMock.mockClear();
      tag({ 'data-endpoint': 'https://c.test/collect' });
      await import('../src/cdn');
      link.dispatchEvent(new Event(type, { bubbles: true }));
      expect(w.leadbeacon!.tracker, type).toBeDefined();
      // The click that follows (no task in between here) finds the detectors listening.
      link.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      const flushed = w.leadbeacon!('flush');
      await vi.advanceTimersByTimeAsync(100);
      await flushed;
      const sent = fetchedEvents(fetchMock);
      expect(
        sent.map((e: { type: string }) => e.type),
        type,
      ).toContain('call_click');
      w.leadbeacon!.tracker!.destroy();
      delete w.leadbeacon;
    }
    document.body.innerHTML = '';
  });

  it('warns about an unknown command', async () => {
    tag({ 'data-endpoint': 'https://c.test/collect' });
    vi.spyOn(window, 'fetch').mockResolvedValue(new Response('{}'));
    await import('../src/cdn');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    w.leadbeacon!('destroy');
    expect(warn.mock.calls[0]![0]).toContain('unknown command "destroy"');
  });
});
