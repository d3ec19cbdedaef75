import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validBatch, validEvent } from '@leadbeacon/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, createSqliteStore } from '../src/index';
import type { Collector, CollectorOptions, EventStore, StoredEvent, WireBatch, WireEvent } from '../src/index';
import { openTestStore, STORE_KINDS, type StoreKind } from './stores';

const open: Collector[] = [];
const stores: EventStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** A real in-memory store to build a faulty one from (the collector leaves closing it to us). */
function memoryStore(): EventStore {
  const s = createSqliteStore({ path: ':memory:' });
  stores.push(s);
  return s;
}

/** The store of the describe block below it: each block runs once per kind. */
let kind: StoreKind = 'sqlite';

async function start(options: CollectorOptions = {}): Promise<Collector> {
  const own = options.store || options.dbPath ? {} : { store: await openTestStore(kind) };
  if (own.store) stores.push(own.store);
  const c = await createCollector({ port: 0, ...own, ...options });
  open.push(c);
  return c;
}

function post(c: Collector, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${c.url}/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function events(c: Collector, query = ''): Promise<StoredEvent[]> {
  const res = await fetch(`${c.url}/events${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: StoredEvent[] }).events;
}

describe.each(STORE_KINDS)('%s store', (each) => {
  beforeAll(() => {
    kind = each;
  });

  describe('POST /collect', () => {
    it('stores a valid batch and answers after commit', async () => {
      const c = await start();
      const batch = validBatch([validEvent(), validEvent({ type: 'form_submit' })]);
      const res = await post(c, batch);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
      const stored = await events(c);
      expect(stored.map((e) => e.id)).toEqual(batch.events.map((e) => e.id));
      expect(stored[1]).toMatchObject({ ...batch.events[1], seq: expect.any(Number), receivedAt: expect.any(String) });
    });

    it('accepts text/plain (sendBeacon), application/json and no content type', async () => {
      const c = await start();
      expect((await post(c, validBatch(), { 'content-type': 'application/json' })).status).toBe(200);
      expect((await post(c, validBatch(), { 'content-type': 'text/plain' })).status).toBe(200);
      const bare = await new Promise<number>((resolve, reject) => {
        const req = request(`${c.url}/collect`, { method: 'POST' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(JSON.stringify(validBatch()));
      });
      expect(bare).toBe(200);
      expect(await c.store.count()).toBe(3);
    });

    it('stores each event id once: a retried batch is a 200 with duplicates', async () => {
      const c = await start();
      const batch = validBatch([validEvent(), validEvent()]);
      expect(await (await post(c, batch)).json()).toEqual({ accepted: 2, duplicates: 0 });
      const again = await post(c, batch);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ accepted: 0, duplicates: 2 });
      const e = validEvent();
      expect(await (await post(c, validBatch([e, e]))).json()).toEqual({ accepted: 1, duplicates: 1 });
      expect(await c.store.count()).toBe(3);
    });

    it.each<[string, unknown, string]>([
      ['bad JSON', '{"v":1,', 'body is not JSON'],
      ['an empty body', '', 'body is not JSON'],
      ['a wrong version', { ...validBatch(), v: 3 }, '/v must be one of 1, 2'],
    ])('answers 400 with reasons for %s and stores nothing', async (_, body, reason) => {
      const c = await start();
      const res = await post(c, body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: string; reasons: string[] };
      expect(json.error).toBe('malformed batch');
      expect(json.reasons.join('\n')).toContain(reason);
      expect(await c.store.count()).toBe(0);
    });

    it.each<[string, WireEvent, string]>([
      [
        'a form_submit without fieldNames',
        validEvent({ type: 'form_submit', props: { formId: 'f', via: 'script' } }),
        "/props must have required property 'fieldNames'",
      ],
      ['name != type on a non-custom event', validEvent({ type: 'email_click', name: 'mail' }), '/name must be "email_click"'],
    ])('answers 200 naming %s in rejected, and stores the good events beside it', async (_, bad, reason) => {
      const c = await start();
      const good = validEvent();
      const res = await post(c, validBatch([good, bad]));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [{ id: bad.id, reason: expect.stringContaining(reason) }] });
      expect((await c.store.query()).map((e) => e.id)).toEqual([good.id]);
    });

    it('answers 413 for a body over the limit (declared length)', async () => {
      const c = await start({ bodyLimit: 1000 });
      const res = await post(c, 'x'.repeat(1001));
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: 'body over 1000 bytes' });
      expect((await post(c, validBatch())).status).toBe(200);
    });

    it('answers 413 mid-stream for a chunked body, before the client has finished sending', async () => {
      const c = await start({ bodyLimit: 1000 });
      let sent = 0;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${c.url}/collect`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', reject);
        const timer = setInterval(() => {
          if (sent >= 200) return clearInterval(timer);
          req.write('y'.repeat(500));
          sent++;
        }, 5);
        req.on('close', () => clearInterval(timer));
      });
      expect(status).toBe(413);
      expect(sent).toBeLessThan(200);
    });

    it('answers 503 when the store fails, so the tracker retries', async () => {
      const broken: EventStore = {
        ...memoryStore(),
        kind: 'broken',
        insert: () => Promise.reject(new Error('disk I/O error')),
      };
      const lines: string[] = [];
      const c = await start({ store: broken, log: (l) => lines.push(l) });
      const res = await post(c, validBatch());
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'storage unavailable' });
      expect(lines.join('\n')).toContain('disk I/O error');
    });

    it('answers 503 when the real store has gone away', async () => {
      const c = await start();
      await c.store.close();
      expect((await post(c, validBatch())).status).toBe(503);
    });
  });

  describe('CORS on /collect', () => {
    const site = 'https://shop.example';

    it('answers an allowed preflight with the requested headers', async () => {
      const c = await start({ corsOrigins: [site] });
      const res = await fetch(`${c.url}/collect`, {
        method: 'OPTIONS',
        headers: { origin: site, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(site);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toBe('content-type,x-api-key');
      expect(res.headers.get('access-control-max-age')).toBe('600');
      expect(res.headers.get('vary')).toContain('Origin');
    });

    it('reflects an allowed origin and stores the batch', async () => {
      const c = await start({ corsOrigins: [site] });
      const res = await post(c, validBatch(), { origin: site });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(site);
      expect(res.headers.get('vary')).toBe('Origin');
    });

    it('refuses a disallowed origin with 403, no CORS headers, and stores nothing', async () => {
      const c = await start({ corsOrigins: [site] });
      const res = await post(c, validBatch(), { origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await fetch(`${c.url}/collect`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(pre.status).toBe(403);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(await c.store.count()).toBe(0);
    });

    it('accepts requests without an Origin (curl, servers) whatever the list', async () => {
      const c = await start({ corsOrigins: [site] });
      const res = await post(c, validBatch());
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it("reflects any origin with '*' (the default)", async () => {
      const c = await start();
      const res = await post(c, validBatch(), { origin: 'https://anywhere.example' });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    });

    it('sends no CORS headers on the read endpoints, so other sites cannot read leads', async () => {
      const c = await start();
      const res = await fetch(`${c.url}/events`, { headers: { origin: 'https://anywhere.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('GET /events', () => {
    const at = (ts: string, type: 'page_view' | 'form_submit' | 'call_click' = 'page_view') => validEvent({ type, ts });
    let batch: WireBatch;

    async function seeded(): Promise<Collector> {
      const c = await start();
      batch = validBatch([
        at('2026-11-23T08:00:00Z'),
        at('2026-11-23T09:00:00Z', 'form_submit'),
        at('2026-11-23T17:00:00+07:00', 'call_click'), // 10:00Z
        at('2026-11-23T11:00:00Z', 'form_submit'),
      ]);
      expect((await post(c, batch)).status).toBe(200);
      return c;
    }
    const ids = (list: StoredEvent[]) => list.map((e) => batch.events.findIndex((b) => b.id === e.id));

    it('lists everything in seq order by default', async () => {
      const c = await seeded();
      const all = await events(c);
      expect(ids(all)).toEqual([0, 1, 2, 3]);
      expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
    });

    it('filters by type (comma list)', async () => {
      const c = await seeded();
      expect(ids(await events(c, '?type=form_submit'))).toEqual([1, 3]);
      expect(ids(await events(c, '?type=call_click,page_view'))).toEqual([0, 2]);
    });

    it('filters by event time: since inclusive, until exclusive, offsets normalised', async () => {
      const c = await seeded();
      expect(ids(await events(c, '?since=2026-11-23T09:00:00Z&until=2026-11-23T11:00:00Z'))).toEqual([1, 2]);
      expect(ids(await events(c, '?since=2026-11-23T10:00:00.000Z'))).toEqual([2, 3]);
    });

    it('pages with limit and after, and can list newest first', async () => {
      const c = await seeded();
      const first = await events(c, '?limit=2');
      expect(ids(first)).toEqual([0, 1]);
      expect(ids(await events(c, `?after=${first[1]?.seq}`))).toEqual([2, 3]);
      expect(ids(await events(c, '?order=desc&limit=1'))).toEqual([3]);
    });

    it.each(['?since=yesterday', '?limit=0', '?limit=abc', '?after=-1', '?order=up'])('answers 400 for %s', async (q) => {
      const c = await start();
      const res = await fetch(`${c.url}/events${q}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: expect.any(String) });
    });
  });

  describe('GET /events/stream', () => {
    async function readUntil(res: Response, predicate: (text: string) => boolean): Promise<string> {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!predicate(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended after: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
      await reader.cancel();
      return text;
    }

    it('pushes each newly stored event', async () => {
      const c = await start();
      const res = await fetch(`${c.url}/events/stream`);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const e = validEvent({ type: 'call_click' });
      const text = readUntil(res, (t) => t.includes(e.id));
      await post(c, validBatch([e]));
      const data = (await text).split('\n').find((l) => l.startsWith('data: '));
      expect(JSON.parse(data!.slice(6))).toMatchObject({ ...e, seq: 1, receivedAt: expect.any(String) });
      expect(await text).toContain('id: 1\n');
    });

    it('replays what was stored after Last-Event-ID, then goes live', async () => {
      const c = await start();
      const [a, b, d] = [validEvent(), validEvent(), validEvent()];
      await post(c, validBatch([a, b]));
      const res = await fetch(`${c.url}/events/stream`, { headers: { 'last-event-id': '1' } });
      const text = readUntil(res, (t) => t.includes(d.id));
      await post(c, validBatch([d]));
      const got = await text;
      expect(got).not.toContain(a.id);
      expect(got.indexOf(b.id)).toBeLessThan(got.indexOf(d.id));
    });

    it('ends open streams when the collector closes', async () => {
      const c = await start();
      const res = await fetch(`${c.url}/events/stream`);
      const reader = res.body!.getReader();
      await reader.read(); // the retry hint
      const t0 = Date.now();
      await c.close();
      expect(Date.now() - t0).toBeLessThan(1000);
      let done = false;
      while (!done) ({ done } = await reader.read());
    });
  });

  describe('other routes', () => {
    it('GET /health reports version, storage and count', async () => {
      const c = await start();
      await post(c, validBatch([validEvent(), validEvent()]));
      const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      expect(await (await fetch(`${c.url}/health`)).json()).toEqual({ ok: true, version, storage: kind, events: 2 });
    });

    it('answers unknown routes with 404 JSON and wrong methods with 405', async () => {
      const c = await start();
      const res = await fetch(`${c.url}/nope`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      const wrong = await fetch(`${c.url}/collect`);
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
      expect((await fetch(`${c.url}/events`, { method: 'DELETE' })).status).toBe(405);
    });

    it('turns a handler exception into a 500 JSON and keeps serving', async () => {
      const lines: string[] = [];
      const flaky: EventStore = {
        ...memoryStore(),
        kind: 'flaky',
        insert: async () => ({ inserted: 0, duplicates: 0, stored: [] }),
        query: () => Promise.reject(new Error('boom')),
      };
      const c = await start({ store: flaky, log: (l) => lines.push(l) });
      const res = await fetch(`${c.url}/events`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error' });
      expect(lines.join('\n')).toContain('boom');
      expect((await fetch(`${c.url}/health`)).status).toBe(200);
    });

    it('GET / escapes event fields in the live page', async () => {
      const c = await start();
      const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
      const e = validEvent({
        type: 'form_submit',
        page: { url: 'https://e.com/', path: `/p${evil}`, title: evil, referrer: '' },
        props: { formId: evil, fieldNames: [], via: 'native' },
      });
      const custom = validEvent({ type: 'custom', name: evil });
      await post(c, validBatch([e, custom]));
      const res = await fetch(`${c.url}/`);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[^']+'/);
      const html = await res.text();
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"');
      expect(html).toContain('formId: &quot;&gt;&lt;script&gt;');
      expect(html).toContain('custom / &quot;&gt;&lt;script&gt;');
      expect(html.match(/<script/g)).toHaveLength(1); // only the page's own script
    });
  });
});

describe('file-backed storage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-collector-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survives a close and reopen, still de-duplicating ids', async () => {
    const dbPath = join(dir, 'nested', 'leads.sqlite');
    const batch = validBatch([validEvent({ type: 'call_click' }), validEvent()]);
    const first = await start({ dbPath });
    expect(await (await post(first, batch)).json()).toEqual({ accepted: 2, duplicates: 0 });
    await first.close();

    const second = await start({ dbPath });
    expect((await events(second)).map((e) => e.id)).toEqual(batch.events.map((e) => e.id));
    expect(await (await post(second, batch)).json()).toEqual({ accepted: 0, duplicates: 2 });
    const more = await post(second, validBatch());
    expect(await more.json()).toEqual({ accepted: 1, duplicates: 0 });
    // seq keeps increasing across the restart (gaps are fine: a skipped duplicate may use one up).
    const seqs = (await events(second)).map((e) => e.seq);
    expect(seqs.slice(0, 2)).toEqual([1, 2]);
    expect(seqs[2]).toBeGreaterThan(2);
  });

  it('rejects when the port is taken', async () => {
    const a = await start({ dbPath: join(dir, 'a.sqlite') });
    await expect(createCollector({ port: a.port, dbPath: join(dir, 'b.sqlite') })).rejects.toThrow(/EADDRINUSE/);
  });
});
