import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validBatch, validEvent } from '@leadbeacon/test-utils';
import { SEGMENT_MAX_BATCH_BYTES, SEGMENT_MAX_MESSAGE_BYTES, type SegmentBatch, type SegmentMessage } from '@leadbeacon/wire';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCollector, segmentToNative } from '../src/index';
import type { Collector, CollectorOptions, WireEvent } from '../src/index';
import { persistentDatabase, STORE_KINDS } from './stores';

/**
 * A sink that answers as Segment's HTTP Tracking API documents it: 400 for a request over 500 KB
 * or a message over 32 KB, 200 otherwise. It records every request's size and what it took.
 */
async function segmentLikeSink() {
  const requestBytes: number[] = [];
  const received: SegmentMessage[] = [];
  let down = false;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    requestBytes.push(body.length);
    if (down) return void res.writeHead(503).end();
    if (body.length > SEGMENT_MAX_BATCH_BYTES)
      return void res.writeHead(400).end(`{"error":"batch of ${body.length} bytes is over 500 KB"}`);
    const batch = JSON.parse(body.toString('utf8')) as SegmentBatch;
    const large = batch.batch.find((m) => Buffer.byteLength(JSON.stringify(m)) > SEGMENT_MAX_MESSAGE_BYTES);
    if (large) return void res.writeHead(400).end(`{"error":"message ${String(large.messageId)} is over 32 KB"}`);
    received.push(...batch.batch.map((m) => ({ ...m, sentAt: batch.sentAt })));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/batch`,
    requestBytes,
    received,
    setDown: (d: boolean) => (down = d),
    stop: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface ForwardHealth {
  url: string;
  pending: number;
  parked: number;
  delivered: number;
  lastError?: string;
  paused?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-dead-letters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
const quick = { minRetryMs: 50, maxRetryMs: 300, pollMs: 50, timeoutMs: 5000 };
const post = (c: Collector, events: WireEvent[]) => fetch(`${c.url}/collect`, { method: 'POST', body: JSON.stringify(validBatch(events)) });
const forwardHealth = async (c: Collector) => ((await (await fetch(`${c.url}/health`)).json()) as { forward?: ForwardHealth }).forward;
/** What a Segment message says, read back as the native event it was sent for. */
const asNative = (m: SegmentMessage): WireEvent => {
  const mapped = segmentToNative(m, { sentAt: m.sentAt as string }, new Date());
  if (!mapped.ok) throw new Error(`message ${String(m.messageId)} does not map back`);
  return mapped.event;
};
/** A custom event whose props make it about `bytes` long. */
const bulky = (bytes: number, extra: Partial<WireEvent> = {}) =>
  validEvent({ type: 'custom', name: 'bulky', props: { note: 'x'.repeat(bytes) }, ...extra });

describe.each(STORE_KINDS)('forwarding never lets a bad event cost a good one (%s store)', { timeout: 60_000 }, (kind) => {
  async function collector(options: CollectorOptions) {
    const store = await persistentDatabase(kind, dir).open();
    const c = await createCollector({ port: 0, store, rateLimit: { rate: 0, burst: 0 }, ...options });
    cleanup.push(
      () => store.close(),
      () => c.close(),
    );
    return c;
  }

  it('a 40 KB event among 20 normal ones: the 20 are delivered, it is parked with its reason, later events still go', async () => {
    const sink = await segmentLikeSink();
    cleanup.push(() => sink.stop());
    const source = await collector({ forward: { url: sink.url, format: 'segment', ...quick } });
    const normal = Array.from({ length: 20 }, (_, i) =>
      validEvent({ type: i % 3 ? 'custom' : 'page_view', ...(i % 2 ? { score: i } : {}) }),
    );
    const large = bulky(40_000);
    const first = [...normal.slice(0, 10), large, ...normal.slice(10)];
    expect((await post(source, first)).status).toBe(200);
    await waitFor(() => sink.received.length >= 20, '20 deliveries');
    const later = [validEvent(), validEvent({ type: 'custom' })];
    expect((await post(source, later)).status).toBe(200);
    await waitFor(() => sink.received.length >= 22, 'the later events');

    expect(sink.received.map(asNative)).toEqual([...normal, ...later]);
    // Never sent: it is over the limit on its own.
    expect(Math.max(...sink.requestBytes)).toBeLessThan(40_000);
    await waitFor(async () => (await forwardHealth(source))?.pending === 0, 'an empty outbox');
    const health = await forwardHealth(source);
    expect(health).toMatchObject({ url: sink.url, pending: 0, parked: 1, delivered: 22 });
    const parked = (await (await fetch(`${source.url}/api/forward/parked`)).json()) as { parked: { eventId: string; reason: string }[] };
    expect(parked.parked).toEqual([
      expect.objectContaining({
        eventId: large.id,
        reason: expect.stringMatching(/^message of \d+ bytes is over the sink's 32 KB limit$/),
      }),
    ]);

    // The dashboard shows it too.
    const page = await (await fetch(`${source.url}/dashboard`)).text();
    expect(page).toMatch(/data-figure="forward-parked">1</);
    expect(page).toMatch(/data-figure="forward-delivered">22</);
    expect(page).toMatch(/data-figure="forward-pending">0</);

    // Requeued by the admin, it is tried again (and parked again: the sink still refuses it).
    const requeued = await fetch(`${source.url}/api/forward/retry-parked`, { method: 'POST' });
    expect(await requeued.json()).toEqual({ requeued: 1 });
    await waitFor(async () => (await forwardHealth(source))?.parked === 1, 'parked again');
    expect(sink.received).toHaveLength(22);
  });

  it(
    'a backlog of 3,000 events of about 6 KB goes in requests of at most 500 KB, every one delivered once',
    { timeout: 120_000 },
    async () => {
      const sink = await segmentLikeSink();
      cleanup.push(() => sink.stop());
      sink.setDown(true);
      const source = await collector({ forward: { url: sink.url, format: 'segment', ...quick } });
      const events = Array.from({ length: 3000 }, (_, i) => bulky(6_000, i % 5 ? {} : { score: i }));
      for (let i = 0; i < events.length; i += 15) expect((await post(source, events.slice(i, i + 15))).status).toBe(200);
      sink.setDown(false);
      await waitFor(() => sink.received.length >= events.length, '3,000 deliveries', 60_000);
      await waitFor(async () => (await forwardHealth(source))?.pending === 0, 'an empty outbox');

      expect(Math.max(...sink.requestBytes)).toBeLessThanOrEqual(SEGMENT_MAX_BATCH_BYTES);
      // Each once; events that waited out a backoff may arrive after younger ones.
      const byId = (a: WireEvent, b: WireEvent) => a.id.localeCompare(b.id);
      expect(sink.received.map(asNative).sort(byId)).toEqual([...events].sort(byId));
      expect(await forwardHealth(source)).toMatchObject({ pending: 0, parked: 0, delivered: 3000 });
    },
  );

  it('natively: an event the receiving collector refuses (413 alone) is parked, the others arrive whole, score included', async () => {
    const target = await collector({ bodyLimit: 16_000 });
    const source = await collector({ forward: { url: `${target.url}/collect`, ...quick } });
    const normal = Array.from({ length: 20 }, (_, i) => validEvent({ type: i % 2 ? 'form_submit' : 'page_view', score: i + 0.5 }));
    const large = bulky(20_000);
    expect((await post(source, [...normal.slice(0, 7), large, ...normal.slice(7)])).status).toBe(200);
    await waitFor(async () => (await target.store.count()) === 20, '20 events at the target');
    await waitFor(async () => (await forwardHealth(source))?.parked === 1, 'one parked event');
    const got = await target.store.query();
    expect(got.map(({ seq: _s, receivedAt: _r, ...e }) => e)).toEqual(normal);
    const parked = (await (await fetch(`${source.url}/api/forward/parked`)).json()) as { parked: { eventId: string; reason: string }[] };
    expect(parked.parked).toEqual([
      expect.objectContaining({ eventId: large.id, reason: expect.stringMatching(/^HTTP 413: \{"error":"body over 16000 bytes"\}/) }),
    ]);
    expect(await forwardHealth(source)).toMatchObject({ pending: 0, parked: 1, delivered: 20 });
  });

  it('natively: an event over the receiving collector’s default body limit is parked without being sent', async () => {
    const target = await collector({});
    const source = await collector({ bodyLimit: 400_000, forward: { url: `${target.url}/collect`, ...quick } });
    const normal = Array.from({ length: 5 }, () => validEvent());
    const large = bulky(150_000);
    expect((await post(source, [large, ...normal])).status).toBe(200);
    await waitFor(async () => (await target.store.count()) === 5, '5 events at the target');
    await waitFor(async () => (await forwardHealth(source))?.parked === 1, 'one parked event');
    const parked = (await (await fetch(`${source.url}/api/forward/parked`)).json()) as { parked: { eventId: string; reason: string }[] };
    expect(parked.parked[0]?.reason).toMatch(/^message of \d+ bytes is over the sink's 128 KB limit$/);
  });

  it('honours Retry-After on 429: the next attempt waits for it, not for the shorter backoff', async () => {
    const times: number[] = [];
    const server = createServer((req, res) => {
      req.resume().on('end', () => {
        times.push(Date.now());
        if (times.length === 1) return void res.writeHead(429, { 'retry-after': '1' }).end('{"error":"slow down"}');
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/collect`;
    const source = await collector({ forward: { url, ...quick } });
    expect((await post(source, [validEvent()])).status).toBe(200);
    await waitFor(() => times.length >= 2, 'the second attempt');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    await waitFor(async () => (await forwardHealth(source))?.delivered === 1, 'the delivery');
    // The public /health gives the status alone; the answer is on the dashboard, behind the token.
    expect(await forwardHealth(source)).toMatchObject({ pending: 0, parked: 0, lastError: 'HTTP 429' });
    expect(await (await fetch(`${source.url}/dashboard`)).text()).toContain(
      'Last error: HTTP 429: {&quot;error&quot;:&quot;slow down&quot;}',
    );
  });

  it('parked events are listed, requeued and discarded only with the admin token', async () => {
    const token = 'an-admin-token-of-32-characters!';
    const sink = await segmentLikeSink();
    cleanup.push(() => sink.stop());
    const source = await collector({ adminToken: token, forward: { url: sink.url, format: 'segment', ...quick } });
    const large = bulky(40_000);
    expect((await post(source, [large, validEvent()])).status).toBe(200);
    await waitFor(async () => (await forwardHealth(source))?.parked === 1, 'one parked event');
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${source.url}/api/forward/parked`)).status).toBe(401);
    expect((await fetch(`${source.url}/api/forward/retry-parked`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${source.url}/api/forward/discard-parked`, { method: 'POST' })).status).toBe(401);
    const listed = (await (await fetch(`${source.url}/api/forward/parked`, { headers: bearer })).json()) as {
      parked: { eventId: string }[];
    };
    expect(listed.parked.map((p) => p.eventId)).toEqual([large.id]);
    const discarded = await fetch(`${source.url}/api/forward/discard-parked`, { method: 'POST', headers: bearer });
    expect(await discarded.json()).toEqual({ discarded: 1 });
    expect(await forwardHealth(source)).toMatchObject({ pending: 0, parked: 0 });
    // Out of the outbox, still in the database.
    expect((await source.store.query()).map((e) => e.id)).toContain(large.id);
  });

  it('a refused write key (401) pauses forwarding and says so: nothing is parked, everything waits', async () => {
    const target = await collector({ writeKeys: ['the-right-key-0001'] });
    const source = await collector({
      forward: { url: `${target.url}/v1/batch`, format: 'segment', writeKey: 'a-wrong-key-00001', ...quick },
    });
    expect((await post(source, [validEvent(), validEvent()])).status).toBe(200);
    await waitFor(async () => (await forwardHealth(source))?.paused !== undefined, 'the pause');
    const health = await forwardHealth(source);
    expect(health).toMatchObject({ pending: 2, parked: 0, delivered: 0 });
    expect(health?.paused).toMatch(/^HTTP 401: .*wrong write key/);
    expect(await target.store.count()).toBe(0);
  });
});
