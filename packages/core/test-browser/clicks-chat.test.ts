/**
 * call_click, email_click and chat_start in Chromium against the built script and the real
 * collector: exact counts (a double click is one), keyboard and middle clicks, copies,
 * declared calls to action, and chat widgets emulated from their documented APIs, loaded
 * before and after the tracker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Env, openPage, settleTime, sleep, startEnv } from './env';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env?.close());

type Stored = Awaited<ReturnType<Env['collector']['events']>>[number];

const open = (path: string) => openPage(env, path);

/** Waits until `done` holds for this visitor's events, then a settle time for anything doubled. */
async function settle(aid: string, done: (es: Stored[]) => boolean): Promise<Stored[]> {
  await env.collector.waitForEvents((es) => done(es.filter((e) => e.anonymousId === aid)), { timeout: 10_000 });
  await settleTime();
  return (await env.collector.events()).filter((e) => e.anonymousId === aid && e.type !== 'page_view');
}

const of = (es: Stored[], type: string) => es.filter((e) => e.type === type);

describe('call and email links', () => {
  it('a real click on an element inside a tel: link: one call_click, E.164 from the default country', async () => {
    const { page, aid, seen } = await open('/chat/clicks.html');
    await page.click('#tel-real .label');
    const events = await settle(aid, (es) => es.some((e) => e.type === 'call_click'));
    expect(events).toHaveLength(1);
    expect(events[0]!.props).toEqual({ phone: '+84901234567', href: 'tel:0901 234 567', via: 'link' });
    expect(seen.errors).toEqual([]);
  });

  it("a click in the script's own task, before the detectors' start-up timer: one call_click", async () => {
    const { page, aid, seen } = await open('/chat/early-click.html');
    // The click came, and the detectors had not started then (XMLHttpRequest was not wrapped yet).
    expect(
      await page.evaluate(() => [(window as { clicked?: boolean }).clicked, (window as { startedBefore?: boolean }).startedBefore]),
    ).toEqual([true, true]);
    const events = await settle(aid, (es) => es.some((e) => e.type === 'call_click'));
    expect(events.map((e) => [e.type, e.props])).toEqual([
      ['call_click', { phone: '+84901234567', href: 'tel:0901 234 567', via: 'link' }],
    ]);
    expect(seen.errors).toEqual([]);
  });

  it('a real mailto: click: one email_click, lowercased, with the subject', async () => {
    const { page, aid } = await open('/chat/clicks.html');
    await page.click('#mail-real');
    const events = await settle(aid, (es) => es.some((e) => e.type === 'email_click'));
    expect(events).toHaveLength(1);
    expect(events[0]!.props).toEqual({
      email: 'sales@example.com',
      href: 'mailto:Sales@Example.COM?subject=Quote%20request',
      via: 'link',
      subject: 'Quote request',
    });
  });

  it('double click, keyboard, middle click, stopPropagation, shadow DOM, copies, calls to action and chat links: exact counts', async () => {
    const { page, aid, seen } = await open('/chat/clicks.html');
    await page.dblclick('#dbl');
    await page.focus('#key');
    await page.keyboard.press('Enter');
    await page.click('#mid', { button: 'middle' });
    await page.click('#stop');
    await page.click('#in-shadow b');
    await page.click('#ignored');
    await page.click('#share');
    await page.click('#wa');
    await page.click('#wa');
    for (const id of ['messenger', 'zalo', 'telegram', 'viber', 'line', 'sms']) await page.click('#' + id);
    await copy(page, '#copy-phone');
    await copy(page, '#copy-mail');
    await copy(page, '#copy-phone'); // the same number again: still one lead
    await page.dblclick('#cta-call');
    await page.click('#cta-custom');

    const events = await settle(
      aid,
      (es) => of(es, 'call_click').length >= 6 && of(es, 'chat_start').length >= 7 && es.some((e) => e.name === 'book_demo'),
    );
    const calls = of(events, 'call_click').map((e) => [e.props.phone, e.props.via, e.value ?? null]);
    expect(calls.sort()).toEqual(
      [
        ['+842811111111', 'link', null], // double click: once
        ['+84902222222', 'link', null], // Enter on a focused link
        ['+842833333333', 'link', null], // under stopPropagation
        ['+842844444444', 'link', null], // in a shadow root
        ['+84903333333', 'copy', null],
        ['+84905555555', 'cta', 25],
      ].sort(),
    );
    expect(
      of(events, 'email_click')
        .map((e) => [e.props.email, e.props.via])
        .sort(),
    ).toEqual([
      ['info@example.com', 'copy'],
      ['mid@example.com', 'link'],
    ]);
    expect(
      of(events, 'chat_start')
        .map((e) => `${e.props.provider} ${e.props.target} ${e.props.via}`)
        .sort(),
    ).toEqual([
      'line @acme link',
      'messenger acme.aircon link',
      'sms +84901234567 link',
      'telegram acme_support link',
      'viber +84901234567 link',
      'whatsapp 84901234567 link',
      'zalo 0901234567 link',
    ]);
    expect(of(events, 'custom').map((e) => [e.name, e.props.plan])).toEqual([['book_demo', 'pro']]);
    expect(of(events, 'call_click').find((e) => e.props.via === 'cta')!.props).toMatchObject({ campaign: 'summer' });
    expect(seen.errors).toEqual([]);
  });
});

/** Selects the element's text and presses Ctrl+C, as a visitor copying it. */
async function copy(page: Page, selector: string) {
  await page.evaluate((s) => getSelection()!.selectAllChildren(document.querySelector(s)!), selector);
  await page.keyboard.press('Control+C');
}

const SIGNALS: Record<string, string> = {
  intercom: 'onUserEmailSupplied',
  drift: 'startConversation',
  crisp: 'message:sent',
  tawk: 'onChatStarted',
  hubspot: 'conversationStarted',
  livechat: 'new_event',
  tidio: 'conversationStart',
  olark: 'api.chat.onMessageToOperator',
  freshchat: 'message:sent',
  chatwoot: 'chatwoot:on-start-conversation',
};
const IDS: Record<string, string> = { drift: '4242', hubspot: '777', livechat: 'LC-CHAT-1' };

function expectOnePerProvider(events: Stored[], zendeskSignal: string) {
  const starts = of(events, 'chat_start');
  const byProvider = Object.fromEntries(starts.map((e) => [e.props.provider, e.props]));
  expect(starts).toHaveLength(11);
  expect(Object.keys(byProvider).sort()).toEqual([...Object.keys(SIGNALS), 'zendesk'].sort());
  for (const [provider, signal] of Object.entries({ ...SIGNALS, zendesk: zendeskSignal })) {
    const expected: Record<string, unknown> = { provider, via: 'widget', signal };
    if (IDS[provider]) expected.conversationId = IDS[provider];
    expect(byProvider[provider]).toEqual(expected);
  }
  expect(JSON.stringify(events)).not.toContain('0901234567'); // message text never leaves
}

describe('chat widgets', () => {
  it('loaded before the tracker: one chat_start per provider for two starts each; the site handlers still run', async () => {
    const { page, aid, seen } = await open('/chat/widgets-early.html');
    // The chat hooks are a lazy file: the visitor starts chatting once it has hooked the widgets
    // (Intercom has the site's handler and the tracker's), not before, however loaded the machine.
    await page.waitForFunction(() => ((window as unknown as { __intercomHandlers?: number }).__intercomHandlers ?? 0) >= 2, {
      timeout: 10_000,
    });
    await page.evaluate(() => (window as unknown as { __startAll(): void }).__startAll());
    const events = await settle(aid, (es) => of(es, 'chat_start').length >= 11);
    expectOnePerProvider(events, 'chat:start');
    expect(await page.evaluate(() => (window as unknown as { __site: object }).__site)).toEqual({
      intercom: 2,
      drift: 2,
      crisp: 2,
      tawk: 2,
      livechat: 6,
      olark: 2,
    });
    expect(seen.errors).toEqual([]);
  });

  it('stub queues before, loaders and globals after the tracker, Tawk.to callback set after: the same', async () => {
    const { page, aid, seen } = await open('/chat/widgets-late.html');
    await page.waitForFunction(() => (window as unknown as { __loaded?: boolean }).__loaded);
    await sleep(1500); // the widget poll runs every 0.5 s: three chances to hook the late globals
    await page.evaluate(() => (window as unknown as { __startAll(): void }).__startAll());
    // Zendesk Messaging: the site's own open on load did not count; the visitor's click does.
    const before = await settle(aid, (es) => of(es, 'chat_start').length >= 10);
    expect(of(before, 'chat_start').map((e) => e.props.provider)).not.toContain('zendesk');
    await page.click('#zendesk-launcher');
    await page.click('#zendesk-launcher');
    const events = await settle(aid, (es) => of(es, 'chat_start').length >= 11);
    expectOnePerProvider(events, 'opened');
    expect(await page.evaluate(() => (window as unknown as { __site: object }).__site)).toEqual({
      intercom: 2,
      drift: 2,
      crisp: 2,
      tawk: 2,
      livechat: 6,
      olark: 2,
    });
    expect(seen.errors).toEqual([]);
  });
});
