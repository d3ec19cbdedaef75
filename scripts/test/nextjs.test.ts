/**
 * examples/nextjs, a real Next.js 16 App Router app with @leadbeacon/react, built by `npm run build:examples`,
 * started as `next start` and driven in headless Chromium against the real collector. It checks what issue 15
 * found with real apps: a Server Action that returns a validation failure (which React Flight answers with HTTP
 * 200) is no lead, the valid submission is exactly one, and no form value leaves the page; an action that throws
 * (500) is no lead, one that redirects is one; a client-side
 * navigation's page view carries the new page's title (the App Router sets document.title after pushState).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CONTACT_VALUES, expectContactLead, hydratedVisit, navigationTitles, serverAppSuite, titleOf } from './server-apps';

const APP = fileURLToPath(new URL('../../examples/nextjs', import.meta.url));
const NEXT_BIN = createRequire(join(APP, 'package.json')).resolve('next/dist/bin/next');

describe('examples/nextjs (Next.js 16, App Router, Server Actions)', () => {
  // `next start` as a host runs it; the collector URL is read per request.
  const app = serverAppSuite({
    name: 'the Next.js app',
    cwd: APP,
    built: join(APP, '.next/BUILD_ID'),
    command: (port, endpoint) => ({
      args: [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)],
      env: { NEXT_TELEMETRY_DISABLED: '1', LEADBEACON_ENDPOINT: endpoint },
    }),
    ready: 'Ready in',
  });
  const { eventsOf, settledEvents } = app;

  /** Submits the form and returns the Server Action's answer (React Flight). */
  async function submit(page: Page, form = '#contact') {
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().headers()['next-action'] !== undefined),
      page.click(`${form} [type=submit]`),
    ]);
    return answer;
  }

  it('a Server Action returning { ok: false, errors } (HTTP 200) is no lead; the valid submission is one', async () => {
    // Hydrated: the provider started the tracker (its page view), and React holds the form's action.
    const { page, problems } = await hydratedVisit(app, '/contact', 'Contact us');

    await page.fill('#contact [name=name]', CONTACT_VALUES.name);
    await page.fill('#contact [name=message]', CONTACT_VALUES.message);
    const failed = await submit(page);
    expect(failed.status()).toBe(200);
    expect(failed.headers()['content-type']).toMatch(/^text\/x-component/);
    expect(await failed.text()).toContain('"errors":{"email":"Please give your email."}');
    await page.locator('#contact [role=alert]').waitFor(); // React has applied the failure (Next.js has its own alert: its route announcer)
    await sleep(1500); // a lead would have been sent by now
    expect((await eventsOf(page)).filter((e) => e.type === 'form_submit')).toEqual([]);

    await page.fill('#contact [name=email]', CONTACT_VALUES.email);
    const sent = await submit(page);
    expect(sent.status()).toBe(200);
    expect(await sent.text()).toContain('{"ok":true}');
    await page.locator('main [role=status]').waitFor();
    const events = await settledEvents(page, (es) => es.some((e) => e.type === 'form_submit'));
    expectContactLead(events, {});
    expect(problems).toEqual([]);
  });

  it('a Server Action that throws (HTTP 500) is no lead; one that redirects is one, and the redirect a page view', async () => {
    const { page, problems } = await hydratedVisit(app, '/book', 'Book a visit');

    await page.fill('#book [name=day]', '2026-12-24');
    const failed = await submit(page, '#book');
    expect(failed.status()).toBe(500);
    await page.locator('main [role=alert]').waitFor(); // the route's error boundary
    await sleep(1500);
    expect((await eventsOf(page)).filter((e) => e.type === 'form_submit')).toEqual([]);
    // The failed action: its 500 and the console errors the browser and React log for it; nothing uncaught.
    const failure = problems.splice(0);
    expect(failure).toContain(`500 ${app.url()}/book`);
    expect(failure.filter((p) => !p.startsWith('error: ') && !p.startsWith('500 '))).toEqual([]);

    await page.click('main [role=alert] button'); // the boundary's reset: the form again
    await page.fill('#book [name=phone]', '0901 234 567');
    const sent = await submit(page, '#book');
    // Next.js answers a redirecting action with 200 and the target in x-action-redirect; its router follows it.
    expect(sent.status()).toBe(200);
    expect(sent.headers()['x-action-redirect']).toBe('/thanks;push');
    await page.locator('h1', { hasText: 'Thanks, see you soon' }).waitFor();
    const events = await settledEvents(page, (es) => es.some((e) => e.type === 'page_view' && e.page.path === '/thanks'));
    expect(events.map((e) => `${e.type} ${e.page.path}`)).toEqual(['page_view /book', 'form_submit /book', 'page_view /thanks']);
    // The lead is the submission's: its page and title, though the router was on /thanks when the answer was read.
    expect(events[1]!.page.title).toBe(titleOf('Book a visit'));
    expect([...(events[1]!.props.fieldNames as string[])].sort()).toEqual(['day', 'phone']);
    expect(JSON.stringify(events)).not.toContain('234 567');
    expect(problems).toEqual([]);
  });

  it('client-side navigations give one page view each, with the title of the page they report', () => navigationTitles(app));
});
