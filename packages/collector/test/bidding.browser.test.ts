/**
 * The dashboard's Bidding panel in headless Chromium over the issue's example (advice-fixture.ts),
 * on both stores: the figures, learned and configured values and roles computed by hand in
 * advice.test.ts, each step's reason and the advice.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leadbeacon/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../src/index';
import type { Collector } from '../src/index';
import { issueExample, seed } from './advice-fixture';
import { openTestStore, STORE_KINDS } from './stores';

const TOKEN = 'bidding-browser-token-42';
// The range ends on 30 November (UTC): the advice runs to 1 December 00:00, the fixture's `now`.
const NOW = new Date('2026-12-01T00:00:00Z');

describe.each(STORE_KINDS)('the Bidding panel in Chromium (%s store)', { timeout: 60_000 }, (kind) => {
  let collector: Collector;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const store = await openTestStore(kind);
    await seed(store, NOW, issueExample());
    collector = await createCollector({ port: 0, store, adminToken: TOKEN });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.close();
    await collector?.store.close();
  });

  it('shows the table, the learned values beside the configured ones, the roles, reasons and advice', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const next = encodeURIComponent('/dashboard?from=2026-11-01&to=2026-11-30');
    await page.goto(`${collector.url}/login?token=${TOKEN}&next=${next}`);
    await page.waitForURL('**/dashboard?from=2026-11-01&to=2026-11-30');
    const panel = page.locator('section[data-section=bidding]');
    await expect(panel.locator('h2').textContent()).resolves.toBe('Bidding');
    const cell = (step: string, figure: string) => panel.locator(`tr[data-step="${step}"] [data-figure="${figure}"]`).textContent();
    const steps = await panel.locator('tr[data-step]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step')));
    expect(steps).toEqual(['form_submit', 'qualified', 'won']);
    expect(await cell('form_submit', 'count')).toBe('200');
    expect(await cell('form_submit', 'last30')).toBe('74');
    expect(await cell('form_submit', 'rate-to-won')).toBe('10.0%');
    expect(await cell('form_submit', 'learned')).toBe('$100.00');
    expect(await cell('form_submit', 'configured')).toBe('$50.00');
    expect(await cell('qualified', 'last30')).toBe('40');
    expect(await cell('qualified', 'lag-median')).toBe('1');
    expect(await cell('qualified', 'rate-to-won')).toBe('33.3%');
    expect(await cell('qualified', 'learned')).toBe('$333.33');
    expect(await cell('qualified', 'configured')).toBe('–');
    expect(await cell('qualified', 'role')).toBe('primary');
    expect(await cell('won', 'lag-median')).toBe('10');
    expect(await cell('won', 'learned')).toBe('$1,000.00');
    expect(await cell('won', 'role')).toBe('secondary');
    expect(await panel.locator('tr.primary').getAttribute('data-step')).toBe('qualified');
    expect(await panel.locator('[data-reason=won]').textContent()).toMatch(
      /^won: 0 in 30 days, median 10 days after the click: too few and too late/,
    );
    const advice = await panel.locator('[data-advice]').allTextContents();
    expect(advice[0]).toBe('Bid on qualified: make it the primary conversion; keep form_submit, won as secondary (observed, not bid on).');
    expect(advice[1]).toMatch(/^No value has been uploaded by sync yet; .* about 30 days of value data/);
    expect(errors).toEqual([]);
  });
});
