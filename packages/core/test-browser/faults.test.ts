/**
 * Faults, in Chromium against the real collector behind a proxy that misbehaves on purpose: a
 * collector answering after 10 s, 500, 429 with Retry-After, a connection reset mid-body, a 2xx
 * with a garbage body, an endpoint on another origin without CORS headers; localStorage full,
 * disabled, or holding corrupted JSON and foreign keys; a clock hours off; three tabs with the
 * collector down and coming back. In every case each event arrives exactly once by id, or is
 * counted in `dropped`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { STORAGE_UNAVAILABLE } from '../src/warnings';
import { settleTime, sleep, startEnv, warningLine, watch, type Env } from './env';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env?.close());
beforeEach(() => {
  env.proxy.mode('pass');
  env.proxy.clear();
});

let seq = 0;
/** A page at `path` (with `init` run before any of its scripts), its watch and the tracker started. */
async function open(path = '/lead.html', init?: (arg: string) => void, arg = '') {
  const context = await env.context();
  if (init) await context.addInitScript(init, arg);
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(env.site.url + path);
  await page.waitForFunction(() => !!(window as unknown as { leadbeacon?: { tracker?: unknown } }).leadbeacon?.tracker);
  return { page, seen, context };
}

/** A lead with a form id of its own, made through the script tag's command. */
async function lead(page: Page): Promise<string> {
  const formId = `fault-${++seq}`;
  await page.evaluate(
    (id) =>
      (window as unknown as { leadbeacon: (...a: unknown[]) => void }).leadbeacon('track', 'form_submit', {
        formId: id,
        fieldNames: ['email'],
        via: 'script',
      }),
    formId,
  );
  return formId;
}

/** POSTs that carried the lead `formId`. */
const attemptsWith = (formId: string) => env.proxy.requests.filter((r) => r.method === 'POST' && r.body.includes(`"${formId}"`));

/** Waits for the lead to be stored, lets anything doubled arrive, and returns how many times it is stored. */
async function stored(formId: string, timeout = 15_000): Promise<number> {
  await env.collector.waitForEvents((es) => es.some((e) => e.props.formId === formId), { timeout });
  await settleTime();
  return (await env.collector.events()).filter((e) => e.props.formId === formId).length;
}

/** The page's own queues hold nothing any more (every event acknowledged). */
const drained = (page: Page, timeout = 15_000) =>
  page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('lb_q:')), undefined, { timeout });

describe('a collector that misbehaves', () => {
  it('answering after 10 s: one request, no retry meanwhile, stored once, then acknowledged', async () => {
    const { page } = await open();
    env.proxy.mode('slow', 10_000);
    const id = await lead(page);
    expect(await stored(id)).toBe(1);
    await drained(page, 20_000);
    expect(attemptsWith(id)).toHaveLength(1);
  });

  it('500: retried with the same id until it passes; stored once', async () => {
    const { page } = await open();
    env.proxy.mode('status', 500);
    const id = await lead(page);
    await env.proxy.waitForRequests(() => attemptsWith(id).length >= 2, { timeout: 10_000 });
    env.proxy.mode('pass');
    expect(await stored(id)).toBe(1);
    await drained(page);
    expect(
      attemptsWith(id)
        .slice(0, 2)
        .every((r) => r.answer?.mode === 'status'),
    ).toBe(true);
  });

  it('429 with Retry-After: 3: the next attempt waits the 3 s it was told; stored once', async () => {
    const { page } = await open();
    env.proxy.mode('status', 429, { retryAfter: 3 });
    const id = await lead(page);
    await env.proxy.waitForRequests(() => attemptsWith(id).length >= 1);
    env.proxy.mode('pass');
    expect(await stored(id)).toBe(1);
    const [first, second] = attemptsWith(id);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2500);
  });

  it('a connection reset mid-body: the status had come (the tracker never reads the body), stored once, sent once', async () => {
    const { page, seen } = await open();
    env.proxy.mode('reset');
    const id = await lead(page);
    expect(await stored(id)).toBe(1);
    await drained(page);
    expect(attemptsWith(id)).toHaveLength(1);
    expect(seen.errors).toEqual([]);
  });

  it('a connection reset before any answer: sent again until one comes, stored once', async () => {
    const { page } = await open();
    env.proxy.mode('drop');
    const id = await lead(page);
    await env.proxy.waitForRequests(() => attemptsWith(id).length >= 2, { timeout: 10_000 });
    env.proxy.mode('pass');
    expect(await stored(id)).toBe(1);
    await drained(page);
  });

  it('a 2xx with a garbage body: taken as accepted (the status says so), stored once, sent once', async () => {
    const { page, seen } = await open();
    env.proxy.mode('garbage');
    const id = await lead(page);
    expect(await stored(id)).toBe(1);
    await drained(page);
    expect(attemptsWith(id)).toHaveLength(1);
    expect(seen.errors).toEqual([]);
  });

  it('an endpoint on another origin without CORS headers: the answer is hidden, so it is sent again until one is readable; stored once', async () => {
    const { page } = await open();
    env.proxy.mode('nocors');
    const id = await lead(page);
    await env.proxy.waitForRequests(() => attemptsWith(id).length >= 2, { timeout: 10_000 });
    expect(await stored(id)).toBe(1);
    env.proxy.mode('pass');
    await drained(page);
    expect(await stored(id)).toBe(1);
    // text/plain: no preflight even cross-origin.
    expect(env.proxy.requests.some((r) => r.method === 'OPTIONS')).toBe(false);
  });
});

describe('storage that misbehaves', () => {
  it('localStorage full (QuotaExceededError): events wait in memory and arrive once', async () => {
    const { page, seen } = await open('/lead.html', () => {
      // Filled to the last character the quota allows.
      let i = 0;
      for (let size = 1 << 20; size >= 1;) {
        try {
          localStorage.setItem('filler-' + i++, 'x'.repeat(size));
        } catch {
          size >>= 1;
        }
      }
    });
    const id = await lead(page);
    expect(await stored(id)).toBe(1);
    expect(seen.errors).toEqual([]);
    expect(seen.warnings.filter((w) => warningLine(STORAGE_UNAVAILABLE).test(w))).toHaveLength(1);
  });

  it('localStorage disabled (its getter throws): events wait in memory and arrive once', async () => {
    const { page, seen } = await open('/lead.html', () => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    const id = await lead(page);
    expect(await stored(id)).toBe(1);
    expect(seen.errors).toEqual([]);
  });

  it('corrupted JSON and foreign keys: the visitor starts afresh, what is no event is dropped and counted, the lead arrives once', async () => {
    const left = JSON.stringify({
      id: 'left-by-a-closed-tab',
      type: 'custom',
      name: 'left',
      ts: new Date().toISOString(),
      anonymousId: 'a',
      sessionId: 's',
      page: { url: 'http://x/', path: '/', title: '', referrer: '' },
      attribution: {
        first: { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: 'http://x/', ts: new Date().toISOString() },
        last: { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: 'http://x/', ts: new Date().toISOString() },
      },
      props: {},
    });
    const { page, seen } = await open(
      '/lead.html',
      (event: string) => {
        if (sessionStorage.getItem('seeded')) return;
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('lb', '{"a":');
        localStorage.setItem('lb_q:gone-tab', `{"q":[{"e":{"id":"half-written"}},{"e":null},{"e":${event},"b":400}],"d":0,"t":1}`);
        localStorage.setItem('lb_q:garbage', '[1,2');
        localStorage.setItem('lb_lk', '"someone"');
        localStorage.setItem('another-app', '{"q":[]}');
      },
      left,
    );
    const id = await lead(page);
    expect(await stored(id)).toBe(1);
    // The gone tab's queue is adopted after its grace: its event arrives, its two unreadable entries are reported as dropped.
    await env.proxy.waitForRequests((rs) => rs.some((r) => /"dropped":2/.test(r.body) && r.body.includes('left-by-a-closed-tab')), {
      timeout: 15_000,
    });
    expect((await env.collector.events()).filter((e) => e.id === 'left-by-a-closed-tab')).toHaveLength(1);
    expect(seen.errors).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('another-app'))).toBe('{"q":[]}');
  });

  it('a queue full while the collector is down: the oldest are dropped and the count is reported', async () => {
    const { page } = await open('/bounded.html');
    env.proxy.mode('drop');
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await lead(page));
    await sleep(500);
    env.proxy.mode('pass');
    await page.evaluate(() => (window as unknown as { leadbeacon: (c: string) => Promise<void> }).leadbeacon('flush'));
    for (const id of ids.slice(2)) expect(await stored(id)).toBe(1);
    const delivered = env.proxy.requests.filter((r) => r.answer?.mode === 'pass' && r.method === 'POST');
    expect(delivered.reduce((n, r) => n + ((JSON.parse(r.body) as { dropped?: number }).dropped ?? 0), 0)).toBe(2);
    for (const id of ids.slice(0, 2)) expect((await env.collector.events()).some((e) => e.props.formId === id)).toBe(false);
  });
});

describe('a clock hours off, and several tabs', () => {
  it('a clock 5 hours fast: every batch says when it left (sentAt) on the same clock as its events, so the collector can correct them', async () => {
    const OFF = 5 * 3600_000;
    const { page } = await open('/lead.html', () => {
      const real = Date.now;
      Date.now = () => real() + 5 * 3600_000;
      const RealDate = Date;
      // `new Date()` too, as a machine whose clock is wrong gives it.
      (window as unknown as { Date: DateConstructor }).Date = new Proxy(RealDate, {
        construct: (target, args: unknown[]) => (args.length ? new target(...(args as [number])) : new target(Date.now())),
      });
    });
    const id = await lead(page);
    expect(await stored(id)).toBe(1);
    const body = JSON.parse(attemptsWith(id)[0]!.body) as { sentAt: string; events: { ts: string; props: { formId: string } }[] };
    const event = body.events.find((e) => e.props.formId === id)!;
    const sentAt = Date.parse(body.sentAt);
    expect(Math.abs(sentAt - (attemptsWith(id)[0]!.at + OFF))).toBeLessThan(60_000);
    expect(sentAt - Date.parse(event.ts)).toBeGreaterThanOrEqual(0);
    expect(sentAt - Date.parse(event.ts)).toBeLessThan(60_000);
  });

  it('three tabs open with the collector down and coming back: every lead arrives exactly once', async () => {
    const context = await env.context();
    const pages = await Promise.all([0, 1, 2].map(() => context.newPage()));
    await Promise.all(pages.map((p) => p.goto(env.site.url + '/lead.html')));
    env.proxy.mode('drop');
    const ids: string[] = [];
    for (const p of pages) ids.push(await lead(p), await lead(p));
    await sleep(2000);
    env.proxy.mode('pass');
    for (const p of pages) await p.evaluate(() => (window as unknown as { leadbeacon: (c: string) => Promise<void> }).leadbeacon('flush'));
    for (const id of ids) expect(await stored(id, 20_000)).toBe(1);
  });
});
