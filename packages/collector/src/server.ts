import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminAuth } from './auth';
import { checkTimeZone } from './exports/time';
import { checkStatusNames } from './leads/outcome';
import { createRouter } from './http/router';
import { errorMessage, HttpError, sendJson } from './http/util';
import { createSqliteStore } from './store/sqlite';
import type { EventStore } from './store/types';

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

/** Starts the collector: POST /collect (public) and the read routes behind the admin token. */
export async function createCollector(options: CollectorOptions = {}): Promise<Collector> {
  const host = options.host ?? '127.0.0.1';
  const bodyLimit = options.bodyLimit ?? 1_000_000;
  const log = options.log ?? (() => {});
  const timeZone = checkTimeZone(options.timeZone ?? 'UTC');
  const statuses = checkStatusNames(options.statuses ?? []);
  const auth = createAdminAuth(options.adminToken);
  const ownsStore = !options.store;
  const store = options.store ?? createSqliteStore({ path: options.dbPath ?? './leadbeacon.sqlite' });
  const router = createRouter({ store, auth, log, timeZone, statuses, bodyLimit, corsOrigins: options.corsOrigins ?? '*', defaultCountry: options.defaultCountry });

  const server = createServer((req, res) => {
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
    router.close();
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
        router.close();
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
