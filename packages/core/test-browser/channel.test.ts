/**
 * `data-channel`, in Chromium: the script tag loads leadbeacon-channel.min.js from beside itself,
 * and each event leaves with its touches' source, medium and channel named in the browser, for a
 * site posting to its own endpoint. Without the attribute the file is never fetched and the
 * tracker sends the facts (wire format version 2), which the collector names alike.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptFiles, startEnv, watch, type Env } from './env';

let env: Env;
const requested: string[] = [];
const page = (channel: boolean) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Channel</title>
  <script async src="/leadbeacon.min.js" data-endpoint="__ENDPOINT__"${channel ? ' data-channel' : ''}></script></head>
  <body><a id="call" href="tel:0901234567">Call</a></body></html>`;

beforeAll(async () => {
  const lazy = scriptFiles()['leadbeacon-channel.min.js']!;
  env = await startEnv({
    'GET /leadbeacon-channel.min.js': (_req, res) => {
      requested.push('leadbeacon-channel.min.js');
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(lazy);
    },
    'GET /channel/on.html': (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html' }).end(page(true).replace('__ENDPOINT__', env.endpoint)),
    'GET /channel/off.html': (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html' }).end(page(false).replace('__ENDPOINT__', env.endpoint)),
  });
});
afterAll(() => env?.close());

type LB = (command: string, ...args: unknown[]) => Promise<void> | void;
/** One visit from a newsletter, one lead; the raw events the page posted and what the collector stored of them. */
async function visit(path: string) {
  const p: Page = await (await env.context()).newPage();
  const problems = watch(p);
  await p.goto(env.site.url + path + '?utm_source=newsletter&utm_medium=email&utm_campaign=nov', { referer: 'https://www.google.com/' });
  await p.waitForFunction(() => !!localStorage.getItem('lb'));
  const aid = await p.evaluate(() => JSON.parse(localStorage.getItem('lb')!).a as string);
  await p.evaluate(() =>
    (window as unknown as { leadbeacon: LB }).leadbeacon('track', 'form_submit', { formId: 'f', fieldNames: [], via: 'script' }),
  );
  await p.evaluate(() => (window as unknown as { leadbeacon: LB }).leadbeacon('flush'));
  const stored = await env.collector.waitForEvents((es) => es.some((e) => e.anonymousId === aid && e.type === 'form_submit'));
  const posted = env.proxy.requests
    .filter((r) => r.method === 'POST')
    .flatMap(
      (r) =>
        (JSON.parse(r.body) as { events: { anonymousId: string; type: string; attribution: { last: Record<string, unknown> } }[] }).events,
    );
  const sent = posted.find((e) => e.anonymousId === aid && e.type === 'form_submit')!;
  await p.close();
  return { sent, stored: stored.find((e) => e.anonymousId === aid && e.type === 'form_submit')!, problems };
}

describe('data-channel', () => {
  it('loads leadbeacon-channel.min.js; events leave with source, medium and channel named in the browser', async () => {
    const { sent, stored, problems } = await visit('/channel/on.html');
    expect(requested).toEqual(['leadbeacon-channel.min.js']);
    expect(sent.attribution.last).toMatchObject({ source: 'newsletter', medium: 'email', campaign: 'nov', channel: 'Email' });
    expect(stored.attribution.last).toMatchObject({ source: 'newsletter', medium: 'email', campaign: 'nov', channel: 'Email' });
    expect(problems).toEqual({ warnings: [], errors: [] });
  });

  it('without it: the file is never fetched, the facts leave, and the collector names them alike', async () => {
    requested.length = 0;
    const { sent, stored, problems } = await visit('/channel/off.html');
    expect(requested).toEqual([]);
    expect(sent.attribution.last).toMatchObject({
      utm: { source: 'newsletter', medium: 'email', campaign: 'nov' },
      referrer: 'https://www.google.com/',
    });
    expect(sent.attribution.last.channel).toBeUndefined();
    expect(stored.attribution.last).toMatchObject({ source: 'newsletter', medium: 'email', campaign: 'nov', channel: 'Email' });
    expect(problems).toEqual({ warnings: [], errors: [] });
  });
});
