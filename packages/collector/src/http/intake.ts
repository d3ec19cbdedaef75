import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { decodeBody } from './content-encoding';
import { contentTypeFault, parseJsonBody } from './json-guard';
import { clientKey, type RateLimiter } from './rate-limit';
import { discardRest, HttpError, readBody, sendJson } from './util';
import type { WriteKeyCheck } from './write-key';

/** Largest accepted batch body in bytes unless --body-limit says otherwise: twice what a tracker sends at most. */
export const DEFAULT_BODY_LIMIT = 131_072;

/** What every public write route (POST /collect, POST /v1/batch) checks before it reads the batch itself. */
export interface IntakeOptions {
  corsOrigins: string[] | '*';
  bodyLimit: number;
  rateLimiter: RateLimiter;
  /** Take the client address from X-Forwarded-For (set by a reverse proxy in front). */
  trustProxy: boolean;
  writeKey: WriteKeyCheck;
  log: (line: string) => void;
}

export interface Received {
  body: unknown;
  /** The rate limit's key for the sender. */
  client: string;
  /** Our clock when the request arrived: `receivedAt` of its events and the clock check's reference. */
  receivedAt: Date;
}

/** A refused request's answer: its status, `error`, the `reasons` behind it, any headers, and fields its route adds. */
export interface Refusal {
  status: number;
  error: string;
  reasons?: string[];
  headers?: OutgoingHttpHeaders;
  /** Fields the route's clients read in every refusal (`success: false` for Segment's). */
  fields?: Record<string, unknown>;
}

/** Answers a refused request with `{ error, reasons? }` and logs one line; a body still coming is discarded, never buffered. */
export function refuse(req: IncomingMessage, res: ServerResponse, log: (line: string) => void, refusal: Refusal): void {
  const { status, error, reasons, headers, fields } = refusal;
  const path = (req.url ?? '/').split('?')[0];
  log(`${req.method} ${path} ${status} ${reasons?.[0] ?? error}`);
  discardRest(req);
  sendJson(res, status, { ...fields, error, ...(reasons ? { reasons } : {}) }, headers);
}

/** What differs between the public write routes' intake. */
export interface IntakeRoute {
  /** Largest body, as sent and once inflated. */
  bodyLimit: number;
  /** The status of a body over it: 413 for the tracker (it halves its batches), 400 where Segment answers so. */
  tooLargeStatus: number;
  /** Content types taken besides text/plain and application/json. */
  moreContentTypes: readonly string[];
  /** Fields every refusal's body carries. */
  refusalFields?: Record<string, unknown>;
}

/** POST /collect's intake: the configured body limit, 413 beyond it. */
export const nativeRoute = (o: IntakeOptions): IntakeRoute => ({ bodyLimit: o.bodyLimit, tooLargeStatus: 413, moreContentTypes: [] });

type JsonBatch = { ok: true; value: unknown } | { ok: false; status: number; error: string; reasons?: string[] };

/** The body as JSON: its content type, size, content encoding (inflated within the size), UTF-8, depth and NUL checked. */
async function readJsonBatch(req: IncomingMessage, route: IntakeRoute): Promise<JsonBatch> {
  const typeFault = contentTypeFault(req.headers['content-type'], route.moreContentTypes);
  if (typeFault) return { ok: false, status: 415, error: typeFault };
  const bytes = await readBody(req, route.bodyLimit);
  if (!bytes) return { ok: false, status: route.tooLargeStatus, error: `body over ${route.bodyLimit} bytes` };
  const decoded = await decodeBody(bytes, req.headers['content-encoding'], route.bodyLimit);
  if (!decoded.ok) {
    const status = { 'too large': route.tooLargeStatus, corrupt: 400, 'unknown encoding': 415 }[decoded.fault];
    return { ok: false, status, error: decoded.reason };
  }
  const parsed = parseJsonBody(decoded.bytes);
  return parsed.ok ? parsed : { ok: false, status: 400, error: 'malformed batch', reasons: [parsed.reason] };
}

/**
 * CORS, method, rate limit, content type, size, content encoding (inflated within the size),
 * UTF-8, JSON (depth, NUL) and write key, cheapest first. Answers a refusal itself and returns
 * undefined; otherwise the parsed body.
 */
export async function receive(
  req: IncomingMessage,
  res: ServerResponse,
  o: IntakeOptions,
  route: IntakeRoute = nativeRoute(o),
): Promise<Received | undefined> {
  const receivedAt = new Date();
  const no = (status: number, error: string, extra?: Pick<Refusal, 'reasons' | 'headers'>) =>
    void refuse(req, res, o.log, { status, error, ...extra, fields: route.refusalFields });
  const origin = req.headers.origin;
  res.setHeader('vary', 'Origin');
  if (origin !== undefined) {
    if (o.corsOrigins !== '*' && !o.corsOrigins.includes(origin) && origin !== `http://${req.headers.host}`) {
      return no(403, 'origin not allowed', { reasons: [`origin ${origin} not allowed`] });
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
  if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST, OPTIONS' });

  const client = clientKey(req, o.trustProxy);
  const admitted = o.rateLimiter.admit(client);
  if (!admitted.ok) {
    // Retry-After is read by the tracker; the header is exposed so a cross-origin fetch sees it.
    const headers = { 'retry-after': String(admitted.retryAfterS), 'access-control-expose-headers': 'Retry-After' };
    return no(429, `too many events from this address: retry in ${admitted.retryAfterS} s`, { headers });
  }
  const parsed = await readJsonBatch(req, route);
  if (!parsed.ok) return no(parsed.status, parsed.error, parsed.reasons ? { reasons: parsed.reasons } : undefined);
  const key = o.writeKey(req, parsed.value);
  if (key !== 'ok') return no(401, key === 'missing' ? 'write key required' : 'wrong write key');
  return { body: parsed.value, client, receivedAt };
}
