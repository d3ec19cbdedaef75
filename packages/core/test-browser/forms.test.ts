/**
 * form_submit in Chromium, against the built script and the real collector, with the libraries
 * sites really use (from node_modules): jQuery Form + jQuery Validation, htmx, Turbo, React with
 * react-hook-form, plain native forms, form.submit()/requestSubmit(), shadow DOM, and plugin-style
 * success events. Counts are exact: 0 for an invalid submission, 1 for a valid one, 1 for a double click.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Env, openPage, settleTime, sleep, startEnv } from './env';

const NM = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
const HERE = fileURLToPath(new URL('./pages/forms/', import.meta.url));

const js = (body: string | Uint8Array) => (_req: unknown, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=600' });
  res.end(body);
};
const vendor = (file: string) => js(readFileSync(NM + file));

async function reactBundle(): Promise<Uint8Array> {
  const out = await build({
    entryPoints: [HERE + 'react-form.jsx'],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.contents;
}

let env: Env;
beforeAll(async () => {
  const react = await reactBundle();
  env = await startEnv({
    'GET /vendor/jquery.js': vendor('jquery/dist/jquery.min.js'),
    'GET /vendor/jquery.form.js': vendor('jquery-form/dist/jquery.form.min.js'),
    'GET /vendor/jquery.validate.js': vendor('jquery-validation/dist/jquery.validate.min.js'),
    'GET /vendor/htmx.js': vendor('htmx.org/dist/htmx.min.js'),
    'GET /vendor/turbo.js': vendor('@hotwired/turbo/dist/turbo.es2017-esm.js'),
    'GET /bundle/react-form.js': js(react),
    'POST /api/reject': (_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end('{"errors":{"email":"taken"}}');
    },
    // Server-side validation as Rails/Turbo apps do it: 422 with the form again, or 303 onwards.
    'POST /turbo/submit': (_req, res, ctx) => {
      const email = new URLSearchParams(ctx.body).get('email');
      if (!email) {
        const html = readFileSync(HERE + 'turbo.html', 'utf8').replace('<button', '<p id="error">Email is required</p><button');
        res.writeHead(422, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html.replace('<!--STUB-->', '').replaceAll('__ENDPOINT__', env.endpoint));
        return;
      }
      res.writeHead(303, { location: '/forms/turbo-done.html' });
      res.end();
    },
  });
}, 60_000);
afterAll(() => env?.close());

const open = (path: string) => openPage(env, path);

async function leadsOf(aid: string) {
  return (await env.collector.events({ type: 'form_submit' })).filter((e) => e.anonymousId === aid);
}

/** Waits for `n` leads of this visitor, then a moment more: anything doubled would arrive meanwhile. */
async function expectLeads(aid: string, n: number) {
  await env.collector.waitForEvents((es) => es.filter((e) => e.anonymousId === aid && e.type === 'form_submit').length >= n, {
    timeout: 10_000,
  });
  await settleTime();
  const leads = await leadsOf(aid);
  expect(leads).toHaveLength(n);
  return leads;
}

/** A marker event sent after the actions that must not count: once it is in, so would they be. */
let markers = 0;

/** Tracks a marker event and waits for it: whatever the tracker queued before has been sent. */
async function marker(page: Page, aid: string) {
  const n = ++markers;
  await page.evaluate((seq) => (window as unknown as { leadbeacon: (...a: unknown[]) => void }).leadbeacon('track', 'marker', { seq }), n);
  await page.evaluate(() => (window as unknown as { leadbeacon: (c: string) => Promise<void> }).leadbeacon('flush'));
  await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.name === 'marker' && e.props.seq === n));
}

describe('native forms', () => {
  it('an invalid submission is 0; a valid double click that leaves the page is exactly 1, names only', async () => {
    const { page, seen, aid } = await open('/forms/native.html');
    await page.click('#send'); // empty required fields: the browser blocks it
    await marker(page, aid);
    expect(await leadsOf(aid)).toHaveLength(0);
    await page.fill('#name', 'Tran Thi Binh');
    await page.fill('#email', 'binh@example.com');
    await page.dblclick('#send'); // the second click restarts the navigation the first began
    // (waitForURL may latch on to the first navigation and fail with its abort: poll the address.)
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/thanks\.html$/);
    const [lead] = await expectLeads(aid, 1);
    expect(lead!.props).toEqual({
      formId: 'contact',
      action: '/thanks.html',
      method: 'post',
      fieldNames: ['name', 'email'],
      via: 'native',
    });
    const raw = JSON.stringify(await env.collector.events());
    for (const v of ['Tran Thi', 'binh@example.com', 'tok-123']) expect(raw).not.toContain(v);
    expect(seen.errors).toEqual([]);
  });

  it('login, search, one-field GET and ignored forms are 0; form.submit() and requestSubmit() are 1 each', async () => {
    const { page, seen, aid } = await open('/forms/native.html');
    await page.click('#login-send');
    await page.press('#q', 'Enter');
    await page.press('#find-q', 'Enter');
    await page.click('#ignored-send');
    await page.click('#call-request'); // requestSubmit() on an invalid form: no submission
    await marker(page, aid);
    expect(await leadsOf(aid)).toHaveLength(0);
    await page.click('#call-submit'); // form.submit(): no submit event
    await page.fill('#req-email', 'an@example.com');
    await page.click('#call-request');
    await page.click('#call-request'); // twice in a row: still one lead
    const leads = await expectLeads(aid, 2);
    expect(leads.map((e) => [e.props.formId, e.props.via]).sort()).toEqual([
      ['programmatic', 'native'],
      ['requested', 'native'],
    ]);
    expect(seen.errors).toEqual([]);
  });
});

describe('script submissions with real libraries', () => {
  it('jQuery Validation + jQuery Form: invalid 0, valid double click 1, a 422 from the server 0', async () => {
    const { page, seen, aid } = await open('/forms/jquery.html');
    await page.click('#send'); // jQuery Validation refuses: prevented, no request
    await page.waitForSelector('#email-error, label.error');
    await marker(page, aid);
    expect(await leadsOf(aid)).toHaveLength(0);
    await page.fill('#name', 'Le Van Cuong');
    await page.fill('#email', 'cuong@example.com');
    await page.dblclick('#send');
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'sent');
    const [lead] = await expectLeads(aid, 1);
    expect(lead!.props).toMatchObject({ formId: 'quote', via: 'script', method: 'post', fieldNames: ['name', 'email'] });
    await page.click('#r-send'); // posted by jQuery Form, refused with 422
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'refused');
    await marker(page, aid);
    await settleTime();
    expect(await leadsOf(aid)).toHaveLength(1);
    expect(seen.errors).toEqual([]);
  });

  it('htmx: invalid 0 (browser validation), valid double click 1', async () => {
    const { page, seen, aid } = await open('/forms/htmx.html');
    await page.click('#send');
    await marker(page, aid);
    expect(await leadsOf(aid)).toHaveLength(0);
    await page.fill('#name', 'Pham Duc');
    await page.fill('#phone', '0912345678');
    await page.dblclick('#send');
    await page.waitForFunction(() => document.getElementById('result')!.textContent!.includes('ok'));
    const [lead] = await expectLeads(aid, 1);
    expect(lead!.props).toMatchObject({ formId: 'booking', via: 'script', fieldNames: ['name', 'phone'] });
    expect(seen.errors).toEqual([]);
  });

  it('Turbo: a 422 from server-side validation 0, then the valid submission 1', async () => {
    const { page, seen, aid } = await open('/forms/turbo.html');
    await page.click('#send');
    await page.waitForSelector('#error');
    await marker(page, aid);
    expect(await leadsOf(aid)).toHaveLength(0);
    await page.fill('#email', 'dung@example.com');
    await page.click('#send');
    await page.waitForSelector('#done');
    const [lead] = await expectLeads(aid, 1);
    expect(lead!.props).toMatchObject({ formId: 'signup', via: 'script', fieldNames: ['email'] });
    expect(seen.errors).toEqual([]);
  });

  it('React + react-hook-form: invalid 0, valid double click 1', async () => {
    const { page, seen, aid } = await open('/forms/react.html');
    await page.waitForSelector('#send');
    await page.fill('#name', 'Hoang Anh');
    await page.fill('#email', 'not-an-email');
    await page.click('#send');
    await page.waitForSelector('#email-error');
    await marker(page, aid);
    expect(await leadsOf(aid)).toHaveLength(0);
    await page.fill('#email', 'anh@example.com');
    await page.dblclick('#send');
    await page.waitForSelector('#sent');
    const [lead] = await expectLeads(aid, 1);
    expect(lead!.props).toMatchObject({ formId: 'contact', via: 'script', fieldNames: ['name', 'email'] });
    expect(seen.errors).toEqual([]);
  });

  it('a form in an open shadow root (a web component made before the tracker loaded): invalid 0, valid 1', async () => {
    const { page, seen, aid } = await open('/forms/shadow.html');
    await page.click('#send'); // inside the shadow root; required field empty
    await marker(page, aid);
    expect(await leadsOf(aid)).toHaveLength(0);
    await page.fill('#email', 'em@example.com');
    await page.press('#email', 'Enter');
    await page.waitForSelector('#done:not([hidden])');
    const [lead] = await expectLeads(aid, 1);
    expect(lead!.props).toMatchObject({ formId: 'inner', via: 'script' });
    expect(seen.errors).toEqual([]);
  });
});

describe('form plugins', () => {
  it('Contact Form 7 and Elementor Pro: a posted but failed submission 0; each success signal 1, with its provider', async () => {
    const { page, seen, aid } = await open('/forms/plugins.html');
    await page.evaluate(() => {
      const w = window as unknown as { __failed: number; jQuery: (s: string) => { on(e: string, f: () => void): void } };
      w.__failed = 0;
      document.querySelector('.wpcf7-form')!.addEventListener('wpcf7invalid', () => w.__failed++);
      w.jQuery('.elementor-form').on('error', () => w.__failed++);
    });
    await page.click('#cf7-send'); // posted, but the server found it invalid
    await page.click('#el-send');
    await page.waitForFunction(() => (window as unknown as { __failed: number }).__failed === 2); // both plugins have answered
    await marker(page, aid);
    await settleTime();
    expect(await leadsOf(aid)).toHaveLength(0);
    await page.fill('#cf7-name', 'Vu Hai');
    await page.fill('#cf7-email', 'hai@example.com');
    await page.dblclick('#cf7-send');
    await page.fill('#el-email', 'hai@example.com');
    await page.click('#el-send');
    const leads = await expectLeads(aid, 2);
    expect(leads.map((e) => [e.props.formId, e.props.provider, e.props.via]).sort()).toEqual([
      ['#wpcf7-f12-p3-o1>form', 'cf7', 'script'],
      ['Quote request', 'elementor', 'script'],
    ]);
    expect(seen.errors).toEqual([]);
  });
});

describe('enhanced conversions', () => {
  it('data-enhanced-conversions: the native lead carries SHA-256 of the normalised email and phone, never the values', async () => {
    const { page, aid } = await open('/forms/hashed.html');
    // The Meta Pixel's first-party cookies, set the way its fbevents.js sets them.
    const fbp = 'fb.1.1764000000000.1116446470';
    const fbc = 'fb.1.1764000000000.IwAR2xY_Case-Sensitive';
    await page.evaluate(
      ([p, c]) => {
        document.cookie = `_fbp=${p}; path=/; max-age=7776000; SameSite=Lax`;
        document.cookie = `_fbc=${c}; path=/; max-age=7776000; SameSite=Lax`;
      },
      [fbp, fbc],
    );
    await page.fill('#name', 'Ngo Bao');
    await page.fill('#email', '  Ngo.Bao@GMail.com');
    await page.fill('#phone', '0901 234 567');
    await sleep(1000); // the visitor moves to the button (hashing the typed values meanwhile)
    await Promise.all([page.waitForURL('**/thanks.html'), page.click('#send')]);
    const [lead] = await expectLeads(aid, 1);
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(lead!.props).toMatchObject({
      via: 'native',
      hashedEmail: sha('ngobao@gmail.com'),
      hashedPhone: sha('+84901234567'),
      // Meta's normalisation beside Google's.
      metaHashedEmail: sha('ngo.bao@gmail.com'),
      metaHashedPhone: sha('84901234567'),
      // The Pixel's cookies, exactly as set, for the Conversions API's fbp and fbc.
      fbp,
      fbc,
    });
    const raw = JSON.stringify(await env.collector.events());
    for (const v of ['Ngo.Bao', 'ngobao@', '0901 234', '84901234567']) expect(raw).not.toContain(v);
  });
});
