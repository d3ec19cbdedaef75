import type { IncomingMessage, ServerResponse } from 'node:http';
import { advise } from '../advice/advise';
import { parseInstant } from '../exports/time';
import type { EventStore } from '../store/types';
import { errorMessage, HttpError, sendJson } from './util';

/** GET /api/advice?since=&until=: the bidding advice (issue 24), as `advise --json` prints it. */
export function adviceRoute(store: EventStore, timeZone: string) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
    const instant = (key: string) => {
      const raw = url.searchParams.get(key);
      return raw === null || raw === '' ? undefined : parseInstant(raw, timeZone, key);
    };
    let window: { since?: Date; until?: Date };
    try {
      const since = instant('since');
      const until = instant('until');
      if (since && since >= (until ?? new Date())) throw new Error('since must be before until');
      window = { ...(since ? { since } : {}), ...(until ? { until } : {}) };
    } catch (err) {
      throw new HttpError(400, errorMessage(err));
    }
    sendJson(res, 200, await advise(store, window));
  };
}
