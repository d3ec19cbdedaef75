/**
 * Hostile pages, in Chromium: a page that replaces fetch, XMLHttpRequest, sendBeacon,
 * JSON.stringify, Array.prototype.map/forEach/push, history.pushState or
 * EventTarget.prototype.addEventListener; pollutes Object.prototype; freezes window.leadbeacon
 * or makes it non-writable before the script loads; throws from every submit and click
 * handler; has 10,000 links and 200 forms. The tracker keeps working (each lead arrives once),
 * or goes inert with one console warning; the page's own handlers always run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_BUILTINS, GLOBAL_NOT_WRITABLE } from '../src/warnings';
import { settleTime, startEnv, warningLine, watch, type Env } from './env';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env?.close());

type Own = { clicks: number; submits: number; answers: number };

/** Opens the hostile page with `hostility` run before any of its scripts, submits its form, clicks its own button. */
async function visit(hostility: () => void, query = '') {
  const context = await env.context();
  await context.addInitScript(hostility);
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(env.site.url + '/hostile.html' + query);
  await page.waitForFunction(() => document.readyState === 'complete');
  await page.waitForTimeout(300); // the tracker starts a task or two after the script
  await page.click('#own');
  await page.click(query ? '#f150 button' : '#send');
  await page.waitForFunction(() => (window as unknown as { own: Own }).own.answers === 1);
  const own = await page.evaluate(() => (window as unknown as { own: Own }).own);
  const aid = await page.evaluate(() => {
    try {
      return (JSON.parse(localStorage.getItem('lb') || '{}') as { a?: string }).a ?? '';
    } catch {
      return '';
    }
  });
  return { page, seen, own, aid, context };
}

const ours = (warnings: string[]) => warnings.filter((w) => w.startsWith('[leadbeacon]'));

/** The page's own handlers ran, nothing of ours reached the page, and the lead arrived exactly once. */
async function keepsWorking(v: Awaited<ReturnType<typeof visit>>, formId = 'ajax') {
  expect(v.own).toEqual({ clicks: 1, submits: 1, answers: 1 });
  expect(v.seen.errors).toEqual([]);
  await env.collector.waitForEvents(
    (es) => es.some((e) => e.type === 'form_submit' && e.props.formId === formId && e.anonymousId === v.aid),
    {
      timeout: 10_000,
    },
  );
  await settleTime();
  const leads = (await env.collector.events()).filter((e) => e.type === 'form_submit' && e.anonymousId === v.aid);
  expect(leads.map((e) => e.props.formId)).toEqual([formId]);
  expect(JSON.stringify(leads)).not.toContain('typed@example.com');
}

describe('a page that replaces what the tracker uses', () => {
  it('fetch, XMLHttpRequest and sendBeacon wrapped by the page (instrumentation, polyfills): keeps working', async () => {
    const v = await visit(() => {
      const f = window.fetch;
      window.fetch = function (...a: Parameters<typeof fetch>) {
        return f.apply(this, a);
      };
      const open = XMLHttpRequest.prototype.open;
      XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...a: unknown[]) {
        return (open as (...x: unknown[]) => void).apply(this, a);
      } as typeof open;
      const beacon = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, data) => beacon(url, data);
    });
    await keepsWorking(v);
    expect(ours(v.seen.warnings)).toEqual([]);
  });

  it('sendBeacon that refuses everything: leaving the page goes by keepalive fetch instead', async () => {
    const v = await visit(() => {
      navigator.sendBeacon = () => false;
    });
    await keepsWorking(v);
    await v.page.click('#call'); // a lead, then the page is left at once
    await v.page.goto(env.site.url + '/other.html');
    await env.collector.waitForEvents((es) => es.some((e) => e.type === 'call_click' && e.anonymousId === v.aid), { timeout: 10_000 });
  });

  it('JSON.stringify, Array map/forEach/push wrapped by the page: keeps working', async () => {
    const v = await visit(() => {
      const stringify = JSON.stringify;
      JSON.stringify = function (...a: Parameters<typeof stringify>) {
        return stringify.apply(JSON, a);
      } as typeof stringify;
      for (const m of ['map', 'forEach', 'push'] as const) {
        const orig = Array.prototype[m] as (...a: unknown[]) => unknown;
        (Array.prototype as unknown as Record<string, unknown>)[m] = function (this: unknown[], ...a: unknown[]) {
          return orig.apply(this, a);
        };
      }
    });
    await keepsWorking(v);
  });

  it('a JSON.stringify that no longer works: inert with one warning; the page works on', async () => {
    const v = await visit(() => {
      JSON.stringify = (() => '{}') as typeof JSON.stringify;
    });
    expect(v.own).toEqual({ clicks: 1, submits: 1, answers: 1 });
    expect(v.seen.errors).toEqual([]);
    expect(ours(v.seen.warnings)).toEqual([expect.stringMatching(warningLine(BROKEN_BUILTINS))]);
    await settleTime();
    expect(env.proxy.requests.filter((r) => r.method === 'POST' && r.headers.referer?.includes('hostile'))).toEqual([]);
  });

  it('an Array.prototype.forEach that does nothing: inert with one warning; the page works on', async () => {
    const v = await visit(() => {
      Array.prototype.forEach = function () {};
    });
    expect(v.own).toEqual({ clicks: 1, submits: 1, answers: 1 });
    expect(v.seen.errors).toEqual([]);
    expect(ours(v.seen.warnings)).toEqual([expect.stringMatching(warningLine(BROKEN_BUILTINS))]);
  });

  it('keys added to Object.prototype (options, stub state, event fields): never read as ours', async () => {
    const v = await visit(() => {
      const polluted: Record<string, unknown> = {
        endpoint: 'http://evil.invalid/collect',
        format: 'segment',
        headers: { 'X-Evil': '1' },
        forms: false,
        loaded: true,
        q: [['track', 'evil']],
        consent: 'denied',
        once: 'x',
        value: 99,
        polluted: 'yes',
      };
      for (const [k, val] of Object.entries(polluted)) (Object.prototype as Record<string, unknown>)[k] = val;
    });
    await keepsWorking(v);
    const events = (await env.collector.events()).filter((e) => e.anonymousId === v.aid);
    expect(events.map((e) => e.name)).not.toContain('evil');
    expect(events.every((e) => e.value === undefined)).toBe(true);
    // Native format, no custom headers (no preflight) and no request to the polluted endpoint.
    expect(env.proxy.requests.some((r) => r.method === 'OPTIONS')).toBe(false);
  });

  it('history.pushState replaced by the page before the script: navigations are still page views', async () => {
    const v = await visit(() => {
      const push = history.pushState;
      history.pushState = function (this: History, ...a: Parameters<History['pushState']>) {
        return push.apply(this, a);
      };
    });
    await v.page.evaluate(() => history.pushState(null, '', '/hostile.html?step=2'));
    await keepsWorking(v);
    await env.collector.waitForEvents(
      (es) => es.some((e) => e.anonymousId === v.aid && e.type === 'page_view' && e.page.url.includes('step=2')),
      {
        timeout: 10_000,
      },
    );
  });

  it('EventTarget.prototype.addEventListener replaced by a wrapper (zone.js and the like): keeps working', async () => {
    const v = await visit(() => {
      const add = EventTarget.prototype.addEventListener;
      EventTarget.prototype.addEventListener = function (this: EventTarget, ...a: Parameters<EventTarget['addEventListener']>) {
        return add.apply(this, a);
      };
    });
    await keepsWorking(v);
  });
});

describe('a page that gets in the way', () => {
  it('window.leadbeacon defined non-writable before the script: one warning, the tracker records all the same', async () => {
    const v = await visit(() => {
      const stub = function (...a: unknown[]) {
        (stub.q = stub.q || []).push(a);
      } as ((...a: unknown[]) => void) & { q?: unknown[][] };
      Object.defineProperty(window, 'leadbeacon', { value: stub, writable: false, configurable: false });
    });
    await keepsWorking(v);
    expect(ours(v.seen.warnings)).toEqual([expect.stringMatching(warningLine(GLOBAL_NOT_WRITABLE))]);
  });

  it('a frozen window.leadbeacon stub: replaced, its queued calls run', async () => {
    const v = await visit(() => {
      const stub = function () {} as unknown as { q: unknown[][] };
      stub.q = [['track', 'queued_before_load']];
      (window as unknown as { leadbeacon: unknown }).leadbeacon = Object.freeze(stub);
    });
    await keepsWorking(v);
    await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === v.aid && e.name === 'queued_before_load'));
  });

  it("handlers that throw on every submit and click: the errors are the page's own; leads arrive once", async () => {
    const v = await visit(() => {
      for (const target of [window, document])
        for (const type of ['click', 'submit'])
          for (const capture of [true, false])
            target.addEventListener(
              type,
              () => {
                throw new Error('page handler ' + type);
              },
              capture,
            );
    });
    expect(v.own).toEqual({ clicks: 1, submits: 1, answers: 1 });
    expect(v.seen.errors.every((e) => /page handler (click|submit)/.test(e))).toBe(true);
    v.seen.errors.length = 0;
    await keepsWorking(v);
  });

  it('10,000 links and 200 forms: the 151st form is one lead, a click on the 9,000th link is no lead', async () => {
    const v = await visit(() => {}, '?many');
    await v.page.click('#many a:nth-of-type(9000)');
    expect(v.own).toEqual({ clicks: 1, submits: 1, answers: 1 });
    await keepsWorking({ ...v, own: { clicks: 1, submits: 1, answers: 1 } }, 'f150');
  });
});
