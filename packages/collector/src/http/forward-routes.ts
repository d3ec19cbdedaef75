import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForwardStatus } from '../forward/forwarder';
import type { EventStore, OutboxStats } from '../store/types';
import { HttpError, sendJson } from './util';

/** Parked events listed at most, oldest first. */
export const PARKED_LIST_LIMIT = 1000;

/** What /health and the dashboard say about forwarding: the outbox and the forwarder's status. */
export type ForwardFigures = { url: string } & OutboxStats & ForwardStatus;

export interface ForwardRouteOptions {
  store: EventStore;
  url: string;
  /** The running forwarder's status (none before it starts). */
  status: () => ForwardStatus | undefined;
  /** Requeued events are due now: the forwarder should look. */
  wake: () => void;
}

/** The status alone ('HTTP 400') of a sink's answer, or the network error: a sink's answer may quote an event. */
export const statusOnly = (error: string): string => /^HTTP \d{3}/.exec(error)?.[0] ?? error;

const post = (req: IncomingMessage) => {
  if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
};

/** The forwarding figures and the admin routes for parked events (GET list; POST requeue or discard). */
export function forwardRoutes(o: ForwardRouteOptions) {
  const figures = async (): Promise<ForwardFigures> => ({
    url: o.url,
    ...(await o.store.outboxStats()),
    ...(o.status() ?? { delivered: 0 }),
  });
  return {
    figures,
    /** The figures for the public /health: the last error as its status only (the reasons are behind the token). */
    async publicFigures(): Promise<ForwardFigures> {
      const f = await figures();
      return f.lastError ? { ...f, lastError: statusOnly(f.lastError) } : f;
    },
    /** GET /api/forward/parked: the parked events with their reasons. */
    async parked(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
      sendJson(res, 200, { parked: await o.store.parkedOutbox(PARKED_LIST_LIMIT) });
    },
    /** POST /api/forward/retry-parked: every parked event due again (after the sink or the event was fixed). */
    async retryParked(req: IncomingMessage, res: ServerResponse): Promise<void> {
      post(req);
      const requeued = await o.store.requeueParked();
      if (requeued) o.wake();
      sendJson(res, 200, { requeued });
    },
    /** POST /api/forward/discard-parked: parked events leave the outbox; the events stay in the database. */
    async discardParked(req: IncomingMessage, res: ServerResponse): Promise<void> {
      post(req);
      sendJson(res, 200, { discarded: await o.store.discardParked() });
    },
  };
}
