/**
 * Web vitals through the script tag, in headless Chromium with the real `web-vitals` package:
 * `data-web-vitals="true"` loads dist/leadbeacon-vitals.min.js from beside leadbeacon.min.js and
 * the five metrics reach the real collector once the page is hidden (navigated away or closed);
 * without the attribute the lazy file is never requested.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, serveStatic, startCollector, type StaticServer, type TestCollector } from '@leadbeacon/test-utils';

const PAGES = fileURLToPath(new URL('./pages/vitals/', import.meta.url));
const dist = (f: string) => {
  try {
    return readFileSync(new URL('../dist/' + f, import.meta.url), 'utf8');
  } catch {
    throw new Error(`dist/${f} is missing: run \`npm run build\` first`);
  }
};

let collector: TestCollector;
let site: StaticServer;
let browser: Browser;
let endpoint: string;
/** Paths of every request the site served, in order. */
const served: string[] = [];
/** The `?visit=` of each page whose last visibilitychange listener ran (see the closing-tab test). */
const handlersDone: string[] = [];

const js = (body: string) => (_req: unknown, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
};

beforeAll(async () => {
  const main = dist('leadbeacon.min.js');
  const vitals = dist('leadbeacon-vitals.min.js');
  collector = await startCollector();
  endpoint = collector.url + '/collect';
  const page = (html: string, csp?: string) => (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...(csp ? { 'content-security-policy': csp } : {}),
    });
    res.end(html.replaceAll('__ENDPOINT__', endpoint));
  };
  const on = readFileSync(PAGES + 'on.html', 'utf8');
  site = await serveStatic(PAGES, {
    transformHtml: (html, path) => (served.push(path), html.replaceAll('__ENDPOINT__', endpoint)),
    routes: {
      'GET /js/leadbeacon.min.js': (req, res) => (served.push('/js/leadbeacon.min.js'), js(main)(req, res)),
      'GET /js/leadbeacon-vitals.min.js': (req, res) => (served.push('/js/leadbeacon-vitals.min.js'), js(vitals)(req, res)),
      '/favicon.ico': (_req, res) => void res.writeHead(204).end(),
      'POST /handlers-done': (_req, res, { url }) => (handlersDone.push(url.search), void res.writeHead(204).end()),
      // Only scripts carrying the nonce may run: the lazy file must get it from the main tag.
      'GET /csp.html': page(
        on.replace('<script async src=', '<script nonce="n0nce" async src=').replace('<script>', '<script nonce="n0nce">'),
        "script-src 'nonce-n0nce'",
      ),
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled([site?.close(), collector?.close()]);
});

function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => (m.type() === 'warning' || m.type() === 'error') && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  return problems;
}

/** Resolves once the page has a largest contentful paint: a click before it would end LCP early. */
function painted(page: Page) {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        new PerformanceObserver(() => resolve()).observe({ type: 'largest-contentful-paint', buffered: true }),
      ),
  );
}

/**
 * Shifts the painted page without any input, so CLS has something to count. (A timer in the page
 * did this before, but on a loaded machine it could fire before the first paint, and a change
 * before anything is painted is no layout shift: CLS was 0 in one CI run.)
 */
function shiftLayout(page: Page) {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const p = document.createElement('p');
        p.textContent = 'Open today until 22:00.';
        document.body.insertBefore(p, document.body.firstChild);
        new PerformanceObserver(() => resolve()).observe({ type: 'layout-shift', buffered: true });
      }),
  );
}

/** Resolves once the lazy vitals file has run. */
const lazyFileRan = (page: Page) => page.waitForFunction(() => (window as unknown as { __vitalsRan?: boolean }).__vitalsRan === true);

/** Loads `path` (with `init` run first in the page, if given), lets it paint, shifts its layout (for CLS), clicks (an interaction for INP). */
async function visit(path: string, init?: () => void) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  // A script's load event fires once it has run; it does not bubble, so listen in the capture phase.
  await page.addInitScript(() =>
    document.addEventListener(
      'load',
      (e) =>
        (e.target as HTMLScriptElement).src?.includes('leadbeacon-vitals') &&
        ((window as unknown as { __vitalsRan: boolean }).__vitalsRan = true),
      true,
    ),
  );
  if (init) await page.addInitScript(init);
  await page.goto(site.url + path);
  await page.waitForFunction(() => (window as unknown as { leadbeacon?: { loaded?: boolean } }).leadbeacon?.loaded === true);
  await painted(page);
  await shiftLayout(page);
  await page.click('#btn');
  // web-vitals takes an interaction into INP from an idle callback (at most 1 s later; headless
  // Chromium has no idle time, so the full second); a page hidden before that reports no INP.
  await page.waitForTimeout(1200);
  return { context, page, problems, requested };
}

/**
 * Visits on.html`query`, closes the tab, and returns false if the browser ended the page before
 * its last visibilitychange listener ran; else waits for the visit's five vitals.
 */
async function closeAndCheck(query: string): Promise<boolean> {
  const ofThisVisit = <E extends { page?: { url?: string } }>(es: E[]) => es.filter((e) => e.page?.url?.endsWith(query));
  const { context, page, requested } = await visit(`/on.html${query}`, () =>
    addEventListener('visibilitychange', () => navigator.sendBeacon(`/handlers-done${location.search}`)),
  );
  await expect.poll(() => requested).toContain('/js/leadbeacon-vitals.min.js');
  await lazyFileRan(page);
  await page.close({ runBeforeUnload: false });
  try {
    await expect.poll(() => handlersDone, { timeout: 5000 }).toContain(query);
  } catch {
    await context.close();
    return false;
  }
  await collector.waitForEvents((es) => ofThisVisit(es).length >= 5, { filter: { type: 'web_vital' } });
  expect(
    ofThisVisit(await collector.events({ type: 'web_vital' }))
      .map((e) => e.props.metric)
      .sort(),
  ).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  await context.close();
  return true;
}

const vitalsOf = async (title: string) => (await collector.events({ type: 'web_vital' })).filter((e) => e.page?.title === title);

describe('web vitals in the script-tag build', () => {
  it('data-web-vitals="true": the lazy file beside the script is loaded, and all five metrics arrive once the page is left', async () => {
    const { context, page, problems, requested } = await visit('/on.html');
    await expect.poll(() => requested).toContain('/js/leadbeacon-vitals.min.js');
    // Navigating away hides the page: CLS, INP and LCP are final now and ride the beacon.
    await page.goto(site.url + '/next.html');
    await collector.waitForEvents((es) => es.filter((e) => e.page?.title === 'Vitals on').length >= 5, { filter: { type: 'web_vital' } });
    const vitals = await vitalsOf('Vitals on');
    expect(vitals.map((e) => e.props.metric).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    for (const e of vitals) {
      expect(e.name).toBe('web_vital');
      expect(typeof e.props.value).toBe('number');
      expect(['good', 'needs-improvement', 'poor']).toContain(e.props.rating);
      expect(e.props.navigationType).toBe('navigate');
    }
    // Once per page view.
    expect(new Set(vitals.map((e) => e.props.metric)).size).toBe(vitals.length);
    expect(vitals.find((e) => e.props.metric === 'CLS')!.props.value).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  // A closing tab's handlers get little time: the headless shell inside @sparticuz/chromium ends a
  // closing page 500 ms after asking it to close, done or not (measured: a pagehide handler that
  // busy-waits 400 ms leaves visibilitychange's handlers unrun; with the page's CPU throttled 80x,
  // the tracker's own close work, 5 to 10 ms unthrottled, is cut and INP and CLS are lost). A full
  // `npm test` on 2 cores can keep the page's process off the CPU that long (this test failed once
  // in such a run on that build, and passed every time alone or beside three copies of itself),
  // and then the close says nothing about the tracker. So the page beacons a mark from the last
  // visibilitychange listener (on window, bubbling: after web-vitals' and the tracker's): where the
  // mark arrived, the handlers all ran, and the five vitals must arrive; where it did not, the
  // browser cut the page short, and the test closes another visit, up to three.
  it('closing the tab hides the page: the vitals still arrive', async () => {
    for (let visit = 1; ; visit++) {
      if (await closeAndCheck(`?visit=${visit}`)) return;
      if (visit === 3) throw new Error('the browser ended each of 3 closing pages before their handlers had run');
      console.warn(`closing-tab visit ${visit}: the browser ended the page before its handlers had run; once more`);
    }
  });

  it("under a nonce-only CSP the lazy file runs with the tag's nonce", async () => {
    const { context, page, problems, requested } = await visit('/csp.html');
    await expect.poll(() => requested).toContain('/js/leadbeacon-vitals.min.js');
    await page.goto(site.url + '/next.html');
    const all = await collector.waitForEvents((es) => es.filter((e) => e.page?.path === '/csp.html').length >= 5, {
      filter: { type: 'web_vital' },
    });
    expect(
      all
        .filter((e) => e.page?.path === '/csp.html')
        .map((e) => e.props.metric)
        .sort(),
    ).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    expect(problems.filter((p) => /Content Security Policy/i.test(p))).toEqual([]);
    await context.close();
  });

  it('without the attribute the lazy file is never requested and no web_vital is sent', async () => {
    const before = served.filter((p) => p.endsWith('leadbeacon-vitals.min.js')).length;
    const { context, page, problems, requested } = await visit('/off.html');
    await page.goto(site.url + '/next.html');
    // The page view of off.html arrives: the tracker ran and delivered.
    await collector.waitForEvents((es) => es.some((e) => e.page?.title === 'Vitals off'), { filter: { type: 'page_view' } });
    expect(requested.filter((p) => p.includes('vitals'))).toEqual([]);
    expect(served.filter((p) => p.endsWith('leadbeacon-vitals.min.js')).length).toBe(before);
    expect(await vitalsOf('Vitals off')).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
