import { connect } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { validBatch, validEvent } from '@leadbeacon/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector } from '../src/index';
import type { Collector, CollectorOptions, StoredEvent } from '../src/index';
import { createRateLimiter } from '../src/http/rate-limit';
import { scanJson } from '../src/http/json-guard';

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
async function start(options: CollectorOptions = {}): Promise<Collector> {
  const c = await createCollector({ port: 0, dbPath: ':memory:', ...options });
  open.push(c);
  return c;
}
const post = (c: Collector, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${c.url}/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
const json = (v: unknown) => JSON.stringify(v);

/** A valid batch whose props nest `depth` objects deep (the event itself adds 4 levels). */
function nestedBatch(depth: number): string {
  let inner: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) inner = { next: inner };
  return json(validBatch([validEvent({ type: 'custom', props: { deep: inner } })]));
}

describe('bad input is refused with a clear status and message, and nothing is stored', () => {
  it.each<[string, string | Uint8Array, Record<string, string>, number, RegExp]>([
    [
      'a form post',
      'a=1&b=2',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      /content type application\/x-www-form-urlencoded not accepted/,
    ],
    [
      'multipart',
      '--x\r\n\r\n--x--',
      { 'content-type': 'multipart/form-data; boundary=x' },
      415,
      /content type multipart\/form-data not accepted/,
    ],
    ['text/html', '<p>hi</p>', { 'content-type': 'text/html' }, 415, /content type text\/html not accepted/],
    [
      'another charset',
      json(validBatch()),
      { 'content-type': 'text/plain; charset=iso-8859-1' },
      415,
      /charset iso-8859-1 not accepted: send UTF-8/,
    ],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from('{"v":1,"x":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
      {},
      400,
      /body is not valid UTF-8/,
    ],
    [
      'an overlong UTF-8 encoding of "/"',
      Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]),
      {},
      400,
      /body is not valid UTF-8/,
    ],
    ['JSON nested 40 deep', nestedBatch(40), {}, 400, /JSON nested deeper than 32 levels/],
    ['100 KB of [[[[', '['.repeat(100_000), {}, 400, /JSON nested deeper than 32 levels/],
    ['a NUL character in a string', json(validBatch([validEvent({ type: 'custom', name: 'a\u0000b' })])), {}, 400, /NUL character/],
    ['truncated JSON', '{"v":1,"events":[', {}, 400, /body is not JSON/],
    ['a JSON array', '[1,2,3]', {}, 400, /\/ must be object/],
    ['events that are not an array', json({ ...validBatch(), events: 'none' }), {}, 400, /\/events must be array/],
    ['an empty batch', json(validBatch([])), {}, 400, /\/events must NOT have fewer than 1 items/],
  ])('%s', async (_, body, headers, status, message) => {
    const c = await start();
    const res = await post(c, body, headers);
    expect(res.status).toBe(status);
    const answer = (await res.json()) as { error: string; reasons?: string[] };
    expect([answer.error, ...(answer.reasons ?? [])].join('\n')).toMatch(message);
    expect(await c.store.count()).toBe(0);
  });

  it('accepts a batch nested exactly 32 deep and a NUL-looking escaped backslash', async () => {
    const c = await start();
    expect((await post(c, nestedBatch(32 - 4))).status).toBe(200);
    expect((await post(c, json(validBatch([validEvent({ type: 'custom', name: 'a\\u0000b' })])))).status).toBe(200);
    expect(await c.store.count()).toBe(2);
  });

  it('answers 413 for more events than the limit (the tracker halves its batch), and stores none of them', async () => {
    const c = await start({ maxEvents: 10 });
    const res = await post(c, json(validBatch(Array.from({ length: 11 }, () => validEvent()))));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: '11 events in one request: at most 10' });
    expect((await post(c, json(validBatch(Array.from({ length: 10 }, () => validEvent()))))).status).toBe(200);
    expect(await c.store.count()).toBe(10);
  });

  it("refuses a maxEvents outside 1..500 (the wire format's limit) before it opens a store", async () => {
    for (const maxEvents of [0, 501, 1.5]) {
      await expect(createCollector({ port: 0, host: '127.0.0.1', dbPath: ':memory:', maxEvents })).rejects.toThrow(
        `maxEvents must be an integer from 1 to 500 (the wire format's limit per batch), got ${maxEvents}`,
      );
    }
  });

  it('answers 413 for a body over the limit, by default 128 KB', async () => {
    const c = await start();
    const big = json(validBatch([validEvent({ type: 'custom', props: { pad: 'x'.repeat(131_072) } })]));
    const res = await post(c, big);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'body over 131072 bytes' });
    expect(await c.store.count()).toBe(0);
  });

  it('answers 403 for an origin not allowed, and 405 for a GET', async () => {
    const c = await start({ corsOrigins: ['https://shop.example'] });
    const res = await post(c, json(validBatch()), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'origin not allowed' });
    expect((await fetch(`${c.url}/collect`)).status).toBe(405);
    expect(await c.store.count()).toBe(0);
  });
});

describe('one bad event never costs a good one (POST /collect)', () => {
  it('stores the good leads of a batch beside a form_submit with via "widget", and names that one with why', async () => {
    const lines: string[] = [];
    const c = await start({ log: (l) => lines.push(l) });
    const good = [
      validEvent({ type: 'page_view' }),
      validEvent({ type: 'form_submit', props: { formId: 'quote', fieldNames: ['email'], via: 'native' } }),
      validEvent({ type: 'call_click' }),
    ];
    const bad = validEvent({ type: 'form_submit', props: { formId: 'chat-form', fieldNames: ['email'], via: 'widget' } });
    const res = await post(c, json(validBatch([good[0]!, bad, good[1]!, 42, good[2]!] as never)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: [
        { id: bad.id, reason: '/props/via must be one of "native", "script"' },
        { id: 'events/3', reason: '/ must be object' },
      ],
    });
    expect((await c.store.query()).map((e) => e.id)).toEqual(good.map((e) => e.id));
    expect((await c.store.leads()).map((l) => l.type)).toEqual(['form_submit', 'call_click']);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^POST /collect 200 stored 3, duplicates 0, rejected 2 \\(first: ${bad.id} /props/via must be one of`),
    );
  });

  it('answers 200 with accepted 0 when every event is refused (the tracker must not resend them), and stores nothing', async () => {
    const c = await start();
    const res = await post(c, json(validBatch([validEvent({ type: 'email_click', name: 'mail' })])));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 0, duplicates: 0, rejected: [{ reason: '/name must be "email_click"' }] });
    expect(await c.store.count()).toBe(0);
  });
});

describe('compressed bodies (Content-Encoding)', () => {
  const batch = () => Buffer.from(json(validBatch([validEvent(), validEvent()])));

  it('inflates gzip and deflate bodies on both routes', async () => {
    const c = await start();
    expect((await post(c, gzipSync(batch()), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await post(c, deflateSync(batch()), { 'content-encoding': 'deflate' })).status).toBe(200);
    const segment = Buffer.from(json({ batch: [{ type: 'track', userId: 'u', event: 'E', messageId: 'z-1' }] }));
    const res = await fetch(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-encoding': 'gzip' }, body: gzipSync(segment) });
    expect(await res.json()).toEqual({ success: true, accepted: 1, duplicates: 0, ignored: 0 });
    expect(await c.store.count()).toBe(5);
  });

  it('stops inflating past the limit: a 10 MB gzip bomb of 10 KB is refused (413 on /collect, 400 on /v1/batch as Segment)', async () => {
    const c = await start();
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(20_000);
    const native = await post(c, bomb, { 'content-encoding': 'gzip' });
    expect(native.status).toBe(413);
    expect(await native.json()).toEqual({ error: 'body over 131072 bytes once inflated' });
    const segment = await fetch(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-encoding': 'gzip' }, body: bomb });
    expect(segment.status).toBe(400);
    expect(await segment.json()).toEqual({ success: false, error: 'body over 512000 bytes once inflated' });
    expect(await c.store.count()).toBe(0);
  });

  it('refuses a body that is not what its encoding says (400) and an encoding it does not know (415)', async () => {
    const c = await start();
    const corrupt = await post(c, batch(), { 'content-encoding': 'gzip' });
    expect(corrupt.status).toBe(400);
    expect(((await corrupt.json()) as { error: string }).error).toMatch(/^body is not valid gzip/);
    const br = await post(c, batch(), { 'content-encoding': 'compress' });
    expect(br.status).toBe(415);
    expect(await br.json()).toEqual({ error: 'content encoding compress not accepted: send gzip, deflate or none' });
  });

  it('answers a Segment batch over 500 KB with 400 as Segment does (its clients never retry a 413 either)', async () => {
    const c = await start();
    const big = json({ batch: [{ type: 'track', userId: 'u', event: 'E', properties: { pad: 'x'.repeat(520_000) } }] });
    const res = await fetch(`${c.url}/v1/batch`, { method: 'POST', body: big });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ success: false, error: 'body over 512000 bytes' });
  });
});

describe('JSON pre-scan', () => {
  it('counts depth outside strings only and skips escaped quotes', () => {
    const enc = (s: string) => Buffer.from(s);
    expect(scanJson(enc('{"a":"[[[[[[","b":"\\"[[[["}'), 2)).toEqual({ surrogates: false });
    expect(scanJson(enc('{"a":[[1]]}'), 2).fault).toMatch(/deeper than 2/);
    expect(scanJson(enc('{"a":"x\\\\u0000"}'))).toEqual({ surrogates: false }); // an escaped backslash, then text
    expect(scanJson(enc('{"a":"x\\u0000"}')).fault).toMatch(/NUL/);
    expect(scanJson(enc('{"a":"x\\ud83d"}'))).toEqual({ surrogates: true });
    expect(scanJson(enc('{"a":"x\\uDC00"}'))).toEqual({ surrogates: true });
    expect(scanJson(enc('{"a":"x\\ud7ff\\\\ud83d"}'))).toEqual({ surrogates: false });
  });
});

describe('rate limit: a token bucket of events per client address', () => {
  it('admits a burst, then refuses with Retry-After until tokens are earned back', () => {
    let now = 0;
    const limiter = createRateLimiter({ rate: 10, burst: 20, now: () => now });
    expect(limiter.admit('a')).toEqual({ ok: true }); // 19 left: the request costs one
    limiter.charge('a', 25); // its batch's other 24 events, charged whole: -5
    expect(limiter.admit('a')).toEqual({ ok: false, retryAfterS: 1 }); // a token again in 0.6 s at 10/s
    expect(limiter.admit('b')).toEqual({ ok: true }); // another client has its own bucket
    now = 500;
    expect(limiter.admit('a').ok).toBe(false);
    now = 600;
    expect(limiter.admit('a')).toEqual({ ok: true });
    expect(limiter.admit('a').ok).toBe(false); // that request took the token
    limiter.charge('a', 101);
    expect(limiter.admit('a')).toEqual({ ok: false, retryAfterS: 11 });
  });

  it('counts refused requests too: each costs a token', () => {
    const limiter = createRateLimiter({ rate: 1, burst: 3, now: () => 0 });
    expect([1, 2, 3, 4].map(() => limiter.admit('a').ok)).toEqual([true, true, true, false]);
  });

  it('forgets the longest idle clients beyond its bound', () => {
    const limiter = createRateLimiter({ rate: 1, burst: 1, maxClients: 2, now: () => 0 });
    limiter.charge('a', 6);
    limiter.charge('b', 6);
    limiter.charge('c', 6); // 'a' is forgotten and starts full again
    expect(limiter.admit('a').ok).toBe(true);
    expect(limiter.admit('c').ok).toBe(false);
  });

  it('answers 429 with Retry-After per client over HTTP, and stores nothing of a refused batch', async () => {
    const c = await start({ rateLimit: { rate: 1, burst: 5 } });
    const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.9, ${ip}` }); // relayed by a proxy on this machine
    const five = json(validBatch(Array.from({ length: 5 }, () => validEvent())));
    expect((await post(c, five, from('198.51.100.1'))).status).toBe(200);
    const refused = await post(c, json(validBatch()), from('198.51.100.1'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/^too many events from this address: retry in \d+ s$/) });
    expect((await post(c, json(validBatch()), from('198.51.100.2'))).status).toBe(200);
    expect(await c.store.count()).toBe(6);
  });

  it('is off with rate 0', async () => {
    const c = await start({ rateLimit: { rate: 0, burst: 0 } });
    for (let i = 0; i < 4; i++) expect((await post(c, json(validBatch(Array.from({ length: 150 }, () => validEvent()))))).status).toBe(200);
  });
});

describe('slow clients are cut off', () => {
  /** Opens a raw socket, writes `head` then trickles `rest` one byte per 100 ms; resolves with what the server answered. */
  function trickle(c: Collector, head: string, rest: string): Promise<{ answer: string; sent: number }> {
    return new Promise((resolve) => {
      const socket = connect(c.port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('error', () => {});
      const timer = setInterval(() => {
        if (sent < rest.length && !socket.destroyed) socket.write(rest[sent++]!);
      }, 100);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, sent });
      });
      socket.write(head);
    });
  }

  it('headers trickled byte by byte: 408 after the headers timeout', { timeout: 15_000 }, async () => {
    const c = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const t0 = Date.now();
    const headers = 'Host: x\r\nContent-Type: text/plain\r\nX-Slow: ' + 'a'.repeat(200) + '\r\n\r\n';
    const { answer, sent } = await trickle(c, 'POST /collect HTTP/1.1\r\n', headers);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(headers.length);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a body trickled byte by byte: cut off after the request timeout, nothing stored', { timeout: 15_000 }, async () => {
    const c = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const body = json(validBatch());
    const head = `POST /collect HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const t0 = Date.now();
    const { answer, sent } = await trickle(c, head, body);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(body.length);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await c.store.count()).toBe(0);
  });
});

describe('write key', () => {
  const KEY = 'site-key-0123456789';
  it('refuses a batch without the key or with another one (401), takes it in the body or as Basic auth', async () => {
    const c = await start({ writeKeys: [KEY, 'older-key-abcdefgh'] });
    const none = await post(c, json(validBatch()));
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: 'write key required' });
    const wrong = await post(c, json(validBatch([validEvent()], { writeKey: 'not-the-key-000' })));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'wrong write key' });
    expect(await c.store.count()).toBe(0);

    expect((await post(c, json(validBatch([validEvent()], { writeKey: KEY })))).status).toBe(200);
    expect((await post(c, json(validBatch([validEvent()], { writeKey: 'older-key-abcdefgh' })))).status).toBe(200);
    const basic = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
    expect((await post(c, json(validBatch()), { authorization: basic })).status).toBe(200);
    expect(await c.store.count()).toBe(3);
  });
});

describe('a client clock hours off', () => {
  async function stored(c: Collector): Promise<StoredEvent[]> {
    return ((await (await fetch(`${c.url}/events`)).json()) as { events: StoredEvent[] }).events;
  }

  it('moves ts (and the touches) by receivedAt − sentAt, says so, and keeps the client time', async () => {
    const c = await start();
    const hours = 3 * 3_600_000;
    const clientNow = Date.now() - hours; // the client's clock is 3 hours behind
    const ts = new Date(clientNow - 60_000).toISOString(); // the click, a minute before sending
    const touch = {
      source: 'google',
      medium: 'cpc',
      channel: 'Paid Search',
      landingPage: '/',
      ts: new Date(clientNow - 120_000).toISOString(),
      clickIds: { gclid: 'G' },
    };
    const e = validEvent({ type: 'call_click', ts, props: { phone: '+1', href: 'tel:+1' }, attribution: { first: touch, last: touch } });
    const sentAt = new Date(clientNow).toISOString();
    expect((await post(c, json(validBatch([e], { sentAt })))).status).toBe(200);
    const [got] = await stored(c);
    const offset = got!.clockCorrection!.offsetMs;
    expect(offset).toBeGreaterThanOrEqual(hours);
    expect(offset).toBeLessThan(hours + 5_000);
    expect(got!.clockCorrection).toEqual({ clientTs: ts, offsetMs: offset, sentAt });
    expect(Date.parse(got!.ts)).toBe(Date.parse(ts) + offset);
    expect(Math.abs(Date.parse(got!.ts) - (Date.now() - 60_000))).toBeLessThan(5_000);
    expect(Date.parse(got!.attribution.last.ts)).toBe(Date.parse(touch.ts) + offset);
    const [lead] = await c.store.leads();
    expect(lead!.ts).toBe(got!.ts);
    expect(lead!.clickIds[0]!.firstSeen).toBe(got!.attribution.last.ts);
  });

  it('leaves the events of a client with a right clock as they were sent', async () => {
    const c = await start();
    const e = validEvent({ ts: new Date(Date.now() - 3_600_000).toISOString() }); // an event queued an hour ago
    expect((await post(c, json(validBatch([e])))).status).toBe(200);
    const [got] = await stored(c);
    expect(got!.ts).toBe(e.ts);
    expect(got!.clockCorrection).toBeUndefined();
  });
});
