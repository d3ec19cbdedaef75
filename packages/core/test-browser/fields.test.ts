/**
 * Hidden fields (`data-fill-fields`) in Chromium, against the built script, its lazy file and the
 * real collector: what the site's own server receives from each form carries the lead's id (and
 * the visit's source and click id), the lead's event has that very id, and a CRM export in the
 * hubspot-deals layout with only that id, imported by the collector's CLI, matches the lead.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ServerResponse } from 'node:http';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Env, openPage, settleTime, startEnv } from './env';

const HERE = fileURLToPath(new URL('./pages/fields/', import.meta.url));
const CLI = fileURLToPath(new URL('../../collector/dist/cli.mjs', import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the site's server received, one entry per form posted to /fields/submit. */
const received: Record<string, string>[] = [];

let env: Env;
beforeAll(async () => {
  const react = await build({
    entryPoints: [HERE + 'react-fields.jsx'],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  env = await startEnv({
    'GET /bundle/react-fields.js': (_req, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(react.outputFiles[0]!.contents);
    },
    // The site's own form handler (urlencoded or multipart), then on to the thank-you page.
    'POST /fields/submit': async (req, res, ctx) => {
      const body = new Request('http://site/', {
        method: 'POST',
        body: ctx.body,
        headers: { 'content-type': String(req.headers['content-type']) },
      });
      received.push(Object.fromEntries([...(await body.formData()).entries()].map(([k, v]) => [k, String(v)])));
      res.writeHead(303, { location: '/thanks.html' });
      res.end();
    },
  });
}, 60_000);
afterAll(() => env?.close());

async function leadsOf(aid: string, n: number) {
  await env.collector.waitForEvents((es) => es.filter((e) => e.anonymousId === aid && e.type === 'form_submit').length >= n, {
    timeout: 10_000,
  });
  await settleTime();
  return (await env.collector.events({ type: 'form_submit' })).filter((e) => e.anonymousId === aid);
}

describe('hidden fields', () => {
  it('a native form: the posted data carries the lead id the lead has, the UTM source and the gclid; a login form gets nothing; a second submission a new id', async () => {
    const { page, aid } = await openPage(
      env,
      '/fields/native.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring&gclid=CjTESTgclid',
    );
    expect(await page.inputValue('#login [name=lb_lead_id]')).toBe('');
    await page.fill('#email', 'an@example.com');
    await page.click('#send');
    await page.waitForURL(/thanks\.html$/);
    const posted = received.at(-1)!;
    expect(posted).toMatchObject({
      email: 'an@example.com',
      lb_gclid: 'CjTESTgclid',
      lb_source: 'newsletter',
      lb_medium: 'email',
      lb_campaign: 'spring',
      lb_channel: '',
      lb_anonymous_id: aid,
    });
    expect(posted.lb_lead_id).toMatch(UUID);
    expect(posted.lb_landing_page).toContain('/fields/native.html?utm_source=newsletter');
    const [lead] = await leadsOf(aid, 1);
    expect(lead!.id).toBe(posted.lb_lead_id);
    // Nothing the visitor typed left with the lead.
    expect(JSON.stringify(lead)).not.toContain('an@example.com');

    // Back on the page: the popup form added after load is filled too, and a new submission has a new id.
    await page.goBack();
    await page.waitForSelector('#popup');
    await page.fill('#popup-email', 'an@example.com');
    await page.click('#popup-send');
    await page.waitForURL(/thanks\.html$/);
    const popup = received.at(-1)!;
    expect(popup.lb_lead_id).toMatch(UUID);
    expect(popup.lb_lead_id).not.toBe(posted.lb_lead_id);
    expect(popup.lb_gclid).toBe('CjTESTgclid');
    const leads = await leadsOf(aid, 2);
    expect(leads.map((e) => e.id).sort()).toEqual([posted.lb_lead_id, popup.lb_lead_id].sort());
  });

  it('without ads consent the click id is not written; the lead id and source are', async () => {
    const { page, aid } = await openPage(env, '/fields/native.html?utm_source=partner&gclid=CjDENIED');
    await page.evaluate(() =>
      (window as unknown as { leadbeacon: (...a: unknown[]) => void }).leadbeacon('consent', { analytics: 'granted', ads: 'denied' }),
    );
    await page.fill('#email', 'b@example.com');
    await page.click('#send');
    await page.waitForURL(/thanks\.html$/);
    const posted = received.at(-1)!;
    expect(posted).toMatchObject({ lb_gclid: '', lb_source: 'partner', lb_anonymous_id: aid });
    const [lead] = await leadsOf(aid, 1);
    expect(lead!.id).toBe(posted.lb_lead_id);
  });

  it('a React form that re-renders its hidden inputs (fields added by "add"): the FormData it posts carries the lead id, twice two ids', async () => {
    const { page, aid } = await openPage(env, '/fields/react.html?utm_source=fb&utm_medium=paid');
    await page.fill('#email', 'c@example.com'); // each keystroke replaces the hidden inputs
    await page.click('#send');
    await page.waitForSelector('#sent');
    const first = received.at(-1)!;
    expect(first).toMatchObject({ email: 'c@example.com', lb_source: 'fb', lb_medium: 'paid', lb_anonymous_id: aid, lb_gclid: '' });
    expect(first.lb_lead_id).toMatch(UUID);
    await page.fill('#email', 'c2@example.com');
    await page.waitForTimeout(5_100); // another lead of the same form is a new lead after 5 s
    await page.click('#send');
    await page.waitForSelector('text=Thanks (2)');
    const second = received.at(-1)!;
    expect(second.lb_lead_id).toMatch(UUID);
    expect(second.lb_lead_id).not.toBe(first.lb_lead_id);
    const leads = await leadsOf(aid, 2);
    expect(leads.map((e) => e.id).sort()).toEqual([first.lb_lead_id, second.lb_lead_id].sort());
  });

  it("WordPress plugins' markup (CF7 by name, Gravity Forms by CSS class and a mapped name); then a HubSpot deals export with only the lead id matches the lead", async () => {
    const { page, aid } = await openPage(env, '/fields/plugins.html?gclid=CjGRAVITY');
    // Filled once the lazy file is in, before any submission: Elementor's form_fields[…] names too.
    await page.waitForFunction(() => /^[0-9a-f-]{36}$/.test((document.getElementById('el-lead') as HTMLInputElement).value));
    expect(await page.inputValue('#el-gclid')).toBe('CjGRAVITY');
    await page.fill('#cf7-email', 'd@example.com');
    await page.click('#cf7-send');
    await leadsOf(aid, 1);
    const cf7 = received.at(-1)!;
    expect(cf7._wpcf7).toBe('12');
    expect(cf7.lb_lead_id).toMatch(UUID);
    await page.fill('#gf-email', 'd@example.com');
    await page.click('#gf-send');
    await page.waitForURL(/thanks\.html$/);
    const gf = received.at(-1)!;
    expect(gf.input_6).toMatch(UUID);
    expect(gf.input_7).toBe('CjGRAVITY');
    const leads = await leadsOf(aid, 2);
    expect(leads.map((e) => e.id).sort()).toEqual([cf7.lb_lead_id, gf.input_6].sort());

    // The CRM's deal, exported as HubSpot does, names its lead only by the hidden field's id.
    const dir = mkdtempSync(join(tmpdir(), 'lb-fields-'));
    const csv = join(dir, 'hubspot-deals.csv');
    const close = new Date(Date.now() + 60_000).toISOString().slice(0, 16).replace('T', ' ');
    writeFileSync(
      csv,
      'Record ID,Deal Name,Pipeline,Deal Stage,Amount,Currency,Close Date,Associated Contact,lb_lead_id,lb_gclid\n' +
        `99001,Install,Sales Pipeline,Closed Won,2500000,VND,${close},,${gf.input_6},\n`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [
      CLI,
      'import',
      'outcomes',
      csv,
      '--db',
      env.collector.dbPath,
      '--preset',
      'hubspot-deals',
      '--timezone',
      'UTC',
    ]);
    expect(stdout).toContain('1 matched to a lead, 0 kept without a lead');
    expect(stdout).toContain('matched by: leadId 1\n');
  });
});
