import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderLivePage } from './live-page';
import { validateBatch } from './schema';
import { createSqliteStore } from './store/sqlite';
import type { EventQuery, EventStore, InsertResult } from './store/types';
import type { StoredEvent } from './types';

export interface CollectorOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** SQLite file for the default store; default './leadbeacon.sqlite'. Ignored when `store` is given. */
  dbPath?: string;
  /** A store of your own; the collector then leaves closing it to you. */
  store?: EventStore;
  /** Origins whose pages may POST /collect; default '*'. Requests without an Origin are always accepted. */
  corsOrigins?: string[] | '*';
  /** Largest accepted request body in bytes; default 1_000_000. */
  bodyLimit?: number;
  /** Receives one line per request handled and per failure. */
  log?: (line: string) => void;
}

export interface Collector {
  /** Base URL, e.g. http://127.0.0.1:8787 (no trailing slash). */
  url: string;
  port: number;
  store: EventStore;
  /** Stops accepting, ends live streams, waits for in-flight requests, then closes an owned store. Idempotent. */
  close(): Promise<void>;
}

const EVENTS_DEFAULT_LIMIT = 1000;
const EVENTS_MAX_LIMIT = 10_000;
const LIVE_PAGE_ROWS = 200;
const HEARTBEAT_MS = 15_000;
/** How long a client that sent too much may keep uploading before its socket is cut. */
const DRAIN_MS = 5_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reads the body, or returns null as soon as it is known to exceed `limit` (nothing more is buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => onError(new Error('request aborted'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * After an early 413 the client may still be uploading; closing at once would reset the
 * connection before it reads the answer. Discard (never buffer) the rest for a while instead.
 */
function discardRest(req: IncomingMessage): void {
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  timer.unref();
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

function parseEventsQuery(params: URLSearchParams): EventQuery {
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
    const date = new Date(raw);
    if (Number.isNaN(date.getTime())) throw new HttpError(400, `${key} must be an ISO 8601 date-time`);
    query[key] = date;
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
function createLiveStream(store: EventStore) {
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

/** Starts the collector: POST /collect, GET /events, /events/stream, /health and the live page at /. */
export async function createCollector(options: CollectorOptions = {}): Promise<Collector> {
  const host = options.host ?? '127.0.0.1';
  const bodyLimit = options.bodyLimit ?? 1_000_000;
  const corsOrigins = options.corsOrigins ?? '*';
  const log = options.log ?? (() => {});
  const ownsStore = !options.store;
  const store = options.store ?? createSqliteStore({ path: options.dbPath ?? './leadbeacon.sqlite' });
  const live = createLiveStream(store);

  const originAllowed = (origin: string, req: IncomingMessage): boolean =>
    corsOrigins === '*' || corsOrigins.includes(origin) || origin === `http://${req.headers.host}`;

  async function collect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    res.setHeader('vary', 'Origin');
    if (origin !== undefined) {
      if (!originAllowed(origin, req)) {
        log(`${req.method} /collect 403 origin ${origin} not allowed`);
        discardRest(req);
        return sendJson(res, 403, { error: 'origin not allowed' });
      }
      res.setHeader('access-control-allow-origin', origin);
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        allow: 'POST, OPTIONS',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
        'access-control-max-age': '600',
        vary: 'Origin, Access-Control-Request-Headers',
      });
      return void res.end();
    }
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');

    const body = await readBody(req, bodyLimit);
    if (!body) {
      log(`POST /collect 413 body over ${bodyLimit} bytes`);
      discardRest(req);
      return sendJson(res, 413, { error: `body over ${bodyLimit} bytes` });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      log(`POST /collect 400 bad JSON`);
      return sendJson(res, 400, { error: 'malformed batch', reasons: [`body is not JSON: ${errorMessage(err)}`] });
    }
    const result = validateBatch(parsed);
    if (!result.ok) {
      log(`POST /collect 400 ${result.errors[0] ?? ''}`);
      return sendJson(res, 400, { error: 'malformed batch', reasons: result.errors });
    }
    const { batch } = result;
    let inserted: InsertResult;
    try {
      inserted = await store.insert(batch.events, { receivedAt: new Date() });
    } catch (err) {
      // 5xx makes the tracker keep the batch and retry later.
      log(`POST /collect 503 storage failed: ${errorMessage(err)}`);
      return sendJson(res, 503, { error: 'storage unavailable' });
    }
    const dropped = batch.dropped ? ` client dropped ${batch.dropped}` : '';
    log(`POST /collect 200 stored ${inserted.inserted}, duplicates ${inserted.duplicates} (${batch.sdk.name}/${batch.sdk.version})${dropped}`);
    sendJson(res, 200, { accepted: inserted.inserted, duplicates: inserted.duplicates });
    live.publish(inserted.stored);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://collector');
    const path = url.pathname;
    if (path === '/collect') return collect(req, res);
    const routes = ['/', '/events', '/events/stream', '/health'];
    if (!routes.includes(path)) throw new HttpError(404, `no route ${path}`);
    if (req.method !== 'GET') throw new HttpError(405, 'use GET');

    if (path === '/events') {
      const events = await store.query(parseEventsQuery(url.searchParams));
      return sendJson(res, 200, { events });
    }
    if (path === '/events/stream') {
      const lastId = req.headers['last-event-id'];
      const params = new URLSearchParams(typeof lastId === 'string' ? { after: lastId } : url.searchParams);
      return live.subscribe(req, res, parseEventsQuery(params).afterSeq);
    }
    if (path === '/health') {
      try {
        return sendJson(res, 200, { ok: true, version: __VERSION__, storage: store.kind, events: await store.count() });
      } catch (err) {
        return sendJson(res, 503, { ok: false, version: __VERSION__, storage: store.kind, error: errorMessage(err) });
      }
    }
    const [events, total] = await Promise.all([store.query({ order: 'desc', limit: LIVE_PAGE_ROWS }), store.count()]);
    const nonce = randomBytes(16).toString('base64');
    const html = renderLivePage({ events, total, version: __VERSION__, nonce });
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // Defence in depth: even a markup injection could not run script or load anything.
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(html);
  }

  const server = createServer((req, res) => {
    // A client that goes away mid-request must not surface as an unhandled 'error' event.
    req.on('error', () => {});
    res.on('error', () => {});
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) log(`${req.method} ${req.url} 500 ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (res.headersSent) return void res.end();
      if (req.destroyed) return;
      const headers: OutgoingHttpHeaders = status === 405 ? { allow: req.url?.startsWith('/collect') ? 'POST, OPTIONS' : 'GET' } : {};
      sendJson(res, status, { error: status === 500 ? 'internal error' : errorMessage(err) }, headers);
    });
  });
  server.on('error', (err) => log(`server error: ${errorMessage(err)}`));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    if (ownsStore) await store.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    close() {
      closing ??= (async () => {
        live.close();
        await new Promise<void>((resolve) => {
          // A client still uploading would hold close() forever; cut it loose after a grace period.
          const force = setTimeout(() => server.closeAllConnections(), 2_000);
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        });
        if (ownsStore) await store.close();
      })();
      return closing;
    },
  };
}
