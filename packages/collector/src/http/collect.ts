import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateBatch } from '../schema';
import type { EventStore, InsertResult } from '../store/types';
import type { StoredEvent } from '../types';
import { discardRest, errorMessage, HttpError, readBody, sendJson } from './util';

export interface CollectOptions {
  store: EventStore;
  corsOrigins: string[] | '*';
  bodyLimit: number;
  log: (line: string) => void;
  /** Hands newly stored events to the live stream. */
  publish: (events: StoredEvent[]) => void;
}

/** Longest User-Agent kept with a lead: real ones are a few hundred characters. */
const MAX_USER_AGENT = 512;

/** POST /collect: the only public write. Open to browsers of the allowed origins, answered only after commit. */
export function collectHandler({ store, corsOrigins, bodyLimit, log, publish }: CollectOptions) {
  const originAllowed = (origin: string, req: IncomingMessage): boolean =>
    corsOrigins === '*' || corsOrigins.includes(origin) || origin === `http://${req.headers.host}`;

  return async function collect(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST, OPTIONS' });

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
    const userAgent = req.headers['user-agent']?.slice(0, MAX_USER_AGENT);
    let inserted: InsertResult;
    try {
      inserted = await store.insert(batch.events, { receivedAt: new Date(), ...(userAgent ? { userAgent } : {}) });
    } catch (err) {
      // 5xx makes the tracker keep the batch and retry later.
      log(`POST /collect 503 storage failed: ${errorMessage(err)}`);
      return sendJson(res, 503, { error: 'storage unavailable' });
    }
    const dropped = batch.dropped ? ` client dropped ${batch.dropped}` : '';
    log(`POST /collect 200 stored ${inserted.inserted}, duplicates ${inserted.duplicates} (${batch.sdk.name}/${batch.sdk.version})${dropped}`);
    sendJson(res, 200, { accepted: inserted.inserted, duplicates: inserted.duplicates });
    publish(inserted.stored);
  };
}
