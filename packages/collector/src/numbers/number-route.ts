/**
 * GET /api/number?visitor=…&session=…&pool=… (public, rate-limited, CORS as /collect): the number
 * to show this visit. The script sends the visit's facts with it (the landing's `utm_*` tags and
 * click ids as query parameters, `referrer`, `landing`, and `ads` consent), from which the
 * collector derives the channel as for any event (ingest/facts.ts), matches the pool's rule and
 * leases a number. The answer names only this visit's number: `{number, until}`, with
 * `fallback: true` when the pool was exhausted, `matched: false` when the pool does not serve
 * this visit (the business number stays).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLICK_IDS, UTM_KEYS, type TouchFacts } from '@leadbeacon/wire';
import { interpretTouch } from '../ingest/facts';
import { clientKey, type RateLimiter } from '../http/rate-limit';
import { HttpError, sendJson } from '../http/util';
import type { EventStore } from '../store/types';
import { poolMatches, type NumbersConfig } from './config';

export interface NumberRouteOptions {
  store: EventStore;
  numbers: NumbersConfig;
  corsOrigins: string[] | '*';
  rateLimiter: RateLimiter;
  trustProxy: boolean;
  now?: () => Date;
}

const ID = /^[\w.:-]{1,128}$/;

/** The visit's last touch from the request's facts, as the collector interprets a v2 touch. */
export function touchFromQuery(q: URLSearchParams, now: Date) {
  const facts: TouchFacts = { landingPage: (q.get('landing') ?? '').slice(0, 2000), ts: now.toISOString() };
  const utm: Record<string, string> = {};
  for (const key of UTM_KEYS) {
    const v = q.get(`utm_${key}`);
    if (v) utm[key] = v.slice(0, 200);
  }
  if (Object.keys(utm).length) facts.utm = utm;
  if (q.get('ads') !== 'denied') {
    for (const name of Object.keys(CLICK_IDS)) {
      const v = q.get(name);
      if (v) facts.clickIds = { ...facts.clickIds, [name]: v.slice(0, 500) };
    }
  }
  const referrer = q.get('referrer');
  if (referrer && URL.canParse(referrer)) facts.referrer = referrer.slice(0, 2000);
  return interpretTouch(facts, now.getTime());
}

/** CORS as /collect: a listed origin (or any with '*') may read the answer. */
function allowOrigin(req: IncomingMessage, res: ServerResponse, origins: string[] | '*'): void {
  const origin = req.headers.origin;
  res.setHeader('vary', 'Origin');
  if (origin === undefined) return;
  if (origins !== '*' && !origins.includes(origin)) throw new HttpError(403, `origin ${origin} not allowed`);
  res.setHeader('access-control-allow-origin', origin);
}

const retryHeaders = (s: number) => ({ 'retry-after': String(s), 'access-control-expose-headers': 'Retry-After' });

export function numberRoute(o: NumberRouteOptions) {
  const pools = new Map(o.numbers.pools.map((p) => [p.name, p]));
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    allowOrigin(req, res, o.corsOrigins);
    if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
    const admitted = o.rateLimiter.admit(clientKey(req, o.trustProxy));
    if (!admitted.ok) throw new HttpError(429, `too many requests: retry in ${admitted.retryAfterS} s`, retryHeaders(admitted.retryAfterS));
    const q = url.searchParams;
    const [visitor, session, name] = ['visitor', 'session', 'pool'].map((k) => q.get(k) ?? '');
    if (!ID.test(visitor!) || !ID.test(session!))
      throw new HttpError(400, 'visitor and session must be ids (1 to 128 of A-Z a-z 0-9 _ . : -)');
    const pool = pools.get(name!);
    if (!pool) throw new HttpError(404, `no pool '${String(name).slice(0, 64)}'`);
    const now = o.now?.() ?? new Date();
    const touch = touchFromQuery(q, now);
    const holdMs = pool.holdMinutes * 60_000;
    const noStore = { 'cache-control': 'no-store' };
    if (!poolMatches(pool, { ...touch, channel: String(touch.channel) })) {
      return sendJson(
        res,
        200,
        { number: pool.businessNumber, until: new Date(now.getTime() + holdMs).toISOString(), matched: false },
        noStore,
      );
    }
    const ads = q.get('ads');
    const lease = await o.store.leaseNumber({
      pool: pool.name,
      numbers: pool.numbers,
      fallback: pool.fallback ?? pool.businessNumber,
      visitor: visitor!,
      session: session!,
      now,
      holdMs,
      touch,
      ...(ads === 'granted' || ads === 'denied' ? { ads } : {}),
    });
    sendJson(res, 200, { number: lease.number, until: lease.until, ...(lease.fallback ? { fallback: true } : {}) }, noStore);
  };
}
