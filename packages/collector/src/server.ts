import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BATCH_EVENTS } from '@leadbeacon/wire';
import { createAdminAuth } from './auth';
import type { HookConfigs } from './crm/hooks-config';
import type { NumbersConfig } from './numbers/config';
import { checkTimeZone } from './exports/time';
import { checkStatusNames } from './leads/outcome';
import { startForwarder, type Forwarder, type ForwardOptions } from './forward/forwarder';
import { DEFAULT_BODY_LIMIT } from './http/intake';
import { createRouter } from './http/router';
import { errorMessage, HttpError, sendJson } from './http/util';
import { createRateLimiter } from './http/rate-limit';
import { createWriteKeyCheck } from './http/write-key';
import { openStore } from './store/open';
import type { EventStore } from './store/types';
import { qualityJudge } from './quality/judge';
import type { QualityConfig } from './quality/rules';

export { DEFAULT_BODY_LIMIT };
/** The wire format's own limit (500): the tracker never sends more in one batch. */
export const DEFAULT_MAX_EVENTS = MAX_BATCH_EVENTS;
export const DEFAULT_RATE_LIMIT = { rate: 50, burst: 500 };
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface CollectorOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /**
   * The database: a SQLite file (default './leadbeacon.sqlite') or a PostgreSQL URL
   * (postgres://user:password@host/db). Ignored when `store` is given.
   */
  db?: string;
  /** Same as `db` (the name of earlier versions). */
  dbPath?: string;
  /** PostgreSQL: connections in the pool; default 10. */
  dbPoolSize?: number;
  /** A store of your own; the collector then leaves closing it to you. */
  store?: EventStore;
  /** Origins whose pages may POST /collect; default '*'. Requests without an Origin are always accepted. */
  corsOrigins?: string[] | '*';
  /** Largest accepted batch body in bytes; default 131072 (twice what a tracker sends at most). */
  bodyLimit?: number;
  /** Most events in one batch, 1 to 500 (the wire format's limit); default 500. */
  maxEvents?: number;
  /** Public write keys a batch must carry (`writeKey` in the body, or Basic auth); none: any batch. */
  writeKeys?: string[];
  /** Per-client token bucket in events: `rate` per second, up to `burst` at once; rate 0 turns it off. Default 50 / 500. */
  rateLimit?: { rate: number; burst: number };
  /** The client address is the last X-Forwarded-For entry (a reverse proxy in front sets it). Default false. */
  trustProxy?: boolean;
  /** A client must send its request headers within this time; default 10,000 ms. */
  headersTimeoutMs?: number;
  /** ... and its whole request within this time; default 30,000 ms. */
  requestTimeoutMs?: number;
  /**
   * Token for every read (events, live page, dashboard, outcomes API, exports): `Authorization:
   * Bearer <token>`, or the dashboard's sign-in cookie. Without one, reads answer only on loopback.
   */
  adminToken?: string;
  /** IANA time zone of the dashboard's days and of export files by default; default 'UTC'. */
  timeZone?: string;
  /** Outcome statuses accepted besides qualified, won and lost. */
  statuses?: string[];
  /** ISO country for national phone numbers given to POST /api/outcomes, e.g. 'VN'. */
  defaultCountry?: string;
  /**
   * Forward every stored event to another endpoint through an outbox in the same database
   * (retries with backoff, survives restarts, never delays the answer to the browser).
   */
  forward?: ForwardOptions;
  /** CRM webhooks, each at POST /api/hooks/<name> (the config file's "hooks", read by readHooksConfig). */
  hooks?: HookConfigs;
  /** Call tracking: number pools (GET /api/number) and the providers' webhooks (POST /api/calls/…); readNumbersConfig reads the config file's. */
  numbers?: NumbersConfig;
  /** The lead quality rules' thresholds (quality/config.ts `qualityConfig`); the defaults when absent. */
  quality?: QualityConfig;
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

/**
 * The HTTP server around the router. Slow clients (headers or body trickled byte by byte) are cut
 * off with 408: Node checks its timeouts every connectionsCheckingInterval, kept well under them.
 */
function httpServer(router: ReturnType<typeof createRouter>, options: CollectorOptions, log: (line: string) => void): Server {
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  return createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout / 2) }, (req, res) => {
    // A client that goes away mid-request must not surface as an unhandled 'error' event.
    req.on('error', () => {});
    res.on('error', () => {});
    router.handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      // The path only: a query string may hold a token (/login?token=…).
      const path = (req.url ?? '/').split('?')[0];
      if (status === 500) log(`${req.method} ${path} 500 ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (res.headersSent) return void res.end();
      // The request may be over (its body read) while the socket is still there to answer on.
      if (res.destroyed || req.socket.destroyed) return;
      sendJson(res, status, { error: status === 500 ? 'internal error' : errorMessage(err) }, err instanceof HttpError ? err.headers : {});
    });
  });
}

/** The database options.db names (a SQLite file or a PostgreSQL URL), opened. */
function openOwnStore(options: CollectorOptions, log: (line: string) => void): Promise<EventStore> {
  return openStore(options.db ?? options.dbPath ?? './leadbeacon.sqlite', {
    log,
    ...(options.dbPoolSize ? { poolSize: options.dbPoolSize } : {}),
  });
}

/** A batch over the wire format's MAX_BATCH_EVENTS fails its schema anyway: a higher limit would only turn 413s into 400s. */
function maxEventsOf(n: number | undefined): number {
  if (n === undefined) return DEFAULT_MAX_EVENTS;
  if (Number.isSafeInteger(n) && n >= 1 && n <= MAX_BATCH_EVENTS) return n;
  throw new RangeError(`maxEvents must be an integer from 1 to ${MAX_BATCH_EVENTS} (the wire format's limit per batch), got ${n}`);
}

/** What POST /collect and POST /v1/batch accept and from whom, defaults filled in. */
function intakeSettings(options: CollectorOptions) {
  return {
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    corsOrigins: options.corsOrigins ?? '*',
    maxEvents: maxEventsOf(options.maxEvents),
    rateLimiter: createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    trustProxy: options.trustProxy ?? false,
    writeKey: createWriteKeyCheck(options.writeKeys),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Closes the server: idle connections at once, a client still uploading after a grace period (it would hold close() forever). */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), 2_000);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Starts the collector: POST /collect (public) and the read routes behind the admin token. */
export async function createCollector(options: CollectorOptions = {}): Promise<Collector> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const timeZone = checkTimeZone(options.timeZone ?? 'UTC');
  const statuses = checkStatusNames(options.statuses ?? []);
  const auth = createAdminAuth(options.adminToken);
  // Checked before a store is opened: a bad option must not leave a database open.
  const intake = intakeSettings(options);
  const ownsStore = !options.store;
  const store = options.store ?? (await openOwnStore(options, log));
  // Started once the server listens; the router wakes it after each commit of new events.
  let forwarder: Forwarder | undefined;
  const router = createRouter({
    store,
    auth,
    log,
    timeZone,
    statuses,
    ...intake,
    defaultCountry: options.defaultCountry,
    forward: !!options.forward,
    onStored: () => forwarder?.wake(),
    ...(options.forward ? { forwardUrl: options.forward.url, forwardStatus: () => forwarder?.status() } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.numbers ? { numbers: options.numbers } : {}),
    judge: qualityJudge(options.quality),
  });

  const server = httpServer(router, options, log);
  server.on('error', (err) => log(`server error: ${errorMessage(err)}`));

  try {
    await listen(server, options.port ?? 8787, host);
  } catch (err) {
    router.close();
    if (ownsStore) await store.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  if (options.forward) forwarder = startForwarder(store, options.forward, log, __VERSION__);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    close() {
      closing ??= (async () => {
        router.close();
        await forwarder?.close();
        await closeServer(server);
        if (ownsStore) await store.close();
      })();
      return closing;
    },
  };
}
