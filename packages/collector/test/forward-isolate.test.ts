import { validEvent } from '@leadbeacon/test-utils';
import { SEGMENT_MAX_BATCH_BYTES } from '@leadbeacon/wire';
import { describe, expect, it } from 'vitest';
import { packRequests } from '../src/forward/batching';
import { deliverIsolating, type DeliveryHooks } from '../src/forward/isolate';
import { classifyStatus, createSink, type EncodedItem, type SinkAnswer } from '../src/forward/sink';
import { parseRetryAfter } from '../src/http/retry-after';
import type { OutboxItem } from '../src/store/types';

const sink = createSink({ url: 'http://127.0.0.1:9/v1/batch', format: 'segment', timeoutMs: 1000 }, '0.0.0-test');
const item = (seq: number, note = ''): EncodedItem => {
  const event = validEvent({ type: 'custom', props: note ? { note } : {} });
  const stored: OutboxItem = { seq, attempts: 0, event: { seq, receivedAt: new Date().toISOString(), ...event } };
  return sink.encode(stored);
};

/** A sink as a function: refuses (400) any request holding one of `bad`, unless `answer` says otherwise. */
function recordingHooks(bad: Set<number>, answer?: (items: readonly EncodedItem[]) => SinkAnswer | undefined) {
  const requests: number[][] = [];
  const delivered: number[] = [];
  const parked: { seq: number; reason: string }[] = [];
  const hooks: DeliveryHooks = {
    send: async (items) => {
      requests.push(items.map((i) => i.item.seq));
      const given = answer?.(items);
      if (given) return given;
      const refused = items.some((i) => bad.has(i.item.seq));
      return refused
        ? { kind: 'refused', status: 400, error: 'HTTP 400: {"error":"bad message"}' }
        : { kind: 'delivered', status: 200, error: 'HTTP 200' };
    },
    delivered: async (items) => void delivered.push(...items.map((i) => i.item.seq)),
    parked: async (p) => void parked.push(p),
  };
  return { hooks, requests, delivered, parked };
}

describe('isolating the messages a sink refuses', () => {
  it('two bad messages among 100: the 98 others delivered in order, the two parked with the answer, in few requests', async () => {
    const items = Array.from({ length: 100 }, (_, i) => item(i + 1));
    const r = recordingHooks(new Set([3, 77]));
    const result = await deliverIsolating([items], r.hooks);
    expect(result).toEqual({ unsent: [] });
    expect(r.delivered).toEqual(items.map((i) => i.item.seq).filter((s) => s !== 3 && s !== 77));
    expect(r.parked).toEqual([
      { seq: 3, eventId: items[2]!.item.event.id, reason: 'HTTP 400: {"error":"bad message"}' },
      { seq: 77, eventId: items[76]!.item.event.id, reason: 'HTTP 400: {"error":"bad message"}' },
    ]);
    // Halving: about 2·log2(100) requests per bad message.
    expect(r.requests.length).toBeLessThanOrEqual(1 + 2 * 2 * Math.ceil(Math.log2(100)));
  });

  it('one bad message among 100 costs at most 2·⌈log2 100⌉ = 14 more requests', async () => {
    const items = Array.from({ length: 100 }, (_, i) => item(i + 1));
    const r = recordingHooks(new Set([42]));
    await deliverIsolating([items], r.hooks);
    expect(r.delivered).toHaveLength(99);
    expect(r.requests.length - 1).toBeLessThanOrEqual(14);
  });

  it('stops at an answer that may pass later, handing back everything not yet taken', async () => {
    const requests = [[item(1), item(2)], [item(3)], [item(4), item(5)]];
    const unavailable: SinkAnswer = { kind: 'unavailable', status: 503, error: 'HTTP 503', retryAfterMs: 2000 };
    const r = recordingHooks(new Set(), (items) => (items[0]!.item.seq === 3 ? unavailable : undefined));
    const result = await deliverIsolating(requests, r.hooks);
    expect(r.delivered).toEqual([1, 2]);
    expect(result.stoppedBy).toEqual(unavailable);
    expect(result.unsent.map((i) => i.item.seq)).toEqual([3, 4, 5]);
  });

  it('reports the fewest messages of a request answered 413', async () => {
    const r = recordingHooks(new Set(), (items) =>
      items.length > 2 ? { kind: 'refused', status: 413, error: 'HTTP 413: {"error":"body over 16000 bytes"}' } : undefined,
    );
    const result = await deliverIsolating([Array.from({ length: 8 }, (_, i) => item(i + 1))], r.hooks);
    expect(r.delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.smallestTooLarge).toBe(4);
  });
});

describe('cutting requests by bytes', () => {
  it('keeps every request, envelope and commas included, within the limit, and sets aside a message over the per-message limit', () => {
    const items = [...Array.from({ length: 30 }, (_, i) => item(i + 1, 'x'.repeat(30_000))), item(31, 'y'.repeat(40_000)), item(32)];
    const { requests, oversize } = packRequests(items, sink.limits, sink.envelopeBytes);
    expect(oversize).toEqual([
      { seq: 31, eventId: items[30]!.item.event.id, reason: `message of ${items[30]!.bytes} bytes is over the sink's 32 KB limit` },
    ]);
    expect(requests.flat().map((i) => i.item.seq)).toEqual([...Array.from({ length: 30 }, (_, i) => i + 1), 32]);
    for (const r of requests) expect(sink.body(r).bytes).toBeLessThanOrEqual(SEGMENT_MAX_BATCH_BYTES);
    // Full requests: the next message would not have fitted.
    expect(sink.body(requests[0]!).bytes + items[requests[0]!.length]!.bytes + 1).toBeGreaterThan(SEGMENT_MAX_BATCH_BYTES);
  });

  it('counts messages too', () => {
    const { requests } = packRequests(
      Array.from({ length: 25 }, (_, i) => item(i + 1)),
      { ...sink.limits, messages: 10 },
      sink.envelopeBytes,
    );
    expect(requests.map((r) => r.length)).toEqual([10, 10, 5]);
  });
});

describe('reading the sink’s answer', () => {
  it('sorts statuses: refused for this message, unauthorized, or worth retrying', () => {
    expect([200, 204, 400, 404, 413, 422, 401, 403, 408, 429, 500, 503].map(classifyStatus)).toEqual([
      'delivered',
      'delivered',
      'refused',
      'refused',
      'refused',
      'refused',
      'unauthorized',
      'unauthorized',
      'unavailable',
      'unavailable',
      'unavailable',
      'unavailable',
    ]);
  });

  it('reads Retry-After in seconds or as a date', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 07 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
