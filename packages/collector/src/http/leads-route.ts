import type { IncomingMessage, ServerResponse } from 'node:http';
import { LEAD_TYPES, type LeadType } from '@leadbeacon/wire';
import { parseInstant } from '../exports/time';
import { matchesQuality, qualityView, QUALITY_FILTERS, type QualityFilter } from '../quality/held';
import type { EventStore, LeadRecord } from '../store/types';
import { errorMessage, HttpError, sendJson } from './util';

/** Most leads one GET /api/leads answers with (the latest first when more match). */
export const LEADS_MAX = 10_000;

interface LeadsQuery {
  since?: Date;
  until?: Date;
  types?: LeadType[];
  quality?: QualityFilter;
}

/** `?since=&until=&type=&quality=` checked: times as exports take them, types of the wire format, a quality filter. */
export function parseLeadsQuery(p: URLSearchParams, timeZone: string): LeadsQuery {
  const q: LeadsQuery = {};
  try {
    for (const key of ['since', 'until'] as const) {
      const raw = p.get(key);
      if (raw) q[key] = parseInstant(raw, timeZone, key);
    }
  } catch (err) {
    throw new HttpError(400, errorMessage(err));
  }
  const types = p.getAll('type').flatMap((t) => t.split(','));
  const bad = types.filter((t) => !(LEAD_TYPES as readonly string[]).includes(t));
  if (bad.length) throw new HttpError(400, `type must be one of ${LEAD_TYPES.join(', ')}, got ${bad.join(', ')}`);
  if (types.length) q.types = types as LeadType[];
  const quality = p.get('quality');
  if (quality !== null) {
    const known = QUALITY_FILTERS.find((f) => f === quality);
    if (!known) throw new HttpError(400, `quality must be one of ${QUALITY_FILTERS.join(', ')}`);
    q.quality = known;
  }
  return q;
}

/** A lead as GET /api/leads shows it: its event id, type, time, attribution, outcomes and quality. */
function leadView(l: LeadRecord) {
  return {
    eventId: l.eventId,
    type: l.type,
    ts: l.ts,
    ...(l.value !== undefined ? { value: l.value, currency: l.currency } : {}),
    attribution: { first: l.first, last: l.last, clickIds: l.clickIds.map((c) => c.name) },
    outcomes: l.outcomes.map((o) => ({ id: o.id, status: o.status, time: o.time, ...(o.value !== undefined ? { value: o.value } : {}) })),
    quality: qualityView(l),
  };
}

/** GET /api/leads (admin token): the leads of the range, oldest first, each with its quality verdict. */
export function leadsRoute(store: EventStore, timeZone: string) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
    const { quality, ...range } = parseLeadsQuery(url.searchParams, timeZone);
    const leads = (await store.leads(range)).filter((l) => matchesQuality(l, quality));
    sendJson(res, 200, { leads: leads.slice(-LEADS_MAX).map(leadView) });
  };
}
