import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminAuth } from '../auth';
import { dashboardRoutes } from '../dashboard/route';
import type { ForwardStatus } from '../forward/forwarder';
import type { EventStore } from '../store/types';
import type { StoredEvent } from '../types';
import { adminRoutes } from './admin';
import { adviceRoute } from './advice-route';
import { apiRoutes } from './api';
import { hooksRoute } from './hooks-route';
import type { HookConfigs } from '../crm/hooks-config';
import type { NumbersConfig } from '../numbers/config';
import { numberRoutes } from '../numbers/routes';
import type { QualityJudge } from '../quality/judge';
import { collectHandler } from './collect';
import type { IntakeOptions } from './intake';
import { segmentHandler } from './segment-route';
import { createLiveStream, parseEventsQuery } from './events';
import { forwardRoutes } from './forward-routes';
import { uploadsRoute } from './uploads-route';
import { leadsRoute } from './leads-route';
import { releaseRoute } from './release-route';
import { renderLivePage } from './live-page';
import { errorMessage, HttpError, newNonce, sendHtml, sendJson } from './util';

const LIVE_PAGE_ROWS = 200;

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;
/**
 * Who may call a route: anyone; or a reader (the admin token, or loopback when none is set),
 * as an HTML page ('page': the sign-in form when refused), as JSON ('read'), or as JSON with the
 * Bearer token only ('write': no cookie, so no cross-site request can write).
 */
export type Access = 'public' | 'page' | 'read' | 'write';

export interface RouterOptions extends IntakeOptions {
  store: EventStore;
  auth: AdminAuth;
  timeZone: string;
  statuses: readonly string[];
  defaultCountry: string | undefined;
  maxEvents: number;
  forward: boolean;
  /** Called after each commit of new events (wakes the forwarder). */
  onStored: () => void;
  /** Where events are forwarded, when they are: /health and the dashboard report the outbox. */
  forwardUrl?: string;
  /** The forwarder's status, once it runs. */
  forwardStatus?: () => ForwardStatus | undefined;
  /** CRM webhooks by name: POST /api/hooks/<name>, public but signed. */
  hooks?: HookConfigs;
  /** Call tracking: GET /api/number (public), POST /api/calls/<provider> (public but signed), GET /api/calls. */
  numbers?: NumbersConfig;
  /** Gives each lead its quality verdict before it is stored. */
  judge: QualityJudge;
}

const get =
  (route: Route): Route =>
  (req, res, url) => {
    if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
    return route(req, res, url);
  };

/** The public route under a prefix: webhooks (CRM, calls), each delivery signed by its sender, which the route checks. */
function prefixRoute(path: string, prefixed: Record<string, Route>): Route | undefined {
  for (const [prefix, route] of Object.entries(prefixed)) if (path.startsWith(prefix)) return route;
  return undefined;
}

/** GET /events: stored events as the query asks. */
const eventsRoute =
  (store: RouterOptions['store']): Route =>
  async (_req, res, url) =>
    sendJson(res, 200, { events: await store.query(parseEventsQuery(url.searchParams)) });

/** Every route of the collector, each with who may call it. */
export function createRouter(o: RouterOptions) {
  const { store, log, timeZone, statuses } = o;
  const live = createLiveStream(store);
  const admin = adminRoutes(o.auth, log);
  const outcomeOptions = o.defaultCountry ? { defaultCountry: o.defaultCountry } : {};
  const api = apiRoutes({ store, statuses, outcomeOptions, timeZone, log });
  const hooks = hooksRoute({ store, hooks: o.hooks ?? {}, statuses, outcomeOptions, log });
  const forwarding = o.forwardUrl
    ? forwardRoutes({ store, url: o.forwardUrl, status: () => o.forwardStatus?.(), wake: o.onStored })
    : undefined;
  const dashboard = dashboardRoutes(store, timeZone, __VERSION__, { forwarding: forwarding?.figures, numbers: o.numbers });
  const publish = (events: StoredEvent[]) => {
    live.publish(events);
    if (events.length) o.onStored();
  };
  const collect = collectHandler({ ...o, publish });
  const numbers = numberRoutes(o);
  const segment = segmentHandler({ ...o, publish });

  const routes: Record<string, [Access, Route]> = {
    '/collect': ['public', collect],
    '/v1/batch': ['public', segment],
    '/health': ['public', get(health)],
    '/login': ['public', (req, res, url) => admin.login(req, res, url)],
    '/logout': ['public', (req, res) => admin.logout(req, res)],
    '/': ['page', get(livePage)],
    '/dashboard': ['page', dashboard.page],
    '/events': ['read', get(eventsRoute(store))],
    '/events/stream': ['read', get(stream)],
    '/api/dashboard': ['read', dashboard.data],
    '/api/outcomes': ['write', api.outcomes],
    '/api/uploads': ['read', uploadsRoute(store)],
    '/api/leads': ['read', leadsRoute(store, timeZone)],
    '/api/leads/release': ['write', releaseRoute(store, log)],
    '/api/advice': ['read', adviceRoute(store, timeZone)],
    ...numbers.routes,
    ...(forwarding
      ? {
          '/api/forward/parked': ['read', forwarding.parked] as [Access, Route],
          '/api/forward/retry-parked': ['write', forwarding.retryParked] as [Access, Route],
          '/api/forward/discard-parked': ['write', forwarding.discardParked] as [Access, Route],
        }
      : {}),
  };

  async function health(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const forward = forwarding ? { forward: await forwarding.publicFigures() } : {};
      sendJson(res, 200, { ok: true, version: __VERSION__, storage: store.kind, events: await store.count(), ...forward });
    } catch (err) {
      sendJson(res, 503, { ok: false, version: __VERSION__, storage: store.kind, error: errorMessage(err) });
    }
  }

  function stream(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const lastId = req.headers['last-event-id'];
    const params = new URLSearchParams(typeof lastId === 'string' ? { after: lastId } : url.searchParams);
    return live.subscribe(req, res, parseEventsQuery(params).afterSeq);
  }

  async function livePage(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [events, total] = await Promise.all([store.query({ order: 'desc', limit: LIVE_PAGE_ROWS }), store.count()]);
    const nonce = newNonce();
    sendHtml(res, 200, renderLivePage({ events, total, version: __VERSION__, nonce }), { nonce });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://collector');
    const path = url.pathname;
    const webhook = prefixRoute(path, { '/api/hooks/': hooks, '/api/calls/': numbers.webhook });
    if (webhook) return webhook(req, res, url);
    const [access, route] = routes[path] ?? (path.startsWith('/exports/') ? (['read', api.exports] as [Access, Route]) : []);
    if (!route) throw new HttpError(404, `no route ${path}`);
    if (access !== 'public' && !admin.allowed(req, res, access === 'page' ? 'html' : 'json', { cookie: access !== 'write' })) return;
    return route(req, res, url);
  }

  return { handle, close: () => live.close() };
}
