/** The call-tracking routes the router mounts: GET /api/number, POST /api/calls/<provider>, GET /api/calls. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Access, Route, RouterOptions } from '../http/router';
import { HttpError, sendJson } from '../http/util';
import { callsRoute } from './calls-route';
import { numberRoute } from './number-route';

export function numberRoutes(o: RouterOptions) {
  const numbers = o.numbers;
  if (!numbers) {
    const off = () => {
      throw new HttpError(404, 'call tracking is not set up: "numbers" in the config file');
    };
    return { routes: {} as Record<string, [Access, Route]>, webhook: off };
  }
  const hook = callsRoute({ store: o.store, numbers, log: o.log, forward: o.forward });
  const list: Route = async (req, res, url) => {
    if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
    const since = url.searchParams.get('since');
    const calls = await o.store.calls(since && !Number.isNaN(Date.parse(since)) ? { since: new Date(since) } : {});
    sendJson(res, 200, { calls });
  };
  return {
    routes: {
      '/api/number': [
        'public',
        numberRoute({ store: o.store, numbers, corsOrigins: o.corsOrigins, rateLimiter: o.rateLimiter, trustProxy: o.trustProxy }),
      ],
      '/api/calls': ['read', list],
    } as Record<string, [Access, Route]>,
    webhook: async (req: IncomingMessage, res: ServerResponse, url: URL) => {
      await hook(req, res, url);
      // A call lead may have been stored: wake the forwarder.
      o.onStored();
    },
  };
}
