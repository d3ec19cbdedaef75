/**
 * Pages of Magento 1 and Joomla sites, in Chromium against the built script and the real
 * collector: the page's old library runs first and changes the built-ins the tracker could lean on.
 * - MooTools 1.5: the real library (npm `mootools` 1.5.2, MooTools Core: Type, the Array, String,
 *   Function, Number, Object and JSON extensions) replaces Array.from with one that ignores its
 *   map function;
 * - Prototype.js 1.7.3: npm serves no copy, so pages/old-libs/prototype-1.7.3-builtins.js makes
 *   its changes as Prototype makes them (Array.from = $A, Array#map and #find replaced,
 *   Array.prototype.entries deleted);
 * - Prototype.js 1.6.0.3: likewise reproduced (pages/old-libs/prototype-1.6.0.3-builtins.js), its
 *   Array.prototype.toJSON returning a string and its Array#reduce returning the array.
 * Each page sends a quote request by XMLHttpRequest with enhanced conversions on: the lead is
 * stored once, its hashedEmail and hashedPhone are the SHA-256 hex of the normalised values, and
 * the page's library is left as it was.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleTime, startEnv, watch, type Env } from './env';

const HERE = fileURLToPath(new URL('./pages/old-libs/', import.meta.url));
const MOOTOOLS = fileURLToPath(new URL('../../../node_modules/mootools/lib/mootools-core-1.5.2-server.js', import.meta.url));
const TEMPLATE = readFileSync(HERE + 'lead.html', 'utf8');
const STUB = readFileSync(fileURLToPath(new URL('./pages/stub.html', import.meta.url)), 'utf8');
const LIBS: Record<string, string> = {
  'mootools-1.5.2': MOOTOOLS,
  'prototype-1.7.3': HERE + 'prototype-1.7.3-builtins.js',
  'prototype-1.6.0.3': HERE + 'prototype-1.6.0.3-builtins.js',
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const send = (res: ServerResponse, type: string, body: string) => {
  res.writeHead(200, { 'content-type': type + '; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
};

let env: Env;
beforeAll(async () => {
  const routes: Parameters<typeof startEnv>[0] = {};
  for (const [lib, file] of Object.entries(LIBS)) {
    routes[`GET /vendor/${lib}.js`] = (_req, res) => send(res, 'text/javascript', readFileSync(file, 'utf8'));
    routes[`GET /old-libs/${lib}.html`] = (_req, res) =>
      send(res, 'text/html', TEMPLATE.replaceAll('__LIB__', lib).replace('<!--STUB-->', STUB).replaceAll('__ENDPOINT__', env.endpoint));
  }
  env = await startEnv(routes);
}, 60_000);
afterAll(() => env?.close());

/** Opens the library's page, fills in the quote request and sends it; the visitor's anonymous id (empty if the tracker never started). */
async function requestQuote(lib: string) {
  const page = await (await env.context()).newPage();
  const seen = watch(page);
  await page.goto(`${env.site.url}/old-libs/${lib}.html`);
  await page.waitForFunction(() => document.readyState === 'complete');
  await page.waitForTimeout(300); // the tracker starts a task or two after its script
  await page.fill('#name', 'Ngo Bao');
  await page.fill('#email', '  Ngo.Bao@GMail.com');
  await page.fill('#phone', '0901 234 567');
  await page.click('#send');
  await page.waitForFunction(() => (window as { sent?: boolean }).sent === true);
  await page.waitForTimeout(500);
  const aid = await page.evaluate(() => (JSON.parse(localStorage.getItem('lb') || '{}') as { a?: string }).a || '');
  return { page, seen, aid };
}

/** The lead arrived once, with the right hashes (what the collector keeps of them too), and no typed value. */
async function leadWithHashes(aid: string) {
  expect(aid, 'the tracker stored a visitor (it started)').not.toBe('');
  await env.collector.waitForEvents((es) => es.some((e) => e.type === 'form_submit' && e.anonymousId === aid), { timeout: 10_000 });
  await settleTime();
  const leads = (await env.collector.events()).filter((e) => e.type === 'form_submit' && e.anonymousId === aid);
  expect(leads).toHaveLength(1);
  expect(leads[0]!.props).toMatchObject({
    formId: 'quote',
    via: 'script',
    fieldNames: ['name', 'email', 'telephone'],
    hashedEmail: sha('ngobao@gmail.com'),
    hashedPhone: sha('+84901234567'),
  });
  const stored = (await env.collector.store.leads()).find((l) => l.eventId === leads[0]!.id);
  expect(stored).toMatchObject({ hashedEmail: sha('ngobao@gmail.com'), hashedPhone: sha('+84901234567') });
  const raw = JSON.stringify(await env.collector.events());
  for (const v of ['Ngo.Bao', 'ngobao@', '0901 234', '84901234567']) expect(raw).not.toContain(v);
}

describe('pages whose old library changed the built-ins', () => {
  it('MooTools 1.5.2 (the real library; its Array.from ignores a map function): the lead and its hashes arrive; MooTools works on', async () => {
    const { page, seen, aid } = await requestQuote('mootools-1.5.2');
    await leadWithHashes(aid);
    const lib = await page.evaluate(() => {
      const w = window as unknown as { libBefore: { from: unknown }; MooTools: { version: string }; typeOf: (x: unknown) => string };
      const a = [1, 2] as unknown as { contains(x: number): boolean; getLast(): number };
      return {
        version: w.MooTools.version,
        sameFrom: Array.from === w.libBefore.from,
        fromString: Array.from('ab'),
        fromMapped: Array.from([1, 2], (x: number) => x * 10),
        contains: a.contains(2),
        last: a.getLast(),
        typeOf: w.typeOf([]),
        encoded: (JSON as unknown as { encode(v: unknown): string }).encode({ a: [1] }),
      };
    });
    expect(lib).toEqual({
      version: '1.5.2',
      sameFrom: true,
      fromString: ['ab'],
      fromMapped: [1, 2],
      contains: true,
      last: 2,
      typeOf: 'array',
      encoded: '{"a":[1]}',
    });
    expect(seen.errors).toEqual([]);
  });

  it('Prototype.js 1.7.3 (Array.from = $A, map and find replaced, entries deleted; reproduced): the lead and its hashes arrive; Prototype works on', async () => {
    const { page, seen, aid } = await requestQuote('prototype-1.7.3');
    await leadWithHashes(aid);
    const lib = await page.evaluate(() => {
      const w = window as unknown as { libBefore: { from: unknown; map: unknown; find: unknown }; $A: unknown };
      return {
        sameFrom: Array.from === w.libBefore.from && Array.from === w.$A,
        sameMap: Array.prototype.map === w.libBefore.map,
        sameFind: Array.prototype.find === w.libBefore.find,
        entries: 'entries' in Array.prototype,
        identityMap: (Array.prototype.map as (this: number[]) => number[]).call([1, 2]),
        found: [1, 2, 3].find((x) => x > 1),
        include: ([1, 2] as unknown as { include(x: number): boolean }).include(2),
      };
    });
    expect(lib).toEqual({ sameFrom: true, sameMap: true, sameFind: true, entries: false, identityMap: [1, 2], found: 2, include: true });
    expect(seen.errors).toEqual([]);
  });

  it('Prototype.js 1.6.0.3 (Array.prototype.toJSON returns a string, reduce another thing; reproduced): tracking stays on, the lead and its hashes arrive with a correct body', async () => {
    const { page, seen, aid } = await requestQuote('prototype-1.6.0.3');
    await leadWithHashes(aid);
    expect(seen.warnings.filter((w) => w.startsWith('[leadbeacon]'))).toEqual([]);
    // Every body the proxy received is the wire format's JSON, its events an array.
    const bodies = env.proxy.requests
      .filter((r) => r.method === 'POST' && r.body.includes(aid))
      .map((r) => JSON.parse(r.body) as { events: unknown });
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.every((b) => Array.isArray(b.events))).toBe(true);
    // The stored queue and visitor are JSON too (arrays, not strings of JSON).
    const stored = await page.evaluate(() => {
      const queues = Object.keys(localStorage).filter((k) => k.startsWith('lb_q:'));
      return {
        visitor: JSON.parse(localStorage.getItem('lb')!) as { o?: unknown },
        queues: queues.map((k) => JSON.parse(localStorage.getItem(k)!) as { q: unknown }),
      };
    });
    expect(stored.visitor.o === undefined || Array.isArray(stored.visitor.o)).toBe(true);
    expect(stored.queues.every((q) => Array.isArray(q.q))).toBe(true);
    const lib = await page.evaluate(() => {
      const w = window as unknown as { libBefore: { toJSON: unknown; toJSONEnumerable: boolean } };
      return {
        sameToJSON: (Array.prototype as unknown as { toJSON?: unknown }).toJSON === w.libBefore.toJSON,
        enumerable: Object.prototype.propertyIsEnumerable.call(Array.prototype, 'toJSON') === w.libBefore.toJSONEnumerable,
        stringified: JSON.stringify([1, 'a']),
        reduced: ([1, 2] as unknown as { reduce(): unknown }).reduce(),
      };
    });
    expect(lib).toEqual({ sameToJSON: true, enumerable: true, stringified: '"[1, \\"a\\"]"', reduced: [1, 2] });
    expect(seen.errors).toEqual([]);
  });
});
