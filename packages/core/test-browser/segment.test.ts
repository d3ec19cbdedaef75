/**
 * `data-format="segment"` in Chromium: the script fetches leadbeacon-segment.min.js from beside
 * itself and posts Segment batches to `<endpoint>/v1/batch`, with the write key in the body, by
 * fetch and by beacon; every batch passes the Segment batch's JSON Schema.
 */
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDateTime, segmentBatchSchema } from '@leadbeacon/wire';
import { startEnv, watch, type Env } from './env';

const validate = new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile(segmentBatchSchema);

let env: Env;
beforeAll(async () => {
  env = await startEnv({
    'GET /segment-page.html': async (_req, res) => {
      const { readFileSync } = await import('node:fs');
      const html = readFileSync(new URL('./pages/segment.html', import.meta.url), 'utf8').replace('__ROOT__', env.proxy.url);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    },
  });
});
afterAll(() => env?.close());

type Msg = { type: string; event?: string; messageId: string; anonymousId: string; context: { library: { name: string } } };

describe('data-format="segment"', () => {
  it('posts Segment batches to <endpoint>/v1/batch, by fetch and by beacon, valid under the schema', async () => {
    const page = await (await env.context()).newPage();
    const seen = watch(page);
    await page.goto(env.site.url + '/segment-page.html');
    await page.waitForFunction(() => !!(window as unknown as { leadbeacon?: { tracker?: unknown } }).leadbeacon?.tracker);
    await page.evaluate(() =>
      (window as unknown as { leadbeacon: (...a: unknown[]) => void }).leadbeacon('track', 'form_submit', {
        formId: 'seg',
        fieldNames: ['email'],
        via: 'script',
      }),
    );
    await env.proxy.waitForRequests((rs) => rs.some((r) => r.path === '/v1/batch' && r.body.includes('"seg"')), { timeout: 10_000 });
    await page.evaluate(() => (window as unknown as { leadbeacon: (...a: unknown[]) => void }).leadbeacon('track', 'quote_requested'));
    await page.goto(env.site.url + '/other.html'); // the page is left: the waiting event goes by beacon
    await env.proxy.waitForRequests((rs) => rs.some((r) => r.path === '/v1/batch' && r.body.includes('quote_requested')), {
      timeout: 10_000,
    });
    const batches = env.proxy.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/batch')
      .map((r) => JSON.parse(r.body) as { writeKey: string; batch: Msg[] });
    for (const b of batches) expect(validate(b), JSON.stringify(validate.errors)).toBe(true);
    expect(batches.every((b) => b.writeKey === 'wk_browser')).toBe(true);
    const messages = batches.flatMap((b) => b.batch);
    expect(messages.map((m) => [m.type, m.event])).toEqual(
      expect.arrayContaining([
        ['page', undefined],
        ['track', 'form_submit'],
        ['track', 'quote_requested'],
      ]),
    );
    expect(messages.every((m) => m.context.library.name === 'leadbeacon')).toBe(true);
    expect(env.proxy.requests.filter((r) => r.method === 'GET' || r.method === 'OPTIONS')).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
});
