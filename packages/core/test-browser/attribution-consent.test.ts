import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sleep, startEnv, type Env } from './env';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env?.close());

type LB = (command: string, ...args: unknown[]) => Promise<void> | void;
const call = (page: Page, ...args: unknown[]) =>
  page.evaluate((a) => (window as unknown as { leadbeacon: LB }).leadbeacon(...(a as [string])), args);
const aidOf = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('lb') || '{}').a as string | undefined);
const mine = async (aid: string) => (await env.collector.events()).filter((e) => e.anonymousId === aid);

async function lead(page: Page, formId: string) {
  await call(page, 'track', 'form_submit', { formId, fieldNames: ['email'], via: 'script' });
  await call(page, 'flush');
}

describe('attribution across visits', () => {
  it('campaign landing, later page, second campaign, direct return, search referrer', async () => {
    const context = await env.context();
    const page = await context.newPage();
    await page.goto(env.site.url + '/other.html?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=Cj0-G1');
    await page.waitForFunction(() => !!localStorage.getItem('lb'));
    const aid = (await aidOf(page))!;
    await lead(page, 'on-landing');
    await page.goto(env.site.url + '/lead.html'); // a later page
    await lead(page, 'later-page');
    await page.goto(env.site.url + '/other.html?utm_source=newsletter&utm_medium=email&utm_campaign=nov');
    await lead(page, 'second-campaign');
    await page.goto(env.site.url + '/other.html'); // a direct return
    await lead(page, 'direct-return');
    await page.goto(env.site.url + '/other.html', { referer: 'https://www.google.com/' });
    await lead(page, 'search');
    const events = await env.collector.waitForEvents(
      (es) => es.filter((e) => e.anonymousId === aid && e.type === 'form_submit').length === 5,
    );
    const by = (id: string) => events.find((e) => e.anonymousId === aid && e.props.formId === id)!;
    expect(by('on-landing').attribution.first).toMatchObject({
      source: 'google',
      medium: 'cpc',
      campaign: 'brand',
      channel: 'Paid Search',
      clickIds: { gclid: 'Cj0-G1' },
    });
    expect(by('later-page').attribution.last).toMatchObject({ campaign: 'brand' });
    expect(by('later-page').sessionId).toBe(by('on-landing').sessionId);
    expect(by('second-campaign').attribution.last).toMatchObject({ source: 'newsletter', medium: 'email', channel: 'Email' });
    expect(by('second-campaign').attribution.first).toMatchObject({ campaign: 'brand' });
    expect(by('second-campaign').sessionId).not.toBe(by('later-page').sessionId);
    expect(by('direct-return').attribution.last).toMatchObject({ campaign: 'nov' });
    expect(by('search').attribution.last).toMatchObject({ source: 'google', medium: 'organic', channel: 'Organic Search' });
    expect(by('search').attribution.first).toMatchObject({ campaign: 'brand' });
  });
});

describe('consent and privacy', () => {
  it('pending keeps everything in memory, granted sends it, denied stops and clears', async () => {
    const page = await (await env.context()).newPage();
    await page.goto(env.site.url + '/consent.html?utm_source=a&utm_medium=b&email=me%40x.com');
    await page.waitForFunction(() => (window as unknown as { leadbeacon?: { loaded?: boolean } }).leadbeacon?.loaded);
    await call(page, 'track', 'form_submit', { formId: 'before-consent', fieldNames: [], via: 'script' });
    await sleep(1200);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const before = await env.collector.events();
    expect(before.some((e) => e.props.formId === 'before-consent')).toBe(false);
    await call(page, 'consent', 'granted');
    const aid = (await aidOf(page))!;
    const got = await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.props.formId === 'before-consent'));
    const e = got.find((x) => x.props.formId === 'before-consent')!;
    expect(e.page.url).not.toContain('email'); // scrubbed
    await call(page, 'consent', 'denied');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await call(page, 'track', 'form_submit', { formId: 'after-denial', fieldNames: [], via: 'script' });
    await sleep(1200);
    expect((await mine(aid)).some((x) => x.props.formId === 'after-denial')).toBe(false);
  });

  it('with Global Privacy Control set, no click id leaves the browser', async () => {
    const context = await env.context();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const page = await context.newPage();
    await page.goto(env.site.url + '/other.html?utm_source=facebook&utm_medium=paid_social&fbclid=IwAR-secret');
    await page.waitForFunction(() => !!localStorage.getItem('lb'));
    const aid = (await aidOf(page))!;
    await lead(page, 'gpc');
    await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.props.formId === 'gpc'));
    const raw = JSON.stringify(await mine(aid));
    expect(raw).not.toContain('IwAR-secret');
    expect(raw).not.toContain('fbclid');
    expect(raw).toContain('paid_social');
  });
});

describe('forwarding', () => {
  it('pushes each lead into a GTM-style dataLayer with its value, and follows gtag consent updates', async () => {
    const page = await (await env.context()).newPage();
    await page.goto(env.site.url + '/attr.html?utm_source=google&utm_medium=cpc&gclid=G-7');
    await page.waitForFunction(() => !!localStorage.getItem('lb'));
    await page.waitForFunction(() => (window as unknown as { gtmReady?: boolean }).gtmReady); // the "GTM" container is in place
    await lead(page, 'forwarded');
    const fired = await page.evaluate(
      () => (window as unknown as { gtmFired: { event: string; data: Record<string, unknown> }[] }).gtmFired,
    );
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      event: 'leadbeacon.form_submit',
      data: {
        type: 'form_submit',
        value: 50,
        currency: 'USD',
        source: 'google',
        medium: 'cpc',
        channel: 'Paid Search',
        props: { formId: 'forwarded' },
      },
    });
    // The site's consent banner answers through gtag: ads denied from now on.
    await page.evaluate(() =>
      (window as unknown as { gtag: (...a: unknown[]) => void }).gtag('consent', 'update', {
        ad_storage: 'denied',
        ad_user_data: 'denied',
      }),
    );
    await lead(page, 'after-ads-denied');
    const aid = (await aidOf(page))!;
    const events = await env.collector.waitForEvents((es) =>
      es.some((e) => e.anonymousId === aid && e.props.formId === 'after-ads-denied'),
    );
    const first = events.find((e) => e.props.formId === 'forwarded')!;
    const second = events.find((e) => e.props.formId === 'after-ads-denied')!;
    expect(first.attribution.last.clickIds).toEqual({ gclid: 'G-7' });
    expect(second.attribution.last.clickIds).toBeUndefined();
    expect(second.page.url).not.toContain('gclid');
    expect(second.value).toBe(50);
    expect(second.score).toBe(100);
  });
});
