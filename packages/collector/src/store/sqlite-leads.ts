import type { Database } from 'better-sqlite3';
import type { LeadType } from '@leadbeacon/wire';
import type { Lead } from '../leads/lead';
import { factOf, leadOf, leadParams, LEAD_COLUMNS, type FactRow, type LeadRow } from './rows';
import { CHUNK } from './sqlite-outcomes';
import type { DashboardFacts, FactsQuery, LeadQuery, OutcomeFact } from './types';

type Param = string | number;

/** WHERE clauses for a lead range, type list and channel (on the leads table aliased `l`). */
function leadFilter(q: { since?: Date; until?: Date; types?: LeadType[]; channel?: string }): { sql: string; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  const add = (clause: string, ...values: Param[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (q.since) add('l.ts >= ?', q.since.toISOString());
  if (q.until) add('l.ts < ?', q.until.toISOString());
  if (q.types?.length) add(`l.type IN (${q.types.map(() => '?').join(', ')})`, ...q.types);
  if (q.channel) add('l.last_channel = ?', q.channel);
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Lead storage and the dashboard's reads on a better-sqlite3 connection; every method runs synchronously. */
export function sqliteLeads(db: Database) {
  const insert = db.prepare(`INSERT OR IGNORE INTO leads (${LEAD_COLUMNS.join(', ')}) VALUES (${LEAD_COLUMNS.map(() => '?').join(', ')})`);

  const visitsByChannel = db.prepare<[string, string], { channel: string; n: number }>(
    'SELECT channel, count(*) AS n FROM sessions WHERE ts >= ? AND ts < ? GROUP BY channel',
  );

  /** Sessions that started (first page view) in the range, per channel. */
  function visits(q: FactsQuery): { total: number; byChannel: Record<string, number> } {
    const byChannel: Record<string, number> = {};
    for (const r of visitsByChannel.all(q.since.toISOString(), q.until.toISOString())) byChannel[r.channel] = r.n;
    const total = q.channel ? (byChannel[q.channel] ?? 0) : Object.values(byChannel).reduce((a, b) => a + b, 0);
    return { total, byChannel };
  }

  return {
    insert(lead: Lead): boolean {
      return insert.run(...leadParams(lead)).changes === 1;
    },

    query(q: LeadQuery = {}): Lead[] {
      const { sql, params } = leadFilter(q);
      const order = q.order === 'desc' ? 'DESC' : 'ASC';
      const rows = db
        .prepare<Param[], LeadRow>(`SELECT * FROM leads l ${sql} ORDER BY l.ts ${order}, l.seq ${order} LIMIT ?`)
        .all(...params, q.limit ?? -1);
      return rows.map(leadOf);
    },

    byIds(ids: string[]): Map<string, Lead> {
      const found = new Map<string, Lead>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const rows = db
          .prepare<string[], LeadRow>(`SELECT * FROM leads WHERE event_id IN (${chunk.map(() => '?').join(', ')})`)
          .all(...chunk);
        for (const r of rows) found.set(String(r.event_id), leadOf(r));
      }
      return found;
    },

    facts(q: FactsQuery, unmatchedOutcomes: number): DashboardFacts {
      const { sql, params } = leadFilter(q);
      const leads = db
        .prepare<Param[], FactRow>(
          `SELECT event_id, type, ts, value, currency, last_channel, last_source, last_medium, last_campaign FROM leads l ${sql}`,
        )
        .all(...params)
        .map(factOf);
      const outcomes = db
        .prepare<Param[], { lead_event_id: string; status: string; time: string; value: number | null; currency: string | null }>(
          `SELECT o.lead_event_id, o.status, o.time, o.value, o.currency FROM outcomes o JOIN leads l ON l.event_id = o.lead_event_id ${sql} ORDER BY o.time`,
        )
        .all(...params)
        .map((r): OutcomeFact => {
          const fact: OutcomeFact = { leadEventId: r.lead_event_id, status: r.status, time: r.time };
          if (r.value !== null) fact.value = r.value;
          if (r.currency !== null) fact.currency = r.currency;
          return fact;
        });
      const v = visits(q);
      return { leads, outcomes, visits: v.total, visitsByChannel: v.byChannel, unmatchedOutcomes };
    },
  };
}
