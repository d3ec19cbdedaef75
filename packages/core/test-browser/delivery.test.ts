import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NO_ENDPOINT } from '../src/warnings';
import { idsPerRequest, settleTime, sleep, startEnv, warningLine, watch, type Env } from './env';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env?.close());
beforeEach(() => {
  env.proxy.mode('pass');
  env.proxy.clear();
});

/** Events of this test only: each test uses its own browser context (a new visitor). */
async function eventsOf(anonymousId: string) {
  return (await env.collector.events()).filter((e) => e.anonymousId === anonymousId);
}

async function visitorId(page: import('playwright-core').Page): Promise<string> {
  await page.waitForFunction(() => !!localStorage.getItem('lb'));
  return page.evaluate(() => JSON.parse(localStorage.getItem('lb')!).a as string);
}

/** Waits until the tracker has written `formId`'s lead into its persisted queue. */
const queued = (page: import('playwright-core').Page, formId: string) =>
  page.waitForFunction((id) => Object.keys(localStorage).some((k) => (localStorage.getItem(k) ?? '').includes(id)), formId);

/** Closes a tab as a visitor does (pagehide, beforeunload) and waits until it is gone: with
 * `runBeforeUnload`, Playwright's close() returns before the page has closed. */
async function closeTab(page: import('playwright-core').Page) {
  const closed = new Promise((resolve) => page.once('close', resolve));
  await page.close({ runBeforeUnload: true });
  await closed;
}

/** setOffline(false) on a context whose page is still closing fails in Playwright: try again until it takes. */
async function goOnline(context: import('playwright-core').BrowserContext) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await context.setOffline(false);
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(100);
    }
  }
}

const leadNow = (page: import('playwright-core').Page, formId: string) =>
  page.evaluate(
    (id) =>
      (window as unknown as { leadbeacon: (...a: unknown[]) => void }).leadbeacon('track', 'form_submit', {
        formId: id,
        fieldNames: ['email'],
        via: 'script',
      }),
    formId,
  );

describe('a lead is never lost', () => {
  it('a native POST form that navigates away at once is recorded once, by names only', async () => {
    const page = await (await env.context()).newPage();
    const seen = watch(page);
    await page.goto(env.site.url + '/lead.html');
    const aid = await visitorId(page);
    await page.fill('#name', 'Nguyen Van An');
    await page.fill('#email', 'an@example.com');
    await page.fill('#phone', '0901234567');
    await Promise.all([page.waitForURL('**/thanks.html'), page.click('#contact button')]);
    await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.type === 'form_submit'));
    await sleep(1500); // anything doubled would arrive meanwhile
    const events = await eventsOf(aid);
    const forms = (await eventsOf(aid)).filter((e) => e.type === 'form_submit');
    expect(forms).toHaveLength(1);
    expect(forms[0]!.props).toMatchObject({ formId: 'contact', via: 'native', method: 'post', fieldNames: ['name', 'email', 'phone'] });
    const raw = JSON.stringify(events);
    expect(raw).not.toContain('Nguyen');
    expect(raw).not.toContain('an@example.com');
    expect(raw).not.toContain('0901234567');
    expect(seen.errors).toEqual([]);
  });

  it('a tel: click followed at once by leaving the page is recorded', async () => {
    const page = await (await env.context()).newPage();
    await page.goto(env.site.url + '/lead.html');
    const aid = await visitorId(page);
    // One tel: click per page (headless quirk), then straight to another page.
    await page.click('#call');
    await page.goto(env.site.url + '/other.html');
    await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.type === 'call_click'));
    await sleep(1000);
    const calls = (await eventsOf(aid)).filter((e) => e.type === 'call_click');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.props).toMatchObject({ phone: '+84901234567', href: 'tel:+84901234567' });
  });

  it('rides out a collector answering 503 for a few seconds, with backoff and the same event id', async () => {
    const page = await (await env.context()).newPage();
    await page.goto(env.site.url + '/lead.html');
    const aid = await visitorId(page);
    env.proxy.mode('status', 503);
    env.proxy.clear();
    await leadNow(page, 'during-outage');
    await sleep(3500);
    env.proxy.mode('pass');
    const [lead] = (
      await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.props.formId === 'during-outage'), {
        timeout: 15_000,
      })
    ).filter((e) => e.props.formId === 'during-outage');
    const attempts = env.proxy.requests.filter((r) => r.method === 'POST' && r.body.includes(lead!.id));
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.slice(0, -1).every((r) => r.answer?.mode === 'status')).toBe(true);
    expect(attempts.at(-1)!.answer).toMatchObject({ mode: 'pass', status: 200 });
    // Exponential: each wait longer than the one before (jitter keeps it between half and all of the ceiling).
    const gaps = attempts.slice(1).map((r, i) => r.at - attempts[i]!.at);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 0.9);
    expect((await eventsOf(aid)).filter((e) => e.props.formId === 'during-outage')).toHaveLength(1);
    // A text/plain POST needs no CORS preflight.
    expect(env.proxy.requests.some((r) => r.method === 'OPTIONS')).toBe(false);
  });

  it('a lead made offline in a tab that is then closed arrives on the next visit', async () => {
    const context = await env.context();
    const page = await context.newPage();
    await page.goto(env.site.url + '/lead.html');
    const aid = await visitorId(page);
    // Offline for the page; and since Chromium lets a closing page's beacon past the emulated
    // offline state, the network drops every connection as well.
    await context.setOffline(true);
    env.proxy.mode('drop');
    await leadNow(page, 'made-offline');
    await queued(page, 'made-offline');
    await closeTab(page);
    await settleTime();
    expect((await eventsOf(aid)).some((e) => e.props.formId === 'made-offline')).toBe(false);
    env.proxy.mode('pass');
    await context.setOffline(false);
    const next = await context.newPage();
    await next.goto(env.site.url + '/other.html');
    await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.props.formId === 'made-offline'), {
      timeout: 10_000,
    });
    await sleep(1000);
    expect((await eventsOf(aid)).filter((e) => e.props.formId === 'made-offline')).toHaveLength(1);
  });

  it('two open tabs never send the same event twice', async () => {
    const context = await env.context();
    await context.newPage(); // keeps the context open while the first tab closes
    const first = await context.newPage();
    await first.goto(env.site.url + '/lead.html');
    const aid = await visitorId(first);
    await context.setOffline(true);
    env.proxy.mode('drop');
    env.proxy.clear();
    for (const id of ['tab-1', 'tab-2', 'tab-3']) await leadNow(first, id);
    await queued(first, 'tab-3');
    await closeTab(first);
    env.proxy.mode('pass');
    await goOnline(context);
    // Both tabs start with the same leftovers in storage and race to send them. (The closed tab
    // may still get them out first, as the network comes back: every send that reached the
    // collector counts, from whichever tab.)
    const [b, c] = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all([b.goto(env.site.url + '/other.html'), c.goto(env.site.url + '/other.html')]);
    await env.collector.waitForEvents(
      (es) => ['tab-1', 'tab-2', 'tab-3'].every((id) => es.some((e) => e.anonymousId === aid && e.props.formId === id)),
      { timeout: 10_000 },
    );
    await b.evaluate(() => (window as unknown as { leadbeacon: (c: string) => Promise<void> }).leadbeacon('flush'));
    await c.evaluate(() => (window as unknown as { leadbeacon: (c: string) => Promise<void> }).leadbeacon('flush'));
    await sleep(1500);
    const sent = idsPerRequest(env.proxy, 'pass').flat();
    const stored = (await eventsOf(aid)).filter((e) => String(e.props.formId).startsWith('tab-'));
    expect(stored).toHaveLength(3);
    for (const e of stored) expect(sent.filter((id) => id === e.id)).toHaveLength(1);
    const twice = sent.filter((id, i) => sent.indexOf(id) !== i);
    const describe = (id: string) =>
      env.proxy.requests
        .filter((r) => r.body.includes(id))
        .map(
          (r) =>
            `${r.at} ${r.headers['user-agent']?.slice(-8)} ${r.answer?.mode} ${JSON.parse(r.body)
              .events.map(
                (e: { name: string; props: { formId?: string }; page: { path: string } }) => e.name + ':' + (e.props.formId || e.page.path),
              )
              .join(',')}`,
        );
    expect(twice.map(describe)).toEqual([]);
  });

  it('the collector stores an event once when the tracker resends it after a lost answer', async () => {
    const page = await (await env.context()).newPage();
    await page.goto(env.site.url + '/lead.html');
    const aid = await visitorId(page);
    env.proxy.mode('lose'); // stored, but the answer never reaches the browser
    env.proxy.clear();
    await leadNow(page, 'lost-answer');
    await env.proxy.waitForRequests(1);
    env.proxy.mode('pass');
    await env.proxy.waitForRequests(
      (rs) => rs.some((r) => r.method === 'POST' && r.answer?.mode === 'pass' && r.body.includes('lost-answer')),
      { timeout: 10_000 },
    );
    const withLead = idsPerRequest(env.proxy).filter((ids) => ids.length);
    expect(withLead.length).toBeGreaterThanOrEqual(2);
    expect(withLead[0]).toEqual(withLead[1]); // the same ids, resent
    const stored = await eventsOf(aid);
    expect(stored.filter((e) => e.props.formId === 'lost-answer')).toHaveLength(1);
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
  });
});

describe('the page', () => {
  it('records SPA navigations once each', async () => {
    const page = await (await env.context()).newPage();
    await page.goto(env.site.url + '/other.html');
    const aid = await visitorId(page);
    await page.evaluate(async () => {
      history.pushState({}, '', '/app/pricing');
      history.replaceState({ s: 1 }, '', '/app/pricing');
      history.pushState({}, '', '/app/pricing#plans');
      history.replaceState({}, '', '/app/contact');
      history.pushState({}, '', '/app/contact');
      history.back();
      await new Promise((r) => addEventListener('popstate', r, { once: true }));
    });
    await page.evaluate(() => (window as unknown as { leadbeacon: (c: string) => Promise<void> }).leadbeacon('flush'));
    const views = (
      await env.collector.waitForEvents((es) => es.filter((e) => e.anonymousId === aid && e.type === 'page_view').length >= 3)
    ).filter((e) => e.anonymousId === aid && e.type === 'page_view');
    await settleTime();
    const paths = (await eventsOf(aid)).filter((e) => e.type === 'page_view').map((e) => e.page.path);
    expect(paths).toEqual(['/other.html', '/app/pricing', '/app/contact']);
    expect(views[1]!.page.referrer).toBe(env.site.url + '/other.html');
  });

  it('runs calls queued before the script loaded, in order; a second copy of the tag is harmless', async () => {
    const page = await (await env.context()).newPage();
    const seen = watch(page);
    await page.goto(env.site.url + '/queued.html');
    const aid = await visitorId(page);
    await page.evaluate(() => (window as unknown as { leadbeacon: (c: string) => Promise<void> }).leadbeacon('flush'));
    await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.name === 'early_two'));
    await settleTime();
    const events = await eventsOf(aid);
    expect(events.map((e) => e.name)).toEqual(['page_view', 'early_one', 'identify', 'early_two']);
    expect(events[3]!.userId).toBe('user-42');
    expect(seen.warnings).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it('without data-endpoint warns once and sends nothing', async () => {
    const page = await (await env.context()).newPage();
    const seen = watch(page);
    env.proxy.clear();
    await page.goto(env.site.url + '/no-endpoint.html');
    await page.waitForFunction(() => (window as unknown as { leadbeacon?: { loaded?: boolean } }).leadbeacon?.loaded);
    await page.click('#call');
    await sleep(1000);
    expect(seen.warnings).toHaveLength(1);
    expect(seen.warnings[0]).toMatch(warningLine(NO_ENDPOINT));
    expect(env.proxy.requests).toHaveLength(0);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });
});
