import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStore } from '../store/types';
import { DESTINATIONS, UPLOAD_STATES, type UploadQuery } from '../store/upload-types';
import { HttpError, sendJson } from './util';

const UPLOADS_DEFAULT_LIMIT = 1000;
const UPLOADS_MAX_LIMIT = 10_000;

/** `?destination=google|meta&state=waiting|…&limit=N` of GET /api/uploads, checked. */
export function parseUploadsQuery(params: URLSearchParams): UploadQuery {
  const query: UploadQuery = { limit: UPLOADS_DEFAULT_LIMIT };
  const destination = params.get('destination');
  if (destination !== null) {
    const known = DESTINATIONS.find((d) => d === destination);
    if (!known) throw new HttpError(400, `destination must be one of ${DESTINATIONS.join(', ')}`);
    query.destination = known;
  }
  const state = params.get('state');
  if (state !== null) {
    const known = UPLOAD_STATES.find((s) => s === state);
    if (!known) throw new HttpError(400, `state must be one of ${UPLOAD_STATES.join(', ')}`);
    query.state = known;
  }
  const limit = params.get('limit');
  if (limit !== null) {
    const n = Number(limit);
    if (!Number.isSafeInteger(n) || n < 1 || limit.trim() === '') throw new HttpError(400, 'limit must be an integer >= 1');
    query.limit = Math.min(n, UPLOADS_MAX_LIMIT);
  }
  return query;
}

/** GET /api/uploads: the upload ledger, oldest first: `{"uploads": [{conversionId, step, destination, state, attempts, …}]}`. */
export function uploadsRoute(store: EventStore) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
    sendJson(res, 200, { uploads: await store.uploads(parseUploadsQuery(url.searchParams)) });
  };
}
