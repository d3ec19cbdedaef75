import { callsFigures } from './calls';
import type { NumbersConfig } from '../numbers/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addDays, localDate, startOfLocalDay } from '../exports/time';
import { CHANNELS } from '../leads/channels';
import { isLeadType, LEAD_TYPES } from '@leadbeacon/wire';
import type { EventStore } from '../store/types';
import { HttpError, newNonce, sendHtml, sendJson } from '../http/util';
import type { ForwardFigures } from '../http/forward-routes';
import { dashboardView, type DashboardFilter, type DashboardView } from './data';
import { renderDashboard } from './page';
import { matchingFigures } from './matching';
import { uploadsFigures } from './uploads';
import { adviceCache } from './advice-cache';
import { parseQualityFilter, qualityFigures } from './quality';
import { QUALITY_FILTERS } from '../quality/held';

/** Days shown when the address names none: the last 30, today included. */
export const DEFAULT_DAYS = 30;
/** The longest range one page shows (the chart has a bar per day). */
export const MAX_DAYS = 731;

/** Reads from/to/type/channel; an empty field means "all" (what the filter form sends). */
export function parseFilter(params: URLSearchParams, timeZone: string, now = new Date()): DashboardFilter {
  const get = (k: string) => params.get(k)?.trim() || undefined;
  const day = (k: string, v: string): string => {
    try {
      startOfLocalDay(v, timeZone);
      return v;
    } catch (err) {
      throw new HttpError(400, `${k}: ${(err as Error).message}`);
    }
  };
  // `to` is checked before the default `from` is counted back from it.
  const to = day('to', get('to') ?? localDate(now, timeZone));
  const from = day('from', get('from') ?? addDays(to, -(DEFAULT_DAYS - 1)));
  if (from > to) throw new HttpError(400, `from (${from}) is after to (${to})`);
  if (addDays(from, MAX_DAYS) <= to) throw new HttpError(400, `at most ${MAX_DAYS} days at once`);
  const filter: DashboardFilter = { from, to };
  const type = get('type');
  if (type !== undefined) {
    if (!isLeadType(type)) throw new HttpError(400, `type must be ${LEAD_TYPES.slice(0, -1).join(', ')} or ${LEAD_TYPES.at(-1)}`);
    filter.type = type;
  }
  const quality = get('quality');
  if (quality !== undefined) {
    const known = parseQualityFilter(quality);
    if (!known) throw new HttpError(400, `quality must be one of ${QUALITY_FILTERS.join(', ')}`);
    filter.quality = known;
  }
  const channel = get('channel');
  if (channel !== undefined) {
    if (!(CHANNELS as readonly string[]).includes(channel)) throw new HttpError(400, `unknown channel '${channel}'`);
    filter.channel = channel;
  }
  return filter;
}

/** `forwarding`: its figures when the collector forwards; `numbers`: call tracking's pools, for the Calls view. */
export function dashboardRoutes(
  store: EventStore,
  timeZone: string,
  version: string,
  { forwarding, numbers }: { forwarding?: () => Promise<ForwardFigures>; numbers?: NumbersConfig } = {},
) {
  const bidding = adviceCache(store);
  /** The figures of the page, with forwarding's when the collector forwards, and the advice over the 90 days to the range's end. */
  const view = async (url: URL): Promise<DashboardView> => {
    const filter = parseFilter(url.searchParams, timeZone);
    const until = startOfLocalDay(addDays(filter.to, 1), timeZone);
    const range = { since: startOfLocalDay(filter.from, timeZone), until };
    const [figures, forwardFigures, uploads, advice, calls, quality] = await Promise.all([
      dashboardView(store, filter, timeZone),
      forwarding?.(),
      uploadsFigures(store),
      bidding(until),
      numbers ? callsFigures(store, numbers, range.since, until) : undefined,
      qualityFigures(store, range, filter.quality),
    ]);
    const matching = await matchingFigures(store, figures.unmatchedOutcomes);
    return {
      ...figures,
      matching,
      ...(forwardFigures ? { forwarding: forwardFigures } : {}),
      ...(uploads.length ? { uploads } : {}),
      bidding: advice,
      ...(calls ? { calls } : {}),
      quality,
    };
  };
  return {
    /** GET /dashboard: the page. */
    async page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
      const t0 = performance.now();
      const figures = await view(url);
      const t1 = performance.now();
      const nonce = newNonce();
      const html = renderDashboard(figures, version, nonce);
      // Server-Timing: what the page cost here, readable in the browser's devtools (and by the benchmark).
      const timing = `data;dur=${(t1 - t0).toFixed(1)};desc="read and aggregate", render;dur=${(performance.now() - t1).toFixed(1)};desc="render HTML"`;
      sendHtml(res, 200, html, { nonce, headers: { 'server-timing': timing } });
    },
    /** GET /api/dashboard: the same figures as JSON. */
    async data(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
      sendJson(res, 200, await view(url));
    },
  };
}
