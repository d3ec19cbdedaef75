/**
 * examples/sveltekit, a real SvelteKit 2 app built by `npm run build:examples` (adapter-node), started as
 * `node build/index.js` and driven in headless Chromium against the real collector. It checks what issue 15 found
 * with real apps: a `use:enhance` form action that fails validation (`fail(422)`, which SvelteKit answers with HTTP
 * 200 and `{ "type": "failure" }`) is no lead; a valid one is exactly one lead whose action keeps the path and the
 * action name; a client-side navigation's page view carries the new page's title (SvelteKit sets document.title
 * after pushState).
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CONTACT_VALUES, expectContactLead, hydratedVisit, navigationTitles, serverAppSuite, titleOf } from './server-apps';

const APP = fileURLToPath(new URL('../../examples/sveltekit', import.meta.url));

describe('examples/sveltekit (SvelteKit 2, adapter-node)', () => {
  // `node build/index.js` as a host runs it. ORIGIN: SvelteKit refuses a cross-site form POST, and adapter-node
  // takes the origin from here (else https://host).
  const app = serverAppSuite({
    name: 'the SvelteKit app',
    cwd: APP,
    built: join(APP, 'build/index.js'),
    command: (port, endpoint) => ({
      args: ['build/index.js'],
      env: { HOST: '127.0.0.1', PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, PUBLIC_LEADBEACON_ENDPOINT: endpoint },
    }),
    ready: 'Listening on',
  });
  const { eventsOf, settledEvents } = app;

  /** Submits the form and returns SvelteKit's answer to use:enhance. */
  async function submit(page: Page, form = '#contact', path = '/contact') {
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
      page.click(`${form} [type=submit]`),
    ]);
    return { status: answer.status(), body: (await answer.json()) as { type: string; status?: number; location?: string } };
  }

  it('use:enhance: fail(422) (HTTP 200, type "failure") is no lead; the valid submission is one, action "/contact?/contact"', async () => {
    // Hydrated: the layout started the tracker, and use:enhance holds the form.
    const { page, problems } = await hydratedVisit(app, '/contact', 'Contact us');

    await page.fill('#contact [name=name]', CONTACT_VALUES.name);
    await page.fill('#contact [name=message]', CONTACT_VALUES.message);
    const failed = await submit(page);
    expect(failed).toMatchObject({ status: 200, body: { type: 'failure', status: 422 } });
    await page.getByRole('alert').waitFor(); // use:enhance has applied the failure
    await sleep(1500); // a lead would have been sent by now
    expect((await eventsOf(page)).filter((e) => e.type === 'form_submit')).toEqual([]);

    await page.fill('#contact [name=email]', CONTACT_VALUES.email);
    const sent = await submit(page);
    expect(sent).toMatchObject({ status: 200, body: { type: 'success' } });
    await page.getByRole('status').waitFor();
    const events = await settledEvents(page, (es) => es.some((e) => e.type === 'form_submit'));
    expectContactLead(events, { action: '/contact?/contact' });
    expect(problems).toEqual([]);
  });

  it("use:enhance: an action that redirects is one lead on the page it was submitted on, then the next page's view", async () => {
    const { page, problems } = await hydratedVisit(app, '/book', 'Book a visit');

    await page.fill('#book [name=phone]', '0901 234 567');
    const sent = await submit(page, '#book', '/book');
    // SvelteKit answers use:enhance with HTTP 200 and the redirect inside; enhance then calls goto().
    expect(sent).toMatchObject({ status: 200, body: { type: 'redirect', status: 303, location: '/thanks' } });
    await page.locator('h1', { hasText: 'Thanks, see you soon' }).waitFor();
    const events = await settledEvents(page, (es) => es.some((e) => e.type === 'page_view' && e.page.path === '/thanks'));
    expect(events.map((e) => [e.type, e.page.path, e.page.title])).toEqual([
      ['page_view', '/book', titleOf('Book a visit')],
      ['form_submit', '/book', titleOf('Book a visit')],
      ['page_view', '/thanks', titleOf('Booked')],
    ]);
    expect(JSON.stringify(events)).not.toContain('234 567');
    expect(problems).toEqual([]);
  });

  it('a client-side navigation gives one page view, with the title of the page it reports', () => navigationTitles(app));
});
