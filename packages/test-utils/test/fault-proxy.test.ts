import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startCollector, startFaultProxy, validBatch, validEvent } from '../src/index';
import type { FaultProxy, TestCollector } from '../src/index';

let collector: TestCollector;
const proxies: FaultProxy[] = [];
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(() => collector.close());
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(): Promise<FaultProxy> {
  const p = await startFaultProxy({ target: collector.url });
  proxies.push(p);
  return p;
}

const post = (p: FaultProxy, body: unknown, init: RequestInit = {}) =>
  fetch(`${p.url}/collect`, { method: 'POST', body: JSON.stringify(body), ...init });

describe('startFaultProxy', () => {
  it('binds 127.0.0.1 and passes requests through by default, recording them', async () => {
    const p = await proxy();
    expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const batch = validBatch();
    const res = await post(p, batch, { headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    await collector.waitForEvents((es) => es.some((e) => e.id === batch.events[0]?.id));
    expect(p.requests).toHaveLength(1);
    expect(p.requests[0]).toMatchObject({
      method: 'POST',
      path: '/collect',
      body: JSON.stringify(batch),
      answer: { mode: 'pass', status: 200 },
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(p.requests[0]?.at).toBeGreaterThan(Date.now() - 5000);
  });

  it('forwards CORS preflights', async () => {
    const p = await proxy();
    const res = await fetch(`${p.url}/collect`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://site.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://site.example');
    expect(p.requests[0]?.method).toBe('OPTIONS');
  });

  it("'status' answers the given status with Retry-After, readable cross-origin, without forwarding", async () => {
    const p = await proxy();
    p.mode('status', 503, { retryAfter: 2 });
    const batch = validBatch();
    const res = await post(p, batch, { headers: { origin: 'https://site.example' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://site.example');
    expect(p.requests[0]?.answer).toEqual({ mode: 'status', status: 503 });
    expect((await collector.events()).some((e) => e.id === batch.events[0]?.id)).toBe(false);

    // Preflights still pass unless asked otherwise.
    const preflight = () => fetch(`${p.url}/collect`, { method: 'OPTIONS', headers: { origin: 'https://site.example' } });
    expect((await preflight()).status).toBe(204);
    p.mode('status', 429, { preflight: true });
    expect((await preflight()).status).toBe(429);
    expect(() => p.mode('status', 42)).toThrow(/HTTP status/);
  });

  it("'drop' fails at the network level", async () => {
    const p = await proxy();
    p.mode('drop');
    await expect(post(p, validBatch())).rejects.toThrow(TypeError);
    expect(p.requests[0]?.answer).toEqual({ mode: 'drop' });
    expect(p.requests[0]?.body).toContain('"v":1');
  });

  it("'hang' never answers, and close() does not wait for hung requests", async () => {
    const p = await proxy();
    p.mode('hang');
    await expect(post(p, validBatch(), { signal: AbortSignal.timeout(200) })).rejects.toThrow(/timeout|abort/i);
    const stuck = post(p, validBatch()).catch((err: unknown) => err);
    await p.waitForRequests(2);
    const t0 = Date.now();
    await p.close();
    expect(Date.now() - t0).toBeLessThan(500);
    expect(await stuck).toBeInstanceOf(TypeError);
    expect(p.requests.map((r) => r.answer)).toEqual([{ mode: 'hang' }, { mode: 'hang' }]);
    await p.close(); // idempotent
  });

  it('switches modes at run time, so a test can see retries and their timing', async () => {
    const p = await proxy();
    const batch = validBatch([validEvent({ type: 'form_submit' })]);
    p.mode('drop');
    await post(p, batch).catch(() => {});
    p.mode('status', 500);
    await new Promise((r) => setTimeout(r, 50));
    await post(p, batch);
    p.mode('pass');
    await new Promise((r) => setTimeout(r, 50));
    expect((await post(p, batch)).status).toBe(200);

    const posts = await p.waitForRequests(3);
    expect(posts.map((r) => r.answer?.mode)).toEqual(['drop', 'status', 'pass']);
    expect(new Set(posts.map((r) => r.body)).size).toBe(1); // same ids on every attempt
    expect((posts[2]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(100);
    p.clear();
    expect(p.requests).toHaveLength(0);
  });

  it('answers 502 and records it when the target is down', async () => {
    const down = await startCollector();
    const p = await startFaultProxy({ target: down.url });
    proxies.push(p);
    await down.close();
    const res = await post(p, validBatch());
    expect(res.status).toBe(502);
    expect(p.requests[0]?.answer).toMatchObject({ mode: 'pass', status: 502, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('waitForRequests reports what it received when it gives up', async () => {
    const p = await proxy();
    await post(p, validBatch());
    await expect(p.waitForRequests(2, { timeout: 100 })).rejects.toThrow(
      /received 1 request\(s\):\n.*POST \/collect -> \{"mode":"pass","status":200\}/,
    );
  });
});

describe('spoilt answers (the collector stores, the answer goes wrong on the way back)', () => {
  it('slow: relayed after the delay', async () => {
    const p = await proxy();
    p.mode('slow', 300);
    const batch = validBatch();
    const t0 = Date.now();
    const res = await post(p, batch);
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(p.requests[0]!.answer).toEqual({ mode: 'slow', status: 200 });
    expect(() => p.mode('slow', undefined as never)).toThrow(/delayMs/);
  });

  it('reset: the body is cut off mid-way by a connection reset; the batch was stored', async () => {
    const p = await proxy();
    p.mode('reset');
    const batch = validBatch();
    await expect(post(p, batch).then((r) => r.text())).rejects.toThrow();
    await collector.waitForEvents((es) => es.some((e) => e.id === batch.events[0]?.id));
  });

  it('garbage: a 2xx whose body is not JSON', async () => {
    const p = await proxy();
    p.mode('garbage');
    const res = await post(p, validBatch());
    expect(res.status).toBe(200);
    await expect(res.clone().json()).rejects.toThrow();
  });

  it('nocors: no Access-Control-* header on the answer', async () => {
    const p = await proxy();
    p.mode('nocors');
    const res = await post(p, validBatch(), { headers: { origin: 'http://127.0.0.1:1' } });
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});
