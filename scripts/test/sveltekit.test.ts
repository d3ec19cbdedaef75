/**
 * examples/sveltekit, a real SvelteKit 2 app built by `npm run build:examples` (adapter-node), started as
 * `node build/index.js` and driven in headless Chromium against the real collector. It checks what issue 15 found
 * with real apps: a `use:enhance` form action that fails validation (`fail(422)`, which SvelteKit answers with HTTP
 * 200 and `{ "type": "failure" }`) is no lead; a valid one is exactly one lead whose action keeps the path and the
 * action name; a client-side navigation's page view carries the new page's title (SvelteKit sets document.title
 * after pushState).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startCollector, type TestCollector } from '@leadbeacon/test-utils';
import { sleep, startServerApp, visitors, type ServerApp } from './server-apps';

const APP = fileURLToPath(new URL('../../examples/sveltekit', import.meta.url));
const HOME_TITLE = 'Saigon Aircon Repair';
const SERVICES_TITLE = 'Services & prices · Saigon Aircon Repair';
const CONTACT_TITLE = 'Contact · Saigon Aircon Repair';

describe('examples/sveltekit (SvelteKit 2, adapter-node)', () => {
  let browser: Browser;
  let collector: TestCollector;
  let app: ServerApp;
  const { visit, eventsOf, settledEvents } = visitors(
    () => browser,
    () => collector,
    () => app.url,
  );

  beforeAll(async () => {
    if (!existsSync(join(APP, 'build/index.js')))
      throw new Error('examples/sveltekit/build/index.js is missing: run `npm run build && npm run build:examples` first');
    collector = await startCollector();
    // `node build/index.js` as a host runs it. ORIGIN: SvelteKit refuses a cross-site form POST, and adapter-node
    // takes the origin from here (else https://host).
    app = await startServerApp({
      name: 'the SvelteKit app',
      cwd: APP,
      command: (port) => ({
        args: ['build/index.js'],
        env: {
          HOST: '127.0.0.1',
          PORT: String(port),
          ORIGIN: `http://127.0.0.1:${port}`,
          PUBLIC_LEADBEACON_ENDPOINT: collector.url + '/collect',
        },
      }),
      ready: 'Listening on',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await collector?.close();
  });

  /** Submits the contact form and returns SvelteKit's answer to use:enhance. */
  async function submit(page: Page) {
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/contact'),
      page.click('#contact [type=submit]'),
    ]);
    return { status: answer.status(), body: (await answer.json()) as { type: string; status?: number } };
  }

  it('use:enhance: fail(422) (HTTP 200, type "failure") is no lead; the valid submission is one, action "/contact?/contact"', async () => {
    const { page, problems } = await visit('/contact');
    await page.locator('h1', { hasText: 'Contact us' }).waitFor();
    // Hydrated: the layout started the tracker, and use:enhance holds the form.
    await settledEvents(page, (es) => es.some((e) => e.type === 'page_view'));

    await page.fill('#contact [name=name]', 'Tran Thi B');
    await page.fill('#contact [name=message]', 'Unit leaks water');
    const failed = await submit(page);
    expect(failed).toMatchObject({ status: 200, body: { type: 'failure', status: 422 } });
    await page.getByRole('alert').waitFor(); // use:enhance has applied the failure
    await sleep(1500); // a lead would have been sent by now
    expect((await eventsOf(page)).filter((e) => e.type === 'form_submit')).toEqual([]);

    await page.fill('#contact [name=email]', 'tran.b@example.com');
    const sent = await submit(page);
    expect(sent).toMatchObject({ status: 200, body: { type: 'success' } });
    await page.getByRole('status').waitFor();
    const events = await settledEvents(page, (es) => es.some((e) => e.type === 'form_submit'));
    expect(events.map((e) => `${e.type} ${e.page.path}`)).toEqual(['page_view /contact', 'form_submit /contact']);
    const form = events[1]!;
    expect(form.props).toMatchObject({ formId: 'contact', action: '/contact?/contact', method: 'post', via: 'script' });
    expect([...(form.props.fieldNames as string[])].sort()).toEqual(['email', 'message', 'name']);
    const raw = JSON.stringify(events);
    for (const value of ['Tran Thi B', 'tran.b@example.com', 'Unit leaks water']) expect(raw).not.toContain(value);
    expect(problems).toEqual([]);
  });

  it('a client-side navigation gives one page view, with the title of the page it reports', async () => {
    const { page, problems } = await visit('/');
    await page.locator('h1', { hasText: 'Aircon not cooling' }).waitFor();
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.click('nav a[href="/services"]');
    await page.locator('h1', { hasText: 'Services' }).waitFor();
    await page.click('nav a[href="/contact"]');
    await page.locator('h1', { hasText: 'Contact us' }).waitFor();
    expect(await page.title()).toBe(CONTACT_TITLE);
    // Client-side: the router changed the page, the document stayed.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

    const events = await settledEvents(page, (es) => es.some((e) => e.type === 'page_view' && e.page.path === '/contact'));
    expect(events.map((e) => [e.type, e.page.path, e.page.title])).toEqual([
      ['page_view', '/', HOME_TITLE],
      ['page_view', '/services', SERVICES_TITLE],
      ['page_view', '/contact', CONTACT_TITLE],
    ]);
    expect(problems).toEqual([]);
  });
});
