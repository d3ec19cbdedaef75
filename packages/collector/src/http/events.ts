import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDateTime } from '@leadbeacon/wire';
import type { EventQuery, EventStore } from '../store/types';
import type { StoredEvent } from '../types';
import { HttpError } from './util';

const EVENTS_DEFAULT_LIMIT = 1000;
const EVENTS_MAX_LIMIT = 10_000;
const HEARTBEAT_MS = 15_000;

export function parseEventsQuery(params: URLSearchParams): EventQuery {
  const query: EventQuery = { limit: EVENTS_DEFAULT_LIMIT };
  const types = params
    .getAll('type')
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  if (types.length) query.type = types;
  for (const key of ['since', 'until'] as const) {
    const raw = params.get(key);
    if (raw === null) continue;
    // Date() alone takes nearly anything ("1; DELETE" is a date to V8): RFC 3339 only.
    if (!isDateTime(raw)) throw new HttpError(400, `${key} must be an ISO 8601 date-time with an offset, e.g. 2026-11-23T08:00:00Z`);
    query[key] = new Date(raw);
  }
  const int = (key: string, min: number): number | undefined => {
    const raw = params.get(key);
    if (raw === null) return undefined;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min || raw.trim() === '') throw new HttpError(400, `${key} must be an integer >= ${min}`);
    return n;
  };
  const limit = int('limit', 1);
  if (limit !== undefined) query.limit = Math.min(limit, EVENTS_MAX_LIMIT);
  query.afterSeq = int('after', 0);
  const order = params.get('order');
  if (order !== null && order !== 'asc' && order !== 'desc') throw new HttpError(400, 'order must be asc or desc');
  if (order) query.order = order;
  return query;
}

/** Server-sent events: every newly stored event, in seq order, to every open /events/stream. */
export function createLiveStream(store: EventStore) {
  interface Subscriber {
    res: ServerResponse;
    /** Events published while this subscriber's backlog is being replayed. */
    pending: StoredEvent[] | null;
  }
  const subscribers = new Set<Subscriber>();
  const send = (res: ServerResponse, e: StoredEvent) => res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
  const heartbeat = setInterval(() => {
    // A comment line keeps proxies and idle timeouts from closing a quiet stream.
    for (const s of subscribers) s.res.write(': heartbeat\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    async subscribe(req: IncomingMessage, res: ServerResponse, after: number | undefined): Promise<void> {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      const sub: Subscriber = { res, pending: after === undefined ? null : [] };
      subscribers.add(sub);
      req.once('close', () => subscribers.delete(sub));
      if (after === undefined) return;
      // Subscribed before reading the backlog, so nothing stored in between is missed;
      // events that show up in both are sent once.
      let last = after;
      for (;;) {
        const page = await store.query({ afterSeq: last, limit: 1000 });
        for (const e of page) send(res, e);
        last = page.at(-1)?.seq ?? last;
        if (page.length < 1000) break;
      }
      for (const e of sub.pending ?? []) if (e.seq > last) send(res, e);
      sub.pending = null;
    },
    publish(events: StoredEvent[]): void {
      for (const s of subscribers) {
        if (s.pending) s.pending.push(...events);
        else for (const e of events) send(s.res, e);
      }
    },
    close(): void {
      clearInterval(heartbeat);
      for (const s of subscribers) s.res.end();
      subscribers.clear();
    },
  };
}
