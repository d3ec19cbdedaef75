import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { closer, listenLocal, poll, readBody } from './http';
import { spoilt, withoutHopByHop, type Spoil } from './spoilt';

export type FaultMode = 'pass' | 'status' | 'drop' | 'hang' | 'lose' | 'slow' | 'reset' | 'garbage' | 'nocors';

export interface StatusOptions {
  /** Sent as Retry-After (seconds or an HTTP date). */
  retryAfter?: number | string;
  /** Response body; default `{"error":"injected <status>"}`. */
  body?: string;
  /**
   * Also answer CORS preflights (OPTIONS) with this status. Default false: preflights are
   * forwarded, as a server whose handler fails still answers them.
   */
  preflight?: boolean;
}

export type ProxyAnswer =
  /** `error` set: the target could not be reached and the proxy answered 502. */
  | { mode: 'pass'; status: number; error?: string }
  | { mode: 'status'; status: number }
  | { mode: 'drop' }
  | { mode: 'hang' }
  /** Forwarded and answered by the target, but the answer never reached the client. */
  | { mode: 'lose'; status: number }
  /** Forwarded and answered by the target; the answer was spoilt as the mode says. */
  | { mode: Spoil; status: number };

export interface ProxyRecord {
  method: string;
  /** Path and query, e.g. /collect. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request arrived (headers), for asserting gaps between retries. */
  at: number;
  /** Undefined only while a passed-through request waits for the collector. */
  answer?: ProxyAnswer;
}

export interface FaultProxy {
  url: string;
  /** Forward every request to the target (the default). */
  mode(mode: 'pass'): void;
  /** Answer `status` without forwarding; OPTIONS preflights still pass unless `preflight`. */
  mode(mode: 'status', status: number, options?: StatusOptions): void;
  /** Destroy the socket once the request is read: the client sees a network failure. */
  mode(mode: 'drop'): void;
  /** Read the request and never answer (until the client gives up or the proxy closes). */
  mode(mode: 'hang'): void;
  /**
   * Forward the request, then destroy the client's socket instead of relaying the answer:
   * the target stored it, the client sees a network failure (and will send it again).
   */
  mode(mode: 'lose'): void;
  /** Forward the request, then spoil the collector's answer (see `Spoil`); `slow` waits `delayMs` first. */
  mode(mode: 'slow', delayMs: number): void;
  mode(mode: 'reset' | 'garbage' | 'nocors'): void;
  /** Every request received, oldest first (a live array). */
  readonly requests: readonly ProxyRecord[];
  /** Forgets the recorded requests. */
  clear(): void;
  /** Polls until at least `count` recorded requests (by default only POSTs) or `predicate` holds. */
  waitForRequests(
    until: number | ((requests: readonly ProxyRecord[]) => boolean),
    options?: { timeout?: number; method?: string | null },
  ): Promise<readonly ProxyRecord[]>;
  close(): Promise<void>;
}

/** One request, fully read, and what the proxy records of it. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  record: ProxyRecord;
}

interface Forwarding extends Exchange {
  upstream: URL;
  /** Store upstream, then cut the connection instead of answering ('lose'). */
  lose?: boolean;
  /** Store upstream, then spoil the answer. */
  spoil?: { how: Spoil; delayMs?: number };
}

function forward({ upstream, req, res, body, record, lose = false, spoil }: Forwarding): void {
  const headers = withoutHopByHop(req.headers);
  headers.host = upstream.host;
  headers['content-length'] = body.length;
  const up = request(new URL(req.url ?? '/', upstream), { method: req.method, headers }, (upRes) => {
    if (lose) {
      record.answer = { mode: 'lose', status: upRes.statusCode ?? 0 };
      upRes.resume();
      return void upRes.on('end', () => req.socket.destroy());
    }
    if (spoil) {
      record.answer = { mode: spoil.how, status: upRes.statusCode ?? 0 };
      return spoilt(res, upRes, spoil);
    }
    record.answer = { mode: 'pass', status: upRes.statusCode ?? 0 };
    res.writeHead(upRes.statusCode ?? 502, withoutHopByHop(upRes.headers));
    upRes.pipe(res);
  });
  up.on('error', (err) => {
    record.answer = { mode: 'pass', status: 502, error: err.message };
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `proxy: ${err.message}` }));
  });
  up.end(body);
}

/** The injected answer of 'status' mode, readable cross-origin like the real collector's. */
function answerStatus({ req, res, record }: Exchange, code: number, options?: StatusOptions): void {
  record.answer = { mode: 'status', status: code };
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/json' };
  if (req.headers.origin) {
    headers['access-control-allow-origin'] = req.headers.origin;
    headers['access-control-expose-headers'] = 'Retry-After';
    headers.vary = 'Origin';
  }
  if (options?.retryAfter !== undefined) headers['retry-after'] = String(options.retryAfter);
  res.writeHead(code, headers);
  res.end(options?.body ?? JSON.stringify({ error: `injected ${code}` }));
}

interface CurrentMode {
  mode: FaultMode;
  status?: number;
  options?: StatusOptions;
}

const SPOILS: readonly FaultMode[] = ['slow', 'reset', 'garbage', 'nocors'];

/** Answers one request, fully read, as `current` says. */
function answer(upstream: URL, current: CurrentMode, hanging: Set<ServerResponse>, exchange: Exchange): void {
  const { req, res, record } = exchange;
  const { mode, status, options } = current;
  const preflight = req.method === 'OPTIONS';
  if (mode === 'pass' || (mode === 'status' && preflight && !options?.preflight)) return forward({ upstream, ...exchange });
  if (mode === 'lose') return forward({ upstream, ...exchange, lose: !preflight });
  // A preflight still gets its real answer (and with `nocors` loses its CORS headers too).
  if (SPOILS.includes(mode) && (!preflight || mode === 'nocors'))
    return forward({ upstream, ...exchange, spoil: { how: mode as Spoil, delayMs: status } });
  if (mode === 'drop') {
    record.answer = { mode: 'drop' };
    return void req.socket.destroy();
  }
  if (mode === 'hang') {
    record.answer = { mode: 'hang' };
    hanging.add(res);
    return void res.on('close', () => hanging.delete(res));
  }
  answerStatus(exchange, status ?? 503, options);
}

/**
 * An HTTP proxy on 127.0.0.1 in front of `target` (e.g. the collector's base URL) whose
 * behaviour a test switches at run time, recording every request it gets.
 */
export async function startFaultProxy({ target }: { target: string }): Promise<FaultProxy> {
  const upstream = new URL(target);
  let current: CurrentMode = { mode: 'pass' };
  const requests: ProxyRecord[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const at = Date.now();
    req.on('error', () => {});
    res.on('error', () => {});
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      return;
    }
    const record: ProxyRecord = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: body.toString('utf8'), at };
    requests.push(record);
    // Decided once the request is read, so a switch mid-upload applies to the whole request.
    answer(upstream, current, hanging, { req, res, body, record });
  });

  const url = await listenLocal(server);
  const close = closer(server, () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
  });

  return {
    url,
    mode(mode: FaultMode, status?: number, options?: StatusOptions) {
      if (mode === 'slow' && !(status! >= 0))
        throw new Error(`mode('slow', delayMs): delayMs must be a number of ms, got ${String(status)}`);
      if (mode === 'status' && (status === undefined || status < 100 || status > 599)) {
        throw new Error(`mode('status', code): code must be an HTTP status, got ${String(status)}`);
      }
      current = { mode, status, options };
    },
    requests,
    clear() {
      requests.length = 0;
    },
    waitForRequests(until, { timeout = 5000, method = 'POST' } = {}) {
      const pick = () => (method === null ? requests : requests.filter((r) => r.method === method));
      const done = typeof until === 'number' ? (rs: readonly ProxyRecord[]) => rs.length >= until : until;
      return poll(() => (done(pick()) ? pick() : undefined), {
        timeout,
        interval: 20,
        describe: () =>
          `waitForRequests: gave up after ${timeout} ms; the proxy received ${requests.length} request(s):\n` +
          requests.map((r) => `  +${r.at - (requests[0]?.at ?? r.at)} ms ${r.method} ${r.path} -> ${JSON.stringify(r.answer)}`).join('\n'),
      });
    },
    close,
  };
}
