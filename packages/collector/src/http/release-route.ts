/**
 * POST /api/leads/release (admin token in the Authorization header only): lets held-back leads
 * go, as `leadbeacon-collector leads release ID…` does. Body `{"ids": ["…"]}`, the leads' event
 * ids; a lead is released when its verdict is suspect or spam and nobody released it before.
 * Its conversions then go into exports, and its held upload rows are due at once (the next sync
 * pass sends them). Answers 200 with the ids released and those that were not held (unknown, ok,
 * or released already). The dashboard's "Release" button calls it (dashboard/release.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStore } from '../store/types';
import { HttpError, readJson, sendJson } from './util';

/** Most lead ids one request may release. */
export const MAX_RELEASE_IDS = 1000;
const RELEASE_BODY_LIMIT = 200_000;

/** `{"ids": [...]}`: 1 to 1,000 non-empty strings, each once. */
export function releaseIds(body: unknown): string[] {
  const ids = body && typeof body === 'object' && !Array.isArray(body) ? (body as { ids?: unknown }).ids : undefined;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 200))
    throw new HttpError(400, 'send {"ids": ["<lead event id>", ...]}');
  if (!ids.length) throw new HttpError(400, 'no lead ids in the request');
  if (ids.length > MAX_RELEASE_IDS) throw new HttpError(413, `${ids.length} ids: at most ${MAX_RELEASE_IDS} per request`);
  return [...new Set(ids as string[])];
}

export function releaseRoute(store: EventStore, log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
    const ids = releaseIds(await readJson(req, RELEASE_BODY_LIMIT));
    const released = await store.releaseLeads(ids, new Date());
    const notHeld = ids.filter((id) => !released.includes(id));
    log(`POST /api/leads/release 200 ${released.length} released, ${notHeld.length} not held`);
    sendJson(res, 200, { released, notHeld });
  };
}
