/**
 * The lead quality signals (issue 22) in Chromium, through the collector's verdict: people typing
 * with pauses, with autofill (then a click, or Enter at once), with a password manager filling a
 * sign-in form on the same page, with the keyboard only, and a screen reader's click on a tel: link
 * are `ok`; a headless submit at once, a scripted fill including the honeypot, a driven browser
 * filling at once with trusted events, a click flood on a tel: link and a direct post to the
 * collector are flagged.
 * People's sessions run as a person's browser does: a desktop Chrome User-Agent and no
 * `navigator.webdriver` (the test's automation flag hidden); the bots' stealth sessions hide it too,
 * so that they are caught by the other signals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { type Env, sleep, startEnv } from './env';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env?.close());

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36';

let visitors = 0;
/**
 * A context as a person's browser (or a stealth bot's): desktop UA, no webdriver flag, and an
 * address of its own (X-Forwarded-For, which the collector takes from a proxy on loopback).
 */
async function personContext(): Promise<BrowserContext> {
  const c = await env.browser.newContext({ userAgent: CHROME, extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${++visitors}` } });
  await c.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  return c;
}

async function open(context: BrowserContext): Promise<{ page: Page; aid: string }> {
  const page = await context.newPage();
  await page.goto(env.site.url + '/quality.html');
  await page.waitForFunction(() => !!localStorage.getItem('lb'));
  return { page, aid: await page.evaluate(() => JSON.parse(localStorage.getItem('lb')!).a as string) };
}

/** The verdicts of the visitor's leads, in order, once `n` arrived. */
async function verdicts(aid: string, n: number) {
  await env.collector.waitForEvents((es) => es.filter((e) => e.anonymousId === aid && e.type !== 'page_view').length >= n, {
    timeout: 15_000,
  });
  await sleep(300);
  const leads = (await env.collector.store.leads()).filter((l) => l.anonymousId === aid);
  return leads.map((l) => ({ verdict: l.quality?.verdict, reasons: l.quality?.reasons }));
}

const signalsOf = async (aid: string) =>
  (await env.collector.events()).filter((e) => e.anonymousId === aid && e.type !== 'page_view').map((e) => e.quality);

describe('people are ok', () => {
  it('typing with pauses, then a click on Send', async () => {
    const { page, aid } = await open(await personContext());
    await sleep(1200);
    await page.click('#name');
    await page.keyboard.type('Lan Nguyen', { delay: 60 });
    await sleep(400);
    await page.click('#email');
    await page.keyboard.type('lan@example.com', { delay: 50 });
    await page.click('#phone');
    await page.keyboard.type('0901234567', { delay: 50 });
    await page.click('#send');
    expect(await verdicts(aid, 1)).toEqual([{ verdict: 'ok', reasons: [] }]);
    const [q] = await signalsOf(aid);
    expect(q).toMatchObject({ honeypot: false, trustedInput: true, trustedEvent: true, automation: false, repeat: 0 });
    expect((q as { formMs: number }).formMs).toBeGreaterThan(1000);
  });

  it('autofill: a click in a field fills the form at once, then Send', async () => {
    const { page, aid } = await open(await personContext());
    await sleep(1500);
    await page.click('#name');
    // What the browser's autofill does: the visible fields filled in one go, no keystroke.
    await page.fill('#name', 'Lan Nguyen');
    await page.fill('#email', 'lan@example.com');
    await page.fill('#phone', '0901234567');
    await sleep(1100);
    await page.click('#send');
    expect(await verdicts(aid, 1)).toEqual([{ verdict: 'ok', reasons: [] }]);
  });

  it('a password manager fills the sign-in form on the same page; the contact form is then sent', async () => {
    const { page, aid } = await open(await personContext());
    await page.fill('#user', 'lan');
    await page.fill('#pw', 'secret');
    await sleep(1000);
    await page.click('#name');
    await page.keyboard.type('Lan', { delay: 40 });
    await page.click('#email');
    await page.keyboard.type('lan@example.com', { delay: 30 });
    await sleep(500);
    await page.click('#send');
    expect(await verdicts(aid, 1)).toEqual([{ verdict: 'ok', reasons: [] }]);
  });

  it('keyboard only: Tab between fields, Enter to send', async () => {
    const { page, aid } = await open(await personContext());
    await sleep(1000);
    await page.focus('#name');
    await page.keyboard.type('Minh', { delay: 50 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('minh@example.com', { delay: 40 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('0907654321', { delay: 40 });
    await page.keyboard.press('Enter');
    expect(await verdicts(aid, 1)).toEqual([{ verdict: 'ok', reasons: [] }]);
  });

  it('autofill, then Enter at once: a fast form (fast_form, a hint), still ok', async () => {
    const { page, aid } = await open(await personContext());
    await sleep(1500);
    await page.click('#name');
    await page.fill('#name', 'Lan Nguyen');
    await page.fill('#email', 'lan@example.com');
    await page.keyboard.press('Enter');
    expect(await verdicts(aid, 1)).toEqual([{ verdict: 'ok', reasons: ['fast_form'] }]);
  });

  it('a screen reader activates the tel: link: a trusted click with no pointer or key event before it', async () => {
    const { page, aid } = await open(await personContext());
    // What reaches the page of a screen reader's click in browse mode: the click alone.
    await page.evaluate(() => {
      for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'keydown'])
        window.addEventListener(t, (e) => e.stopImmediatePropagation(), true);
    });
    await sleep(2000);
    await page.click('#call');
    expect(await verdicts(aid, 1)).toEqual([{ verdict: 'ok', reasons: [] }]);
    expect((await signalsOf(aid))[0]).toMatchObject({ trustedInput: false, trustedEvent: true });
  });
});

describe('bots are flagged', () => {
  it('headless Chromium submitting at once', async () => {
    const { page, aid } = await open(await env.context());
    await page.evaluate(() => {
      for (const id of ['name', 'email', 'phone']) (document.getElementById(id) as HTMLInputElement).value = 'x@example.com';
      (document.getElementById('contact') as HTMLFormElement).requestSubmit();
    });
    const [v] = await verdicts(aid, 1);
    expect(v!.verdict).toBe('spam');
    expect(v!.reasons).toEqual(expect.arrayContaining(['automation', 'bot_user_agent', 'fast_form', 'no_trusted_input']));
  });

  it('a scripted fill of every field, the honeypot too, and a scripted click (webdriver hidden)', async () => {
    const { page, aid } = await open(await personContext());
    await sleep(1600);
    await page.evaluate(() => {
      for (const input of document.querySelectorAll<HTMLInputElement>('#contact input')) input.value = 'spam@example.com';
      document.getElementById('send')!.click();
    });
    const [v] = await verdicts(aid, 1);
    expect(v!.verdict).toBe('spam');
    expect(v!.reasons).toEqual(expect.arrayContaining(['honeypot', 'untrusted_event', 'no_trusted_input']));
    expect((await signalsOf(aid))[0]).toMatchObject({ honeypot: true, trustedEvent: false, automation: false });
  });

  it('a driven browser filling and clicking with trusted events right after the page loads (webdriver hidden)', async () => {
    const { page, aid } = await open(await personContext());
    for (const id of ['#name', '#email', '#phone']) await page.fill(id, 'spam@example.com');
    await page.click('#send');
    expect(await verdicts(aid, 1)).toEqual([{ verdict: 'suspect', reasons: ['fast_form', 'fast_page'] }]);
  });

  it('a click flood on the tel: link, page after page: the tracker sends one per page, the collector flags the burst', async () => {
    const context = await personContext();
    const { page, aid } = await open(context);
    for (let i = 0; i < 3; i++) await page.click('#call'); // repeats on one page: one lead (the tracker's own dedupe)
    for (let i = 0; i < 7; i++) {
      await page.goto(env.site.url + '/quality.html');
      await page.click('#call');
    }
    const judged = await verdicts(aid, 8);
    expect(judged).toHaveLength(8);
    expect(judged.slice(5).every((v) => v.verdict !== 'ok' && v.reasons!.includes('visitor_burst'))).toBe(true);
    expect(judged.filter((v) => v.verdict !== 'ok').length).toBeGreaterThanOrEqual(5);
  });

  it('a direct post to the collector, without the page', async () => {
    const lead = {
      v: 2,
      id: 'direct-' + Date.now(),
      type: 'form_submit',
      name: 'form_submit',
      ts: new Date().toISOString(),
      anonymousId: 'bot-direct',
      sessionId: 'bot-session',
      page: { url: env.site.url + '/quality.html', path: '/quality.html', title: 'Quality', referrer: '' },
      attribution: {
        first: { landingPage: env.site.url + '/quality.html', ts: new Date().toISOString() },
        last: { landingPage: env.site.url + '/quality.html', ts: new Date().toISOString() },
      },
      props: { formId: 'contact', fieldNames: ['name'], via: 'script' },
    };
    const body = { v: 2, sentAt: new Date().toISOString(), sdk: { name: 'leadbeacon', version: '0.1.0' }, events: [lead] };
    const res = await fetch(env.collector.url + '/collect', {
      method: 'POST',
      headers: { 'user-agent': CHROME },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const [v] = await verdicts('bot-direct', 1);
    expect(v!.verdict).not.toBe('ok');
    expect(v!.reasons).toEqual(expect.arrayContaining(['no_page_view', 'no_signals']));
  });
});
