/**
 * POST /v1/batch against the Segment-API clients users run, at their default settings (only the
 * host pointed at the collector): Segment's `@segment/analytics-node` and RudderStack's
 * `@rudderstack/rudder-sdk-node` (which gzips every batch), against the real collector over HTTP,
 * on SQLite and on PostgreSQL. Before issue 19 each of these lost events: a 500-event batch got
 * 413, a gzipped one 415, a message without messageId, with an 80-character one or with a
 * timestamp without offset refused its whole batch, and an over-size message was stored.
 */
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector } from '../src/index';
import type { Collector, CollectorOptions } from '../src/index';
import { openTestStore, STORE_KINDS, type StoreKind } from './stores';

const WRITE_KEY = 'wk-segment-clients-0123';
const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(async (c) => (await c.close(), c.store.close())));
});

async function start(kind: StoreKind, options: CollectorOptions = {}): Promise<Collector & { lines: string[] }> {
  const lines: string[] = [];
  const c = await createCollector({
    port: 0,
    store: await openTestStore(kind),
    writeKeys: [WRITE_KEY],
    rateLimit: { rate: 0, burst: 0 },
    log: (line) => lines.push(line),
    ...options,
  });
  open.push(c);
  return Object.assign(c, { lines });
}

/** Properties that make a track call about `bytes` long once serialised by analytics-node. */
const padded = (i: number, bytes: number) => ({ plan: 'pro', i, note: 'x'.repeat(Math.max(0, bytes - 368)) });

describe.each(STORE_KINDS)('real Segment-API clients into POST /v1/batch (%s)', (kind) => {
  it('@segment/analytics-node, flushAt 500 with ~470-byte events: one ~235 KB batch, all 500 stored', async () => {
    const c = await start(kind);
    const analytics = new SegmentAnalytics({ writeKey: WRITE_KEY, host: c.url, flushAt: 500 });
    const sent: number[] = [];
    const errors: unknown[] = [];
    analytics.on('http_request', (r) => sent.push(Buffer.byteLength(r.body)));
    analytics.on('error', (err) => errors.push(err));
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) analytics.track({ userId: `user-${i % 20}`, event: 'Lead Scored', properties: padded(i, 470) });
    await analytics.closeAndFlush();
    const ms = performance.now() - t0;
    expect(errors).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeGreaterThan(200_000);
    expect(sent[0]).toBeLessThan(500 * 1024);
    expect(await c.store.count()).toBe(500);
    console.log(`analytics-node (${kind}): one batch of 500 events, ${sent[0]} bytes, stored in ${Math.round(ms)} ms`);
  });

  it('@segment/analytics-node: an 80-character messageId and a timestamp without offset are taken', async () => {
    const c = await start(kind);
    const analytics = new SegmentAnalytics({ writeKey: WRITE_KEY, host: c.url });
    const messageId = `order-2026-11-20-${'7'.repeat(63)}`;
    analytics.track({ userId: 'u-1', event: 'Order Completed', messageId, properties: { value: 120, currency: 'usd' } });
    analytics.track({ userId: 'u-1', event: 'Signed Up', messageId: 'no-offset', timestamp: '2026-11-20T10:00:00' });
    await analytics.closeAndFlush();
    const stored = await c.store.query();
    expect(stored.map((e) => [e.id, e.ts])).toEqual([
      [messageId, expect.any(String)],
      ['no-offset', '2026-11-20T10:00:00Z'],
    ]);
    expect(messageId).toHaveLength(80);
    expect(stored[0]).toMatchObject({ type: 'custom', name: 'Order Completed', value: 120, currency: 'USD' });
  });

  it('@rudderstack/rudder-sdk-node: gzipped batches (its default) are stored, the write key taken from Basic auth', async () => {
    const c = await start(kind);
    const rudder = new RudderAnalytics(WRITE_KEY, { dataPlaneUrl: c.url, logLevel: 'error' });
    for (let i = 0; i < 25; i++) rudder.track({ anonymousId: 'anon-1', event: 'Viewed Pricing', properties: { i } });
    rudder.page({ anonymousId: 'anon-1', name: 'Pricing', properties: { url: 'https://shop.example/pricing', path: '/pricing' } });
    await rudder.flush();
    expect(await c.store.count()).toBe(26);
    // flushAt 20: at least two batches, each gzipped and labelled application/x-www-form-urlencoded by the SDK.
    expect(c.lines.filter((l) => l.startsWith('POST /v1/batch 200')).length).toBeGreaterThanOrEqual(2);
  });

  it('@rudderstack/rudder-sdk-node: a message over 32 KB (which it sends) is rejected alone; the others are stored', async () => {
    const c = await start(kind);
    const rudder = new RudderAnalytics(WRITE_KEY, { dataPlaneUrl: c.url, logLevel: 'off' });
    // Its types leave out messageId, which it keeps when given (and generates otherwise).
    const track = (m: { event: string; messageId: string; properties?: object }) =>
      rudder.track({ anonymousId: 'a', ...m } as RudderAnalytics.TrackParams);
    track({ event: 'Small', messageId: 'small-1' });
    track({ event: 'Huge', messageId: 'huge-1', properties: { blob: 'y'.repeat(40_000) } });
    track({ event: 'Small', messageId: 'small-2' });
    await rudder.flush();
    expect((await c.store.query()).map((e) => e.id)).toEqual(['small-1', 'small-2']);
    // The SDK sends the large message in a batch of its own (its 450 KB batches are counted in bytes).
    expect(c.lines.join('\n')).toMatch(/POST \/v1\/batch 200 stored \d, duplicates 0, rejected 1 \(first: huge-1 message of \d+ bytes/);
  });
});

describe.each(STORE_KINDS)('Segment’s documented requests into POST /v1/batch (%s)', (kind) => {
  // Segment's HTTP Tracking API docs, "Batch": three calls, no messageId (Segment generates one), a batch context.
  const documented = {
    batch: [
      {
        type: 'identify',
        userId: '019mr8mf4r',
        traits: { email: 'jake@yahoo.com', name: 'Jake Peterson', age: 26 },
        timestamp: '2012-12-02T00:30:12.984Z',
      },
      {
        type: 'track',
        userId: '019mr8mf4r',
        event: 'Song Played',
        properties: { name: 'Fallin for You', artist: 'Dierks Bentley' },
        timestamp: '2012-12-02T00:30:08.276Z',
      },
      {
        type: 'track',
        userId: '971mj8mk7p',
        event: 'Song Played',
        properties: { name: 'Get Right', artist: 'Jennifer Lopez' },
        timestamp: '2012-12-02T00:30:08.276Z',
      },
    ],
    context: { device: { type: 'phone', name: 'Apple iPhone 6' } },
  };
  const post = (c: Collector, body: unknown) =>
    fetch(`${c.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` },
      body: JSON.stringify(body),
    });

  it('the batch example without messageIds is stored, and sent again (a later sentAt) stored once', async () => {
    const c = await start(kind);
    const first = await post(c, { ...documented, sentAt: '2012-12-02T00:30:13.000Z' });
    expect(await first.json()).toEqual({ success: true, accepted: 3, duplicates: 0, ignored: 0 });
    const again = await post(c, { ...documented, sentAt: '2012-12-02T00:31:00.000Z' });
    expect(await again.json()).toEqual({ success: true, accepted: 0, duplicates: 3, ignored: 0 });
    const stored = await c.store.query();
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((e) => e.id)).size).toBe(3);
    for (const e of stored) expect(e.id).toMatch(/^gen-[0-9a-f]{40}$/);
    expect(stored.map((e) => [e.type, e.userId])).toEqual([
      ['identify', '019mr8mf4r'],
      ['custom', '019mr8mf4r'],
      ['custom', '971mj8mk7p'],
    ]);
  });

  it('takes Segment’s 2,500 messages in one batch and rejects those beyond, alone', async () => {
    const c = await start(kind);
    const batch = Array.from({ length: 2501 }, (_, i) => ({
      type: 'track',
      anonymousId: `a-${i % 50}`,
      event: 'Tick',
      messageId: `t-${i}`,
    }));
    const res = await post(c, { batch });
    expect(await res.json()).toEqual({
      success: true,
      accepted: 2500,
      duplicates: 0,
      ignored: 0,
      rejected: [{ id: 't-2500', reason: "beyond Segment's 2500 messages per batch" }],
    });
    expect(await c.store.count()).toBe(2500);
  });

  it('names each refused message (by messageId, else its place) and stores the rest: 200 as Segment answers', async () => {
    const c = await start(kind);
    const res = await post(c, {
      batch: [
        { type: 'track', userId: 'u', event: 'Fine', messageId: 'ok-1', timestamp: '2026-11-20T10:00:00+0700' },
        { type: 'track', userId: 'u', messageId: 'no-event' },
        { type: 'track', userId: 'u', event: 'Long id', messageId: 'm'.repeat(100) },
        { type: 'track', event: 'Nobody' },
        { type: 'track', userId: 'u', event: 'Big', messageId: 'big', properties: { blob: 'z'.repeat(33_000) } },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      success: true,
      accepted: 1,
      duplicates: 0,
      ignored: 0,
      rejected: [
        { id: 'no-event', reason: "/ must have required property 'event'" },
        { id: 'batch/2', reason: 'messageId of 100 characters: Segment takes fewer than 100' },
        { id: 'batch/3', reason: '/ needs a userId or an anonymousId' },
        { id: 'big', reason: expect.stringMatching(/^message of \d+ bytes: Segment takes at most 32768 per message$/) },
      ],
    });
    expect((await c.store.query()).map((e) => [e.id, e.ts])).toEqual([['ok-1', '2026-11-20T10:00:00+07:00']]);
  });
});
