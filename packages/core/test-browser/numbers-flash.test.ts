/**
 * No flash of the wrong number (issue 23), measured in Chromium frame by frame (flash.ts): for a
 * tel: link, an element marked `data-leadbeacon-number` and bare text, how long the business
 * number was on screen before the visit's number replaced it, on a visit's first page and a later
 * one, on 127.0.0.1 and on emulated 4G and slow-4G connections, with and without the one-line
 * style in the page's head (README). The main script does nothing for it: the lazy file adopts
 * the head style and swaps. The figures are printed (README, "No flash"); the assertions are on
 * behaviour: with the head style a hidden place never shows the business number while it is
 * hidden (up to the 1 s limit); without it nothing is ever hidden (no number disappears after it
 * was painted); the hiding and the swap shift no layout; bare text is swapped in the end; and
 * every way of not getting a number (collector unreachable, an error, too slow, pool exhausted,
 * no storage consent, a visitor the pool does not match, the lazy file missing) shows the page's
 * own number, by the script before the limit when it runs, with no error in the page.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveStatic, startCollector, type StaticServer, type TestCollector } from '@leadbeacon/test-utils';
import { HIDE_MS } from '../src/numbers/hide';
import { scriptFiles } from './env';
import { CONNECTIONS, emulate, flashLog, flashOf, PLACES, sampleIn, type FlashLog, type Place, type PlaceFlash } from './flash';

const BUSINESS = '+842812345678';
const PAID = Array.from({ length: 12 }, (_, i) => `+8428123456${String(i + 10)}`);
/** The anti-flicker style a site puts in its head (collector README): hidden from the first paint on. */
const HEAD_STYLE =
  '<style id="lb-n-hide">a[href*="2812345678"],[data-leadbeacon-number]{animation:lb-n-hide 1s}@keyframes lb-n-hide{0%,to{visibility:hidden}}</style>';

let collector: TestCollector;
let site: StaticServer;
let browser: Browser;
const fakes: Server[] = [];
const contexts: BrowserContext[] = [];
const urls: Record<string, string> = {};

function page(q: URLSearchParams): string {
  const endpoint = urls[q.get('at') || 'collector']!;
  const dir = q.get('dir') || '';
  const consent = q.get('consent') ? ` data-consent="${q.get('consent')}"` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flash</title>${q.get('style') ? HEAD_STYLE : ''}
<script async src="${dir}/leadbeacon.min.js" data-endpoint="${endpoint}" data-number-pool="${q.get('pool') || 'paid'}" data-business-number="${BUSINESS}"${consent}></script></head>
<body><h1>Aircon repair</h1>
<p><a id="link" href="tel:+842812345678">028 1234 5678</a></p>
<p>Hotline: <span id="marked" data-leadbeacon-number>(028) 1234 5678</span></p>
<p id="bare">Call 028.1234.5678 today</p>
</body></html>`;
}

/** A collector stand-in on its own origin: `answer` answers GET /api/number; anything else 204. */
async function fake(answer: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'GET' && req.url?.startsWith('/api/number')) return answer(res);
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fakes.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/collect`;
}

const SLOW_MS = 2500;

beforeAll(async () => {
  const pool = (name: string, numbers: string[], fallback: string) => ({
    name,
    numbers,
    businessNumber: BUSINESS,
    match: { channel: ['Paid Search'] },
    holdMinutes: 30,
    fallback,
  });
  collector = await startCollector({
    numbers: {
      pools: [pool('paid', PAID, '+842812345699'), pool('tiny', ['+842812345601'], '+842812345699')],
      countSeconds: 60,
      storeCallerNumbers: false,
    },
  });
  urls.collector = `${collector.url}/collect`;
  urls.down = 'http://127.0.0.1:9/collect';
  urls.error = await fake((res) => void res.writeHead(500).end('{}'));
  urls.slow = await fake((res) => {
    const until = new Date(Date.now() + 30 * 60_000).toISOString();
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ number: PAID[11], until })), SLOW_MS);
  });
  const files = scriptFiles();
  // Compressed and cached like a site's static files: a later page runs the scripts from the browser's cache.
  const js = (name: string) => (_req: unknown, res: ServerResponse) =>
    void res
      .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=600', 'content-encoding': 'gzip' })
      .end(gzipSync(files[name]!));
  site = await serveStatic(fileURLToPath(new URL('./pages/', import.meta.url)), {
    routes: {
      'GET /leadbeacon.min.js': js('leadbeacon.min.js'),
      'GET /leadbeacon-numbers.min.js': js('leadbeacon-numbers.min.js'),
      // The lazy file not copied beside the script: a 404.
      'GET /nolazy/leadbeacon.min.js': js('leadbeacon.min.js'),
      'GET /f/page.html': (_req, res, { url }) =>
        void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(url.searchParams)),
      '/favicon.ico': (_req, res) => void res.writeHead(204).end(),
    },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await browser?.close();
  await site?.close();
  await collector?.close();
  for (const s of fakes) s.close();
});

/** A new visitor's tab, sampled from its first frame on; `errors` collects what the page threw. */
async function visitor() {
  const context = await browser.newContext();
  contexts.push(context);
  await sampleIn(context);
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  return { tab, errors };
}

const paid = 'utm_source=google&utm_medium=cpc&utm_campaign=aircon&gclid=Cj0-flash-test';
const stateOf = (tab: Page, id: Place) =>
  tab.evaluate((id) => {
    const el = document.getElementById(id)!;
    return { visibility: getComputedStyle(el).visibility, text: el.textContent, hiding: !!document.getElementById('lb-n-hide') };
  }, id);

/** Waits until every place shows a pool number (and a few frames more), then stops the sampling. */
async function swapped(tab: Page): Promise<FlashLog> {
  await tab.waitForFunction(
    () => ['link', 'marked', 'bare'].every((id) => !/5678/.test(document.getElementById(id)!.textContent!)),
    undefined,
    {
      timeout: 15_000,
    },
  );
  await tab.waitForTimeout(150);
  await tab.evaluate(() => (window as unknown as { stopFlash(): void }).stopFlash());
  return flashLog(tab);
}

/** Waits until the script has shown the hidden places again (the hiding style gone), then stops the sampling. */
async function revealed(tab: Page): Promise<FlashLog> {
  await tab.waitForFunction(() => (window as unknown as { flash: FlashLog }).flash.revealedAt !== undefined, undefined, {
    timeout: 15_000,
  });
  await tab.waitForTimeout(100);
  await tab.evaluate(() => (window as unknown as { stopFlash(): void }).stopFlash());
  return flashLog(tab);
}

/** A frame at 60 Hz, ms. */
const FRAME_MS = 17;

/**
 * The contract of a hidden place: no frame shows the business number while the page's head style
 * is there, up to the 1 s limit (after it: the number shown though unswapped). The limit is on
 * the frames' clock, which the CSS animation runs on: it may start a frame before the sampler
 * sees the style (FRAME_MS).
 */
function neverShownWhileHidden(log: FlashLog, flash: PlaceFlash): void {
  expect(log.hiddenAt).toBeDefined();
  const whileHidden = flash.businessFrames.filter((f) => f.hiding && f.t < log.hiddenAt! + HIDE_MS - FRAME_MS);
  expect(whileHidden).toEqual([]);
}

const rows: string[] = [];

describe('the business number, measured frame by frame', () => {
  for (const connection of CONNECTIONS)
    for (const style of [false, true])
      it(`${connection.name}, ${style ? 'with the head style' : 'without it'}`, async () => {
        const { tab, errors } = await visitor();
        await emulate(tab, connection);
        const q = style ? '&style=1' : '';
        await tab.goto(`${site.url}/f/page.html?${paid}${q}`);
        const first = await swapped(tab);
        await tab.goto(`${site.url}/f/page.html?${q.slice(1)}`);
        const later = await swapped(tab);
        const pages = [
          ['first page', first, flashOf(first)],
          ['later page', later, flashOf(later)],
        ] as const;
        for (const [name, log, flash] of pages) {
          const cells = PLACES.map(
            (p) => `${p} ${flash[p].visibleMs} ms visible (hidden ${flash[p].hiddenMs} ms, swapped at ${flash[p].swappedAt} ms)`,
          );
          rows.push(
            `${connection.name} | ${style ? 'head style' : 'no head style'} | ${name} | fcp ${Math.round(log.fcp!)} ms | ${cells.join(' | ')}`,
          );
        }
        for (const [, log, flash] of pages) {
          if (style) {
            neverShownWhileHidden(log, flash.link);
            neverShownWhileHidden(log, flash.marked);
          } else {
            // Nothing hidden by the script: a painted number never disappears.
            expect(log.hiddenAt).toBeUndefined();
            for (const p of PLACES) expect(flash[p].hiddenMs).toBe(0);
          }
          expect(flash.bare.swappedAt).toBeDefined();
          // visibility, never display: the hiding and the swap shift nothing.
          expect(log.cls).toBe(0);
        }
        expect(errors).toEqual([]);
      }, 60_000);

  afterAll(() => console.log(`numbers flash (business number on screen after the first contentful paint):\n${rows.join('\n')}`));
});

describe('with the head style, every way of not getting a number shows the page its own number again', () => {
  /** Opens `query`'s page with the head style; resolves with the tab once the lazy file has revealed the places, checked. */
  async function shownAgain(query: string) {
    const { tab, errors } = await visitor();
    const asked: string[] = [];
    tab.on('request', (r) => r.url().includes('/api/number') && asked.push(r.url()));
    await tab.goto(`${site.url}/f/page.html?${query}&style=1`);
    const log = await revealed(tab);
    // Shown by the script as soon as it knew, not by the limit.
    expect(log.revealedAt! - log.hiddenAt!).toBeLessThan(HIDE_MS);
    const flash = flashOf(log);
    neverShownWhileHidden(log, flash.link);
    neverShownWhileHidden(log, flash.marked);
    expect(log.cls).toBe(0);
    for (const id of ['link', 'marked'] as const) expect((await stateOf(tab, id)).visibility).toBe('visible');
    expect(errors).toEqual([]);
    return { tab, asked };
  }
  const business = async (tab: Page) => {
    for (const id of PLACES) expect((await stateOf(tab, id)).text).toMatch(/5678/);
    expect(await tab.locator('#link').getAttribute('href')).toBe(`tel:${BUSINESS}`);
  };

  it('the collector unreachable', async () => {
    await business((await shownAgain(`${paid}&at=down`)).tab);
  });

  it('the collector answering 500', async () => {
    const { tab, asked } = await shownAgain(`${paid}&at=error`);
    expect(asked).toHaveLength(1);
    await business(tab);
  });

  it('the answer slower than the 1 s limit: shown again at the limit, swapped when it comes', async () => {
    const { tab, errors } = await visitor();
    await tab.goto(`${site.url}/f/page.html?${paid}&at=slow&style=1`);
    await tab.waitForFunction((ms) => {
      const f = (window as unknown as { flash: FlashLog }).flash;
      return f.hiddenAt !== undefined && performance.now() > f.hiddenAt + ms;
    }, HIDE_MS + 200);
    for (const id of ['link', 'marked'] as const) {
      const s = await stateOf(tab, id);
      // The answer has not come, the limit is reached: shown, unswapped, the hiding style gone.
      expect(s).toMatchObject({ visibility: 'visible', hiding: false });
      expect(s.text).toMatch(/5678/);
    }
    const log = await swapped(tab);
    // Removed by the lazy file's timer at the head style's limit (HIDE_MS after the page started), not before.
    expect(log.revealedAt!).toBeGreaterThanOrEqual(HIDE_MS - 1);
    expect((await stateOf(tab, 'marked')).text).toBe('(028) 1234 5621');
    expect(log.cls).toBe(0);
    expect(errors).toEqual([]);
  });

  it('the pool exhausted: its fallback number, shown at once', async () => {
    const one = await visitor();
    await one.tab.goto(`${site.url}/f/page.html?${paid}&pool=tiny&style=1`);
    await swapped(one.tab);
    expect((await stateOf(one.tab, 'marked')).text).toBe('(028) 1234 5601');
    const { tab } = await shownAgain(`${paid}&pool=tiny`);
    await tab.waitForFunction(() => !/5678/.test(document.getElementById('marked')!.textContent!));
    expect((await stateOf(tab, 'marked')).text).toBe('(028) 1234 5699');
    expect(await tab.locator('#link').getAttribute('href')).toBe('tel:+842812345699');
  });

  it('no storage consent: nothing asked, the page number shown', async () => {
    const { tab, asked } = await shownAgain(`${paid}&consent=denied`);
    await business(tab);
    expect(asked).toEqual([]);
  });

  it('a visitor the pool does not match (a direct visit)', async () => {
    const { tab, asked } = await shownAgain('direct=1');
    expect(asked).toHaveLength(1);
    await business(tab);
  });

  it("the lazy file missing (not copied beside the script): the head style's own animation shows the number at its limit", async () => {
    const { tab, errors } = await visitor();
    await tab.goto(`${site.url}/f/page.html?${paid}&dir=/nolazy&style=1`);
    await tab.waitForFunction((ms) => {
      const f = (window as unknown as { flash: FlashLog }).flash;
      return f.hiddenAt !== undefined && performance.now() > f.hiddenAt + ms;
    }, HIDE_MS + 200);
    await tab.evaluate(() => (window as unknown as { stopFlash(): void }).stopFlash());
    const log = await flashLog(tab);
    const flash = flashOf(log);
    neverShownWhileHidden(log, flash.link);
    neverShownWhileHidden(log, flash.marked);
    for (const id of ['link', 'marked'] as const) expect((await stateOf(tab, id)).visibility).toBe('visible');
    await business(tab);
    expect(log.cls).toBe(0);
    expect(errors).toEqual([]);
  });
});
