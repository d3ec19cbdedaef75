/**
 * Issue 19 in a real browser, with the built script: one event the collector refuses costs no
 * other. The collector answers a batch holding a bad event either as a whole (400: an older
 * collector; the tracker then halves the batch until the bad event is alone) or per event (200
 * with `rejected`): the assertions are on what is stored, so they hold for both.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTOR_REFUSED_EVENT, COLLECTOR_REFUSED_EVENTS, COLLECTOR_REFUSED_SOME } from '../src/warnings';
import { openPage, settleTime, startEnv, warningLine, type Env } from './env';

/** Bodies POSTed to the per-event collector of per-event.html, and the answer it gave each. */
const perEvent: { ids: string[]; rejected: string }[] = [];

let env: Env;
beforeAll(async () => {
  env = await startEnv({
    // Stores nothing; answers as a collector with per-event answers does, refusing each batch's first event.
    'POST /per-event/collect': (_req, res, { body }) => {
      const ids = (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id);
      perEvent.push({ ids, rejected: ids[0]! });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: ids.length - 1, duplicates: 0, rejected: [{ id: ids[0], reason: '/props must be object' }] }));
    },
  });
});
afterAll(() => env?.close());
beforeEach(() => {
  env.proxy.mode('pass');
  env.proxy.clear();
});

const flush = (page: import('playwright-core').Page) =>
  page.evaluate(() => (window as unknown as { leadbeacon: (c: string) => Promise<void> }).leadbeacon('flush'));

/**
 * What a tab of an earlier version of the script left queued for visitor `aid` when it closed:
 * page views and leads, and one form lead "via" a chat widget, which those versions let through
 * and the collector refuses.
 */
function leftOver(aid: string, origin: string) {
  const at = (s: number) => new Date(Date.now() - 120_000 + s * 1000).toISOString();
  const touch = { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: origin + '/', ts: at(0) };
  const event = (i: number, type: string, props: Record<string, unknown>) => ({
    id: `left-over-${i}-${aid}`.slice(0, 64),
    type,
    name: type,
    ts: at(i),
    anonymousId: aid,
    sessionId: 'earlier-session',
    page: { url: `${origin}/p${i}`, path: `/p${i}`, title: `Page ${i}`, referrer: '' },
    attribution: { first: touch, last: touch },
    consent: { ads: 'granted' },
    props,
  });
  const events = [
    event(1, 'page_view', {}),
    event(2, 'call_click', { phone: '+84901234567', href: 'tel:+84901234567' }),
    event(3, 'page_view', {}),
    event(4, 'form_submit', { formId: 'chat-form', fieldNames: ['message'], via: 'widget' }),
    event(5, 'form_submit', { formId: 'contact', fieldNames: ['email'], via: 'script' }),
    event(6, 'page_view', {}),
    event(7, 'email_click', { email: 'hello@example.com', href: 'mailto:hello@example.com' }),
  ];
  return { events, bad: events[3]!.id, good: events.filter((_, i) => i !== 3).map((e) => e.id) };
}

describe('a bad event never costs a good one', () => {
  it('an earlier version left a refused lead queued among page views and leads: every good one is stored, the bad one alone dropped', async () => {
    const { page, seen, aid } = await openPage(env, '/other.html');
    const queue = leftOver(aid, env.site.url);
    await page.evaluate((q) => {
      const entries = q.map((e) => ({ e, b: JSON.stringify(e).length }));
      localStorage.setItem('lb_q:closed-tab', JSON.stringify({ q: entries, d: 0, t: Date.now() - 60_000 }));
    }, queue.events);
    await flush(page);
    await env.collector.waitForEvents((es) => queue.good.every((id) => es.some((e) => e.id === id)), { timeout: 15_000 });
    await settleTime();
    const stored = (await env.collector.events()).filter((e) => e.anonymousId === aid);
    const ids = stored.map((e) => e.id);
    expect(queue.good.filter((id) => !ids.includes(id))).toEqual([]);
    expect(ids).not.toContain(queue.bad);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect(stored.filter((e) => e.type === 'page_view' && e.page.path === '/other.html')).toHaveLength(1); // this page's own
    expect(await page.evaluate(() => localStorage.getItem('lb_q:closed-tab'))).toBeNull();
    const refusals = [COLLECTOR_REFUSED_SOME, COLLECTOR_REFUSED_EVENTS, COLLECTOR_REFUSED_EVENT].map((code) => warningLine(code));
    expect(seen.warnings.filter((w) => refusals.some((line) => line.test(w)))).not.toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it("the built script reads a collector's per-event answer: the batch is acknowledged, and one warning names the refusal", async () => {
    perEvent.length = 0;
    const page = await (await env.context()).newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(env.site.url + '/per-event.html');
    await page.waitForFunction(() => !!localStorage.getItem('lb'));
    await page.evaluate(() => (window as unknown as { leadbeacon: (...a: unknown[]) => void }).leadbeacon('track', 'quote'));
    await flush(page);
    await flush(page);
    await settleTime();
    expect(perEvent.length).toBeGreaterThanOrEqual(1);
    const sent = perEvent.flatMap((r) => r.ids);
    expect(new Set(sent).size).toBe(sent.length); // a refused event is not sent again
    // "collector refused 1 of <n> event(s), e.g. "page_view": /props must be object" in the debug build.
    expect(
      warnings.filter((w) => warningLine(COLLECTOR_REFUSED_SOME, String.raw`1 \d+ page_view /props must be object`).test(w)),
    ).toHaveLength(1);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lb_q:') && localStorage.getItem(k) !== null)),
    ).toEqual([]);
  });
});
