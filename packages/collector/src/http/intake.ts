import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
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

/** A refused request's answer: its status, `error`, the `reasons` behind it, and any headers. */
export interface Refusal {
  status: number;
  error: string;
  reasons?: string[];
  headers?: OutgoingHttpHeaders;
}

/** Answers a refused request with `{ error, reasons? }` and logs one line; a body still coming is discarded, never buffered. */
export function refuse(req: IncomingMessage, res: ServerResponse, log: (line: string) => void, refusal: Refusal): void {
  const { status, error, reasons, headers } = refusal;
  const path = (req.url ?? '/').split('?')[0];
  log(`${req.method} ${path} ${status} ${reasons?.[0] ?? error}`);
  discardRest(req);
  sendJson(res, status, { error, ...(reasons ? { reasons } : {}) }, headers);
}

/**
 * CORS, method, rate limit, content type, size, UTF-8, JSON (depth, NUL) and write key, cheapest
 * first. Answers a refusal itself and returns undefined; otherwise the parsed body.
 */
export async function receive(req: IncomingMessage, res: ServerResponse, o: IntakeOptions): Promise<Received | undefined> {
  const receivedAt = new Date();
  const no = (status: number, error: string, extra?: Pick<Refusal, 'reasons' | 'headers'>) =>
    void refuse(req, res, o.log, { status, error, ...extra });
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
  const typeFault = contentTypeFault(req.headers['content-type']);
  if (typeFault) return no(415, typeFault);
  const bytes = await readBody(req, o.bodyLimit);
  if (!bytes) return no(413, `body over ${o.bodyLimit} bytes`);
  const parsed = parseJsonBody(bytes);
  if (!parsed.ok) return no(400, 'malformed batch', { reasons: [parsed.reason] });
  const key = o.writeKey(req, parsed.value);
  if (key !== 'ok') return no(401, key === 'missing' ? 'write key required' : 'wrong write key');
  return { body: parsed.value, client, receivedAt };
}
