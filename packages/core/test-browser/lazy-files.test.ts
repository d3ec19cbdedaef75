/**
 * The lazy files beside leadbeacon.min.js, in Chromium against the real collector: one that is
 * slow (held at least 2 s, until the page's leads are made) and one that is missing (404). The
 * main script captures every lead itself: a lead made before a lazy file arrives is recorded,
 * and one made while the page is leaving is sent, each exactly once. A slow file still works
 * once it comes; a missing one costs a warning and nothing else, and never turns a failure into
 * a lead: Contact Form 7's answers (HTTP 200 whatever the outcome) are read by the main script.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_LOADED } from '../src/warnings';
import { scriptFiles, sleep, startEnv, warningLine, watch, type Env } from './env';

const TEMPLATE = readFileSync(fileURLToPath(new URL('./pages/lazy/lead.html', import.meta.url)), 'utf8');
const CF7 = readFileSync(fileURLToPath(new URL('./pages/lazy/cf7.html', import.meta.url)), 'utf8');
/** Contact Form 7 5.x's REST answers (HTTP 200 all of them), as its feedback endpoint sends them. */
const CF7_MESSAGES: Record<string, string> = {
  mail_sent: 'Thank you for your message. It has been sent.',
  validation_failed: 'One or more fields have an error. Please check and try again.',
  spam: 'There was an error trying to send your message. Please try again later.',
  mail_failed: 'There was an error trying to send your message. Please try again later.',
};
const cf7Answer = (status: string) =>
  JSON.stringify({
    contact_form_id: 7,
    status,
    message: CF7_MESSAGES[status],
    posted_data_hash: status === 'mail_sent' ? 'd52f2b1e2c6b4a3f8f7f0a5e3b9c1d2e' : '',
    into: '#wpcf7-f7-o1',
    invalid_fields:
      status === 'validation_failed'
        ? [{ field: 'your-email', message: 'Please enter an email address.', idref: null, error_id: 'wpcf7-f7-o1-ve-your-email' }]
        : [],
  });
const STUB = readFileSync(fileURLToPath(new URL('./pages/stub.html', import.meta.url)), 'utf8');

let env: Env;
/** Lets the held lazy files go (each still waits its 2 s). */
let release: () => void = () => {};
let released = new Promise<void>((r) => (release = r));
/** Paths of lazy files requested, and answered. */
const requested: string[] = [];
const answered: string[] = [];

const js = (res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
};

beforeAll(async () => {
  const files = scriptFiles();
  const routes: Parameters<typeof startEnv>[0] = {};
  for (const scenario of ['slow', 'missing']) {
    routes[`GET /lazy/${scenario}.html`] = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(TEMPLATE.replace('<!--STUB-->', STUB).replaceAll('__SCENARIO__', scenario).replaceAll('__ENDPOINT__', env.endpoint));
    };
    for (const [name, body] of Object.entries(files)) {
      const path = `/${scenario}/${name}`;
      routes[`GET ${path}`] = async (_req, res) => {
        if (name === 'leadbeacon.min.js') return js(res, body);
        requested.push(path);
        if (scenario === 'missing') {
          res.writeHead(404, { 'content-type': 'text/plain' });
          return void res.end('not here');
        }
        // Slow: at least 2 s, and not before the test has made its leads.
        await Promise.all([sleep(2000), released]);
        answered.push(path);
        js(res, body);
      };
    }
  }
  routes['GET /lazy/cf7-missing.html'] = (req, res) => {
    const answer = new URL(req.url!, 'http://x').searchParams.get('answer') || '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      CF7.replace('<!--STUB-->', STUB)
        .replaceAll('__SCENARIO__', 'missing')
        .replace('__ANSWER__', answer)
        .replaceAll('__ENDPOINT__', env.endpoint),
    );
  };
  routes['POST /wp-json/contact-form-7/v1/contact-forms/7/feedback'] = (_req, res, ctx) => {
    const status = /name="_test_answer"\r\n\r\n(\w+)/.exec(ctx.body)?.[1] || 'validation_failed';
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(cf7Answer(status));
  };
  env = await startEnv(routes);
}, 60_000);
afterAll(() => env?.close());

async function open(path: string) {
  const before = requested.length;
  const page = await (await env.context()).newPage();
  const seen = watch(page);
  await page.goto(env.site.url + path);
  await page.waitForFunction(() => !!localStorage.getItem('lb'));
  const aid = await page.evaluate(() => JSON.parse(localStorage.getItem('lb')!).a as string);
  // The tracker asked for the chat widget hooks ($crisp is there) and the plugins' signals (CF7 markup).
  await expect.poll(() => requested.slice(before).length).toBe(2);
  return { page, seen, aid };
}

/** This visitor's events by type, once `done` holds and a moment more (anything doubled would arrive meanwhile). */
async function settled(aid: string, done: (types: string[]) => boolean) {
  const types = async () => (await env.collector.events()).filter((e) => e.anonymousId === aid && e.type !== 'page_view');
  await env.collector.waitForEvents((es) => done(es.filter((e) => e.anonymousId === aid).map((e) => e.type)), { timeout: 15_000 });
  await sleep(1500);
  return types();
}
const count = (es: { type: string }[], type: string) => es.filter((e) => e.type === type).length;

/** A call click and a plugin form sent by AJAX, both before any lazy file has arrived. */
async function leadsBeforeLazyFiles(page: Page) {
  await page.click('#tel');
  await page.click('#cf7-send');
  await page.waitForFunction(() => (window as { cf7Done?: boolean }).cf7Done === true);
}

describe('a slow lazy file (2 s)', () => {
  it('leads made before it arrives are recorded once each; the chat hooks work once it comes', async () => {
    const { page, aid, seen } = await open('/lazy/slow.html');
    await leadsBeforeLazyFiles(page);
    expect(answered).toEqual([]); // nothing lazy has arrived yet
    release();
    await expect.poll(() => answered.length, { timeout: 10_000 }).toBe(2);
    // Crisp's loader runs now and replays the handlers pushed on its stub array: a visitor's message.
    await page.waitForFunction(() => (window as unknown as { $crisp: unknown[][] }).$crisp.some((c) => c[0] === 'on'));
    await page.evaluate(() =>
      (window as unknown as { $crisp: [string, string, () => void][] }).$crisp.forEach(
        (c) => c[0] === 'on' && c[1] === 'message:sent' && c[2](),
      ),
    );
    const events = await settled(aid, (t) => t.includes('call_click') && t.includes('form_submit') && t.includes('chat_start'));
    expect([count(events, 'call_click'), count(events, 'form_submit'), count(events, 'chat_start')]).toEqual([1, 1, 1]);
    expect(events.find((e) => e.type === 'call_click')!.props.phone).toBe('+84901234567');
    // The plugin's signal was not loaded yet: the request that succeeded was the evidence.
    expect(events.find((e) => e.type === 'form_submit')!.props).toMatchObject({ formId: 'cf7', via: 'script', provider: 'cf7' });
    expect(seen.errors).toEqual([]);
  });

  it('a lead made while the page is leaving, before any lazy file arrives, is sent once', async () => {
    released = new Promise<void>((r) => (release = r));
    answered.length = 0;
    const { page, aid, seen } = await open('/lazy/slow.html');
    await page.click('#send');
    await page.waitForURL('**/thanks.html');
    expect(answered).toEqual([]);
    release();
    const events = await settled(aid, (t) => t.includes('form_submit'));
    expect(events.map((e) => [e.type, e.props.formId, e.props.via])).toEqual([['form_submit', 'contact', 'native']]);
    expect(seen.errors).toEqual([]);
  });
});

describe('a missing lazy file (404)', () => {
  it('leads are recorded once each; the tracker warns and goes on without the feature', async () => {
    const { page, aid, seen } = await open('/lazy/missing.html');
    await leadsBeforeLazyFiles(page);
    const events = await settled(aid, (t) => t.includes('call_click') && t.includes('form_submit'));
    expect([count(events, 'call_click'), count(events, 'form_submit')]).toEqual([1, 1]);
    expect(events.find((e) => e.type === 'form_submit')!.props).toMatchObject({ formId: 'cf7', via: 'script', provider: 'cf7' });
    expect(
      seen.warnings.filter((w) => warningLine(NOT_LOADED, String.raw`\S+/missing/leadbeacon-(chat|plugins)\.min\.js`).test(w)),
    ).toHaveLength(2);
    expect(seen.errors).toEqual([]);
  });

  it('a lead made while the page is leaving is sent once', async () => {
    const { page, aid, seen } = await open('/lazy/missing.html');
    await page.click('#send');
    await page.waitForURL('**/thanks.html');
    const events = await settled(aid, (t) => t.includes('form_submit'));
    expect(events.map((e) => [e.type, e.props.formId, e.props.via])).toEqual([['form_submit', 'contact', 'native']]);
    expect(seen.errors).toEqual([]);
  });
});

describe('Contact Form 7 with leadbeacon-plugins.min.js missing (404)', () => {
  /** Sends the CF7 form once, answered with `answer`, by fetch (CF7 5.4+) or XMLHttpRequest (5.0 to 5.3): its leads and the page's warnings. */
  async function submitCf7(answer: string, via: 'fetch' | 'xhr') {
    const page = await (await env.context()).newPage();
    const seen = watch(page);
    await page.goto(`${env.site.url}/lazy/cf7-missing.html?answer=${answer}${via === 'xhr' ? '&xhr' : ''}`);
    await page.waitForFunction(() => !!localStorage.getItem('lb'));
    const aid = await page.evaluate(() => JSON.parse(localStorage.getItem('lb')!).a as string);
    await expect.poll(() => seen.warnings.filter((w) => w.includes('leadbeacon-plugins.min.js'))).toHaveLength(1);
    await page.click('#cf7-send');
    await page.waitForFunction((want) => (window as { cf7Answer?: string }).cf7Answer === want, answer);
    await sleep(1500); // a lead, if any, is queued and sent meanwhile
    await page.evaluate(() => (window as unknown as { leadbeacon: (c: string) => void }).leadbeacon('flush'));
    if (answer === 'mail_sent')
      await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.type === 'form_submit'));
    else await sleep(1000);
    const leads = (await env.collector.events()).filter((e) => e.anonymousId === aid && e.type === 'form_submit');
    return { leads, seen };
  }

  it('its validation_failed, spam and mail_failed answers (HTTP 200) are no lead; mail_sent is one; the console names the missing file', async () => {
    const leads: Record<string, number> = {};
    for (const answer of ['validation_failed', 'spam', 'mail_failed', 'mail_sent']) {
      const sent = await submitCf7(answer, 'fetch');
      leads[answer] = sent.leads.length;
      const warned = sent.seen.warnings.filter((w) => w.includes('leadbeacon-plugins.min.js'));
      expect(warned).toEqual([
        expect.stringMatching(warningLine(NOT_LOADED, String.raw`http://127\.0\.0\.1:\d+/missing/leadbeacon-plugins\.min\.js`)),
      ]);
      expect(sent.seen.errors).toEqual([]);
    }
    expect(leads).toEqual({ validation_failed: 0, spam: 0, mail_failed: 0, mail_sent: 1 });
  });

  it('sent by XMLHttpRequest (CF7 5.0 to 5.3): validation_failed is no lead, mail_sent is one, with its provider', async () => {
    const invalid = await submitCf7('validation_failed', 'xhr');
    const sent = await submitCf7('mail_sent', 'xhr');
    expect([invalid.leads.length, sent.leads.length]).toEqual([0, 1]);
    expect(sent.leads[0]!.props).toMatchObject({ formId: '#wpcf7-f7-o1>form', via: 'script', provider: 'cf7' });
    expect([...invalid.seen.errors, ...sent.seen.errors]).toEqual([]);
  });
});
