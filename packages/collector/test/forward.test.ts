import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validBatch, validEvent } from '@leadbeacon/test-utils';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCollector, validateBatch } from '../src/index';
import type { Collector, CollectorOptions, WireBatch } from '../src/index';
import { retryDelay } from '../src/forward/forwarder';
import { persistentDatabase, STORE_KINDS } from './stores';

type Mode = 'down' | 'up' | 'hang';

/** A downstream endpoint that can be down (503), up (200, records each event id), hanging, or not listening at all. */
async function downstream(port = 0) {
  let mode: Mode = 'down';
  const delivered: string[] = [];
  let attempts = 0;
  const hung: ServerResponse[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    attempts++;
    if (mode === 'hang') return void hung.push(res);
    if (mode === 'down') return void res.writeHead(503).end();
    const batch = JSON.parse(text) as WireBatch;
    const valid = validateBatch(batch);
    if (!valid.ok) return void res.writeHead(400).end(JSON.stringify(valid.errors));
    delivered.push(...batch.events.map((e) => e.id));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };
  let server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/collect`,
    delivered,
    attempts: () => attempts,
    hung,
    set: (m: Mode) => (mode = m),
    /** Stops listening: connections are refused until `listen`. */
    stop: () =>
      new Promise<void>((r) => (hung.splice(0).forEach((h) => h.destroy()), server.closeAllConnections(), server.close(() => r()))),
    listen: async () => {
      server = createServer((req, res) => void handle(req, res));
      await new Promise<void>((r) => server.listen(bound, '127.0.0.1', r));
    },
  };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-forward-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
const quick = { minRetryMs: 50, maxRetryMs: 300, pollMs: 50, timeoutMs: 2000 };
const post = (c: Collector, batch: WireBatch) => fetch(`${c.url}/collect`, { method: 'POST', body: JSON.stringify(batch) });
const health = async (c: Collector) => (await (await fetch(`${c.url}/health`)).json()) as { forward?: { pending: number } };

describe('retry delays', () => {
  it('double per attempt from the minimum, with ±20% jitter, up to the maximum', () => {
    expect([0, 1, 2, 3, 10].map((a) => retryDelay(a, 1000, 60_000, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    expect(retryDelay(0, 1000, 60_000, () => 0)).toBe(800);
    expect(retryDelay(0, 1000, 60_000, () => 1)).toBe(1200);
  });
});

describe.each(STORE_KINDS)('--forward through the outbox (%s store)', (kind) => {
  async function collector(db: ReturnType<typeof persistentDatabase>, options: CollectorOptions) {
    const store = await db.open();
    const c = await createCollector({ port: 0, store, rateLimit: { rate: 0, burst: 0 }, ...options });
    cleanup.push(
      () => store.close(),
      () => c.close(),
    );
    return c;
  }

  it('downstream down for a while, collector restarted meanwhile: every event arrives, once', async () => {
    const down = await downstream();
    cleanup.push(() => down.stop());
    const db = persistentDatabase(kind, dir);
    const first = await collector(db, { forward: { url: down.url, ...quick } });
    const batches = [0, 1, 2].map(() => validBatch(Array.from({ length: 10 }, () => validEvent())));
    for (const b of batches) expect((await post(first, b)).status).toBe(200);
    await waitFor(() => down.attempts() >= 2, 'failed deliveries');
    expect((await health(first)).forward).toMatchObject({ url: down.url, pending: 30 });
    await first.close();

    await down.stop(); // now not even listening: connection refused
    const second = await collector(db, { forward: { url: down.url, ...quick } });
    const late = validBatch(Array.from({ length: 5 }, () => validEvent()));
    expect((await post(second, late)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // a few refused attempts
    expect(down.delivered).toEqual([]);

    down.set('up');
    await down.listen();
    const all = [...batches, late].flatMap((b) => b.events.map((e) => e.id));
    await waitFor(() => down.delivered.length >= all.length, `${all.length} deliveries`);
    await waitFor(async () => (await health(second)).forward?.pending === 0, 'an empty outbox');
    await new Promise((r) => setTimeout(r, 200)); // nothing more comes
    expect([...down.delivered].sort()).toEqual([...all].sort()); // each exactly once
  });

  it('never delays the answer to the browser: a hanging downstream does not hold POST /collect', async () => {
    const down = await downstream();
    cleanup.push(() => down.stop());
    down.set('hang');
    const c = await collector(persistentDatabase(kind, dir), { forward: { url: down.url, ...quick, timeoutMs: 30_000 } });
    expect((await post(c, validBatch())).status).toBe(200);
    await waitFor(() => down.hung.length === 1, 'the forward request to hang');
    const t0 = Date.now();
    const res = await post(c, validBatch());
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(2000); // answered while the forward request still hangs
    expect(down.hung.length).toBe(1);
  });

  it('forwards into another collector, natively (halving requests over its 16 KB body limit) and in Segment format (its own 500 KB limit)', async () => {
    for (const format of ['native', 'segment'] as const) {
      const target = await collector(persistentDatabase(kind, dir), { bodyLimit: 16_000 });
      const url = `${target.url}${format === 'segment' ? '/v1/batch' : '/collect'}`;
      const source = await collector(persistentDatabase(kind, dir), { forward: { url, format, ...quick } });
      const events = Array.from({ length: 60 }, (_, i) => validEvent({ type: i % 2 ? 'custom' : 'page_view' }));
      expect((await post(source, validBatch(events))).status).toBe(200);
      await waitFor(async () => (await target.store.count()) === events.length, `${format}: 60 events at the target`);
      const got = await target.store.query();
      expect(got.map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect(got.map(({ seq: _s, receivedAt: _r, ...e }) => e)).toEqual(events);
    }
  });
});
