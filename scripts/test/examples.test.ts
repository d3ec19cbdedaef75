/**
 * The framework examples as built by `npm run build:examples`, each served from its dist/ (with
 * the SPA fallback a real host gives deep links, and the contact API the forms post to) and
 * driven in headless Chromium against the real collector: exact events per visit.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, serveStatic, startCollector, type StaticServer, type TestCollector } from '@leadbeacon/test-utils';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = [
  { name: 'react-vite', dist: 'examples/react-vite/dist' },
  { name: 'vue-vite', dist: 'examples/vue-vite/dist' },
  { name: 'svelte-vite', dist: 'examples/svelte-vite/dist' },
  { name: 'angular', dist: 'examples/angular/dist/browser' },
];
/** Client-side routes that a deep link must reach through index.html. */
const SPA_ROUTES = ['/services'];
const PLACEHOLDER = '__LEADBEACON_ENDPOINT__';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

for (const example of EXAMPLES) {
  describe(`examples/${example.name}`, () => {
    const dist = join(ROOT, example.dist);
    let collector: TestCollector;
    let site: StaticServer;
    const contactPosts: string[] = [];

    beforeAll(async () => {
      if (!existsSync(join(dist, 'index.html')))
        throw new Error(`${example.dist}/index.html is missing: run \`npm run build && npm run build:examples\` first`);
      collector = await startCollector();
      const endpoint = collector.url + '/collect';
      const html = (text: string) => {
        if (!text.includes(PLACEHOLDER)) throw new Error(`${example.dist}/index.html has no ${PLACEHOLDER} placeholder`);
        return text.replace(PLACEHOLDER, endpoint);
      };
      const index = (_req: unknown, res: ServerResponse) => {
        const body = html(readFileSync(join(dist, 'index.html'), 'utf8'));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(body);
      };
      site = await serveStatic(dist, {
        transformHtml: html,
        routes: {
          ...Object.fromEntries(SPA_ROUTES.map((r) => [`GET ${r}`, index])),
          'POST /api/contact': (_req, res, { body }) => {
            contactPosts.push(body);
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"ok":true}');
          },
        },
      });
    });
    afterAll(async () => {
      await site?.close();
      await collector?.close();
    });

    /** A new visitor (own storage) on a fresh page, with page errors and warnings collected. */
    async function visit(path: string) {
      const page = await (await browser.newContext()).newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
      await page.goto(site.url + path);
      return { page, problems };
    }

    const heading = (page: Page, text: string) => page.locator('h1', { hasText: text }).waitFor();

    /** Every event of one visitor, in the order they happened, as "type path". */
    async function eventsOf(page: Page, until: (events: string[]) => boolean) {
      const aid = await page.evaluate(() => JSON.parse(localStorage.getItem('lb') || '{}').a as string);
      expect(aid).toBeTruthy();
      const mine = async () =>
        (await collector.events()).filter((e) => e.anonymousId === aid).sort((a, b) => a.ts.localeCompare(b.ts) || a.seq - b.seq);
      const describe = async () => JSON.stringify((await mine()).map((e) => `${e.type} ${e.name} ${e.page.path}`));
      for (let deadline = Date.now() + 15_000; !until((await mine()).map((e) => `${e.type} ${e.page.path}`)); await sleep(100)) {
        if (Date.now() > deadline) throw new Error(`the expected events did not arrive; this visitor's events: ${await describe()}`);
      }
      await sleep(1500); // anything doubled would arrive meanwhile
      return mine();
    }

    it('a visit: deep link, navigation there and back, the contact form, then a call click', async () => {
      const { page, problems } = await visit('/services'); // a deep link, through the SPA fallback
      await heading(page, 'Services');
      await page.click('nav a[href="/"]');
      await heading(page, 'Aircon not cooling');
      await page.click('nav a[href="/services"]');
      await heading(page, 'Services');
      await page.goBack(); // popstate
      await heading(page, 'Aircon not cooling');
      expect(new URL(page.url()).pathname).toBe('/');

      // Sent empty first: the framework's validation stops it, and that is no lead.
      await page.click('#contact [type=submit]');
      await sleep(1000); // a post would have left by now
      expect(contactPosts).toEqual([]);
      await page.fill('#contact [name=name]', 'Tran Thi B');
      await page.fill('#contact [name=phone]', '0912 345 678');
      await page.selectOption('#contact [name=service]', 'cleaning');
      await page.fill('#contact [name=message]', 'Unit leaks water');
      await page.click('#contact [type=submit]');
      await page.getByRole('status').waitFor(); // the app's POST /api/contact was answered
      // Last on this page: after a tel: click headless Chromium holds the page (external protocol).
      await page.click('#call');

      const events = await eventsOf(page, (es) => es.includes('call_click /') && es.includes('form_submit /'));
      expect(events.map((e) => `${e.type} ${e.page.path}`)).toEqual([
        'page_view /services',
        'page_view /',
        'page_view /services',
        'page_view /',
        'form_submit /',
        'call_click /',
      ]);
      const form = events.find((e) => e.type === 'form_submit')!;
      expect(form.props).toMatchObject({ formId: 'contact', via: 'script' });
      expect([...(form.props.fieldNames as string[])].sort()).toEqual(['message', 'name', 'phone', 'service']);
      expect(events.find((e) => e.type === 'call_click')!.props).toMatchObject({ phone: '+84901234567', href: 'tel:+84901234567' });
      // The form really posted its values to the site, and none of them reached the collector.
      expect(contactPosts.some((b) => b.includes('Tran Thi B') && b.includes('cleaning'))).toBe(true);
      const raw = JSON.stringify(events);
      for (const value of ['Tran Thi B', '0912 345 678', 'Unit leaks water']) expect(raw).not.toContain(value);
      expect(problems).toEqual([]);
    });

    it('a visit: the custom call to action, the WhatsApp link, then an email click', async () => {
      const { page, problems } = await visit('/');
      await heading(page, 'Aircon not cooling');
      await page.click('text=Price guide');
      // WhatsApp opens a new tab (nothing answers it here); the lead is recorded by this page.
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#whatsapp')]);
      await popup.close();
      await page.click('#email'); // last: an external protocol
      const events = await eventsOf(page, (es) => es.includes('email_click /') && es.includes('chat_start /') && es.includes('custom /'));
      expect(events.map((e) => `${e.type} ${e.page.path}`)).toEqual(['page_view /', 'custom /', 'chat_start /', 'email_click /']);
      expect(events[1]).toMatchObject({ name: 'price_guide_opened', value: 5, currency: 'USD' });
      expect(events[2]!.props).toMatchObject({ provider: 'whatsapp', via: 'link' });
      expect(events[3]!.props).toMatchObject({ email: 'hello@saigonaircon.example' });
      expect(problems).toEqual([]);
    });
  });
}
