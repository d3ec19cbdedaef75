/**
 * The dashboard in headless Chromium over a seeded database: signs in with the form, then checks
 * every figure shown against numbers this test computes from the seeded data itself (not through
 * the collector's code), and saves a screenshot to test-results/dashboard-<store>.png (not committed);
 * then releases a held-back lead with the Lead quality view's form.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leadbeacon/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_STATUSES, createCollector, createSqliteStore } from '../src/index';
import type { Collector, WireEvent } from '../src/index';
import { importCrmFile } from '../src/crm/import-file';
import { sampleData, sampleOutcomesCsv, type SampleData } from '../src/sample';
import type { Judgement } from '../src/quality/rules';
import { leadEvent } from './helpers';
import { openTestStore, STORE_KINDS } from './stores';

const TOKEN = 'dashboard-browser-token-42';
const WAITING_CSV = [
  'record_id,event_id,click_id,status,value,currency,time',
  'D-404,lead-from-another-site,,won,900000,VND,2026-11-20T10:00:00+07:00',
  'D-405,,Cj0KCQiA-never-seen,qualified,,VND,2026-11-21T10:00:00+07:00',
].join('\n');
const TZ = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-11-23T12:00:00Z');
const FROM = '2026-10-25';
const TO = '2026-11-23';
const RANGE = [Date.parse(`${FROM}T00:00:00+07:00`), Date.parse('2026-11-24T00:00:00+07:00')] as const;
const ARTIFACTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const LEAD_TYPES = ['form_submit', 'call_click', 'email_click', 'chat_start'];
/** The GA4 channel of each sample source, by Google's whole list (naver.com is a search engine there). */
const CHANNEL: Record<string, string> = {
  'google|cpc': 'Paid Search',
  'facebook|paid_social': 'Paid Social',
  'google|organic': 'Organic Search',
  'coccoc|organic': 'Organic Search',
  'naver.com|referral': 'Organic Search',
  'zalo|social': 'Organic Social',
  'l.messenger.com|referral': 'Organic Social',
  'newsletter|email': 'Email',
  '(direct)|(none)': 'Direct',
  'evil|cpc': 'Paid Other',
};
const vnd = (n: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'VND', currencyDisplay: 'narrowSymbol' }).format(n);
const inRange = (ts: string) => Date.parse(ts) >= RANGE[0] && Date.parse(ts) < RANGE[1];
const localDay = (ts: string) => new Date(Date.parse(ts) + 7 * 3_600_000).toISOString().slice(0, 10);

/** Each session's first page view: a visit counts on the day it starts. */
function firstViews(events: WireEvent[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const e of events)
    if (e.type === 'page_view' && (!first.has(e.sessionId) || e.ts < first.get(e.sessionId)!)) first.set(e.sessionId, e.ts);
  return first;
}

/** What the page must show, worked out from the data alone. */
function expected(data: SampleData, extra: WireEvent[]) {
  const events = [...data.events, ...extra];
  const leads = events.filter((e) => LEAD_TYPES.includes(e.type) && inRange(e.ts));
  const ids = new Set(leads.map((l) => l.id));
  const outcomes = data.outcomes.filter((o) => ids.has(o.lead));
  const won = new Set(outcomes.filter((o) => o.status === 'won').map((o) => o.lead));
  const qualified = new Set(outcomes.filter((o) => o.status !== 'lost').map((o) => o.lead));
  const channelOf = (e: WireEvent) => CHANNEL[`${e.attribution.last.source}|${e.attribution.last.medium}`]!;
  const perChannel: Record<string, number> = {};
  for (const l of leads) perChannel[channelOf(l)] = (perChannel[channelOf(l)] ?? 0) + 1;
  const perDay: Record<string, number> = {};
  for (const l of leads) perDay[`${localDay(l.ts)}|${l.type}`] = (perDay[`${localDay(l.ts)}|${l.type}`] ?? 0) + 1;
  return {
    visits: [...firstViews(events).values()].filter(inRange).length,
    leads,
    leadValue: leads.reduce((n, l) => n + (l.value ?? 0), 0),
    qualified: qualified.size,
    won: won.size,
    wonValue: outcomes.filter((o) => o.status === 'won').reduce((n, o) => n + Number(o.value), 0),
    perChannel,
    perDay,
    newest: [...leads].sort((a, b) => (a.ts < b.ts ? 1 : -1))[0]!,
  };
}

describe.each(STORE_KINDS)('GET /dashboard in Chromium (%s store)', { timeout: 60_000 }, (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-dashboard-'));
  let collector: Collector;
  let browser: Browser;
  let page: Page;
  let data: SampleData;
  // A lead whose touch carries markup: it must show as text and run nothing.
  const hostile = leadEvent({
    id: 'hostile-lead',
    ts: '2026-11-23T10:00:00Z',
    value: 1,
    currency: 'VND',
    touch: {
      source: 'evil',
      medium: 'cpc',
      campaign: '<img src=x onerror="window.__pwned=1">',
      channel: '"><script>window.__pwned=2</script>',
    },
  });

  beforeAll(async () => {
    const store = kind === 'sqlite' ? createSqliteStore({ path: join(dir, 'leads.sqlite') }) : await openTestStore(kind);
    collector = await createCollector({ port: 0, store, adminToken: TOKEN, timeZone: TZ });
    data = sampleData({ now: NOW, days: 35, visits: 1500, seed: 7 });
    for (let i = 0; i < data.events.length; i += 500) {
      await collector.store.insert(data.events.slice(i, i + 500), { receivedAt: NOW, userAgent: 'Mozilla/5.0 (seed)' });
    }
    await collector.store.insert([hostile], { receivedAt: NOW });
    const report = await importCrmFile(sampleOutcomesCsv(data.outcomes), collector.store, BUILT_IN_STATUSES);
    expect(report.rejected).toEqual([]);
    expect(report.saved).toBe(true);
    expect(report.unmatched).toEqual([]);
    // Two CRM deals that name leads the collector has not seen.
    const waiting = await importCrmFile(WAITING_CSV, collector.store, BUILT_IN_STATUSES);
    expect(waiting).toMatchObject({ inserted: 2, matched: 0 });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.close();
    await collector?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const text = async (selector: string) => (await page.locator(selector).first().textContent())?.trim();

  it('asks for the token, signs in with the form, and shows the figures of the data', async () => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const first = await page.goto(`${collector.url}/dashboard?from=${FROM}&to=${TO}`);
    expect(first!.status()).toBe(401);
    await page.fill('input[name=token]', TOKEN);
    await Promise.all([page.waitForURL(`**/dashboard?from=${FROM}&to=${TO}`), page.click('button[type=submit]')]);
    errors.length = 0; // the 401 of the first visit is logged as a failed load

    const want = expected(data, [hostile]);
    expect(want.leads.length).toBeGreaterThan(50);
    expect(await text('[data-kpi=visits]')).toBe(want.visits.toLocaleString('en-US'));
    expect(await text('[data-kpi=leads]')).toBe(want.leads.length.toLocaleString('en-US'));
    expect(await text('[data-kpi=lead-value]')).toBe(vnd(want.leadValue));
    expect(await text('[data-kpi=qualified]')).toBe(String(want.qualified));
    expect(await text('[data-kpi=won]')).toBe(String(want.won));
    expect(await text('[data-kpi=won-value]')).toBe(vnd(want.wonValue));

    // Leads per day by type: one bar segment per day and type, of the right height in leads.
    const bars = await page.$$eval('rect[data-day]', (rects) =>
      rects.map((r) => [`${r.getAttribute('data-day')}|${r.getAttribute('data-type')}`, Number(r.getAttribute('data-count'))]),
    );
    expect(Object.fromEntries(bars)).toEqual(want.perDay);
    // Leads per channel (the collector's channel, from the whole source list).
    for (const [channel, n] of Object.entries(want.perChannel)) {
      expect(await text(`table.breakdown tr[data-key="${channel}"] [data-figure=leads]`), channel).toBe(String(n));
    }
    expect(await text('g[data-step=won] .figure')).toContain(`${want.won} · `);
    // Recent leads, newest first.
    expect(await page.locator('table.recent tr[data-lead]').count()).toBe(50);
    expect(await page.locator('table.recent tr[data-lead]').first().getAttribute('data-lead')).toBe(want.newest.id);

    // Each lead shows its id (what a CRM record names to match exactly).
    expect(await text(`table.recent tr[data-lead="${want.newest.id}"] code.lead-id`)).toBe(want.newest.id);
    // Matching: the sample's outcomes name their leads by event id, else email, else phone; two wait.
    const by = { leadId: 0, email: 0, phone: 0 };
    for (const o of data.outcomes) by[o.event_id ? 'leadId' : o.email ? 'email' : 'phone']++;
    const total = data.outcomes.length + 2;
    expect(await text('[data-figure=match-rate]')).toBe(`${Math.round((data.outcomes.length / total) * 100)}%`);
    expect(await text('[data-figure=matched]')).toBe(data.outcomes.length.toLocaleString('en-US'));
    for (const [key, n] of Object.entries(by))
      if (n) expect(await text(`[data-figure=matched-by-${key}]`), key).toBe(n.toLocaleString('en-US'));
    expect(await text('[data-section=matching] [data-figure=waiting]')).toBe('2');
    const waitingRows = await page.$$eval('table.waiting tr[data-outcome]', (trs) => trs.map((tr) => tr.textContent));
    expect(waitingRows).toEqual([
      expect.stringMatching(/^2026-11-21 10:00qualified–D-405click id Cj0KCQiA-never-seen$/),
      expect.stringMatching(/^2026-11-20 10:00won₫900,000D-404lead id lead-from-another-site$/),
    ]);

    // The hostile lead is shown as text; nothing of it ran.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('table.recent tr[data-lead="hostile-lead"]').textContent()).toContain(
      '<img src=x onerror="window.__pwned=1">',
    );
    expect(errors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-${kind}.png`), fullPage: true });
  });

  it('filters by type and channel with the form', async () => {
    await page.selectOption('select[name=type]', 'call_click');
    await page.selectOption('select[name=channel]', 'Paid Search');
    await Promise.all([page.waitForURL('**/dashboard?*type=call_click*'), page.click('.filters button')]);
    const want = expected(data, [hostile]);
    const calls = want.leads.filter(
      (l) => l.type === 'call_click' && l.attribution.last.source === 'google' && l.attribution.last.medium === 'cpc',
    );
    expect(await text('[data-kpi=leads]')).toBe(String(calls.length));
    const rows = await page.$$eval('table.recent tr[data-lead]', (trs) => trs.map((tr) => tr.getAttribute('data-lead')));
    expect(rows.sort()).toEqual(calls.map((l) => l.id).sort());
  });
});

describe('releasing held-back leads from the Lead quality view, in Chromium', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-dashboard-release-'));
  let collector: Collector;
  let browser: Browser;
  let page: Page;
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();

  beforeAll(async () => {
    collector = await createCollector({ port: 0, store: createSqliteStore({ path: join(dir, 'held.sqlite') }), adminToken: TOKEN });
    const verdicts = new Map<string, Judgement>([
      ['BOT', { verdict: 'spam', reasons: ['honeypot'] }],
      ['ODD', { verdict: 'suspect', reasons: ['fast_page'] }],
      ['OK', { verdict: 'ok', reasons: [] }],
    ]);
    const leads = [...verdicts.keys()].map((id) => leadEvent({ id, ts: hourAgo, anonymousId: `v-${id}`, sessionId: `s-${id}` }));
    await collector.store.insert(leads, { receivedAt: new Date(), verdicts });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.close();
    await collector?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const released = async () => (await collector.store.leads()).filter((l) => l.quality?.released).map((l) => l.eventId);

  it('ticks a held lead, types the token and releases it; a wrong token releases nothing; the sign-in cookie alone is not enough', async () => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${collector.url}/login?token=${TOKEN}&next=/dashboard`);
    const quality = page.locator('section[data-section=quality]');
    expect(
      await quality.locator('tr[data-quality-lead]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-quality-lead')).sort()),
    ).toEqual(['BOT', 'ODD']);
    const result = quality.locator('[data-figure=release-result]');

    // Signed in with the cookie, but the request carries only what was typed: a wrong token is refused.
    await page.check('input[name=release][value=BOT]');
    await page.fill('form.release input[name=token]', 'not-the-admin-token-000');
    await page.click('form.release button');
    await expect.poll(() => result.textContent()).toBe('Not released: wrong admin token');
    expect(await released()).toEqual([]);
    expect(page.url()).toMatch(/\/dashboard$/);

    await page.fill('form.release input[name=token]', TOKEN);
    await page.click('form.release button');
    await expect.poll(() => result.textContent()).toMatch(/^1 released\./);
    expect(await released()).toEqual(['BOT']);
    expect(await page.inputValue('form.release input[name=token]')).toBe('');
    expect(await page.isDisabled('input[name=release][value=BOT]')).toBe(true);
    expect(await page.isDisabled('input[name=release][value=ODD]')).toBe(false);

    // Reloaded: BOT is no longer held; ODD still is.
    await page.reload();
    expect(await quality.locator('[data-figure=quality-held]').textContent()).toBe('1');
    expect(await quality.locator('[data-figure=quality-released]').textContent()).toBe('1');
    expect(
      await quality.locator('tr[data-quality-lead]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-quality-lead')).sort()),
    ).toEqual(['ODD']);
    // The wrong token's 401 only: no script error, nothing refused by the page's Content-Security-Policy.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  });
});
