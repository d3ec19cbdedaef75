/**
 * Call tracking's number swapping in Chromium (issue 23): the script tag with `data-number-pool`
 * and `data-business-number` loads leadbeacon-numbers.min.js, which shows the number the
 * collector leases to the visit in place of the business number, in every format the page
 * writes it (each keeping its formatting), in tel: links, after an SPA route and in content
 * added later; a second tab shows the same number at once; the pool's fallback when it is
 * exhausted; the original number when the collector cannot be reached. Measures the delay
 * between the first contentful paint and the swap.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveStatic, startCollector, type StaticServer, type TestCollector } from '@leadbeacon/test-utils';
import { fileURLToPath } from 'node:url';
import { scriptFiles } from './env';

const BUSINESS = '+842812345678';
const POOL = ['+842812345601', '+842812345602'];
let collector: TestCollector;
let site: StaticServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const contexts: BrowserContext[] = [];

const html = (endpoint: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Numbers</title>
<script async src="/leadbeacon.min.js" data-endpoint="${endpoint}" data-number-pool="paid" data-business-number="${BUSINESS}"></script></head>
<body><h1>Aircon repair</h1>
<p id="a">Call (028) 1234 5678 today</p>
<p id="b">+84 28 1234 5678</p>
<p id="c">028.1234.5678</p>
<p><a id="d" href="tel:+842812345678">+84-28-1234-5678</a></p>
<p id="other">Sales 090 123 4567, order 2812345</p>
<div id="spa"></div>
<script>
  setTimeout(() => { const p = document.createElement('p'); p.id = 'late'; p.textContent = 'Hotline 028 1234 5678'; document.body.appendChild(p); }, 1200);
  window.route = () => { history.pushState({}, '', '/n/contact'); document.getElementById('spa').innerHTML = '<a id="spa-link" href="tel:02812345678">(028) 1234-5678</a>'; };
</script></body></html>`;

beforeAll(async () => {
  collector = await startCollector({
    numbers: {
      pools: [
        {
          name: 'paid',
          numbers: POOL,
          businessNumber: BUSINESS,
          match: { channel: ['Paid Search'] },
          holdMinutes: 30,
          fallback: '+842812345699',
        },
      ],
      countSeconds: 60,
      storeCallerNumbers: false,
    },
  });
  const files = scriptFiles();
  const js = (name: string) => (_req: unknown, res: import('node:http').ServerResponse) =>
    void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(files[name]);
  const page = (endpoint: () => string) => (_req: unknown, res: import('node:http').ServerResponse) =>
    void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(endpoint()));
  site = await serveStatic(fileURLToPath(new URL('./pages/', import.meta.url)), {
    routes: {
      'GET /leadbeacon.min.js': js('leadbeacon.min.js'),
      'GET /leadbeacon-numbers.min.js': js('leadbeacon-numbers.min.js'),
      'GET /n/page.html': page(() => `${collector.url}/collect`),
      'GET /n/down.html': page(() => 'http://127.0.0.1:9/collect'),
    },
  });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await browser?.close();
  await site?.close();
  await collector?.close();
});

/** Records, from before the page's first byte, when each text first shows a pool number, and the first contentful paint. */
const TIMING = () => {
  const w = window as unknown as { swapAt?: number; fcp?: number };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') w.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new MutationObserver(() => {
    if (w.swapAt === undefined && /1234 56(01|02|99)/.test(document.body?.textContent ?? '')) w.swapAt = performance.now();
  }).observe(document, { subtree: true, characterData: true, childList: true });
};

const timing = (p: Page) =>
  p.evaluate(() => {
    const w = window as unknown as { swapAt: number; fcp: number };
    return { swapAt: w.swapAt, fcp: w.fcp };
  });

async function visitor(): Promise<BrowserContext> {
  const c = await browser.newContext();
  await c.addInitScript(TIMING);
  contexts.push(c);
  return c;
}

const paid = '?utm_source=google&utm_medium=cpc&utm_campaign=aircon&gclid=Cj0-browser-test';
const text = (p: Page, id: string) => p.locator(`#${id}`).textContent();

describe('number swapping', () => {
  let first: Page;
  let number: string;

  it('swaps every format, keeping each place formatting, and tel: links; leaves other numbers alone', async () => {
    first = await (await visitor()).newPage();
    const errors: string[] = [];
    first.on('pageerror', (e) => errors.push(String(e)));
    await first.goto(`${site.url}/n/page.html${paid}`);
    await first.waitForFunction(() => !/5678/.test(document.getElementById('a')!.textContent!), undefined, { timeout: 10_000 });
    const a = (await text(first, 'a'))!;
    const last2 = /1234 56(0[12])/.exec(a)![1]!;
    number = `+8428123456${last2}`;
    expect(POOL).toContain(number);
    expect(a).toBe(`Call (028) 1234 56${last2} today`);
    expect(await text(first, 'b')).toBe(`+84 28 1234 56${last2}`);
    expect(await text(first, 'c')).toBe(`028.1234.56${last2}`);
    expect(await text(first, 'd')).toBe(`+84-28-1234-56${last2}`);
    expect(await first.locator('#d').getAttribute('href')).toBe(`tel:${number}`);
    expect(await text(first, 'other')).toBe('Sales 090 123 4567, order 2812345');
    const { swapAt, fcp } = await timing(first);
    const delay = Math.round(swapAt - fcp);
    console.log(
      `numbers: first page, swap ${delay} ms after first contentful paint (fcp ${Math.round(fcp)} ms, swap ${Math.round(swapAt)} ms)`,
    );
    expect(delay).toBeLessThan(1000);
    expect(errors).toEqual([]);
  });

  it('swaps a number added later and one rendered by an SPA route', async () => {
    await first.waitForSelector('#late');
    await first.waitForFunction(() => !/5678/.test(document.getElementById('late')!.textContent!));
    expect(await text(first, 'late')).toBe(`Hotline 028 1234 56${number.slice(-2)}`);
    await first.evaluate(() => (window as unknown as { route(): void }).route());
    await first.waitForFunction(() => !/5678/.test(document.getElementById('spa-link')!.textContent!));
    expect(await text(first, 'spa-link')).toBe(`(028) 1234-56${number.slice(-2)}`);
    expect(await first.locator('#spa-link').getAttribute('href')).toBe(`tel:${number}`);
  });

  it('shows the same number in a second tab at once, from the stored lease', async () => {
    const second = await first.context().newPage();
    await second.goto(`${site.url}/n/page.html`);
    await second.waitForFunction(() => !/5678/.test(document.getElementById('a')!.textContent!));
    expect(await text(second, 'a')).toBe(`Call (028) 1234 56${number.slice(-2)} today`);
    const { swapAt, fcp } = await timing(second);
    console.log(`numbers: second tab, swap ${Math.round(swapAt - fcp)} ms after first contentful paint`);
    await second.close();
  });

  it('gives the fallback once the pool is exhausted, and keeps a direct visit on the business number', async () => {
    const other = await (await visitor()).newPage();
    await other.goto(`${site.url}/n/page.html${paid}`);
    await other.waitForFunction(() => !/5678/.test(document.getElementById('a')!.textContent!));
    expect(await text(other, 'a')).not.toBe(await text(first, 'a'));
    const third = await (await visitor()).newPage();
    await third.goto(`${site.url}/n/page.html${paid}`);
    await third.waitForFunction(() => !/5678/.test(document.getElementById('a')!.textContent!));
    expect(await text(third, 'a')).toBe('Call (028) 1234 5699 today');
    const direct = await (await visitor()).newPage();
    const asked = direct.waitForResponse((r) => r.url().includes('/api/number'));
    await direct.goto(`${site.url}/n/page.html`);
    expect(await (await asked).json()).toMatchObject({ number: BUSINESS, matched: false });
    expect(await text(direct, 'a')).toBe('Call (028) 1234 5678 today');
  });

  it('keeps the original number when the collector cannot be reached', async () => {
    const p = await (await visitor()).newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    const failed = p.waitForEvent('requestfailed', (r) => r.url().includes('/api/number'));
    await p.goto(`${site.url}/n/down.html${paid}`);
    await failed;
    await p.waitForTimeout(200);
    expect(await text(p, 'a')).toBe('Call (028) 1234 5678 today');
    expect(await p.locator('#d').getAttribute('href')).toBe('tel:+842812345678');
    expect(errors).toEqual([]);
  });
});
