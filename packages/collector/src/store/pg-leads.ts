import type { Pool, PoolClient } from 'pg';
import type { LeadType } from '@leadbeacon/wire';
import type { Lead } from '../leads/lead';
import { factOf, leadOf, leadParams, LEAD_COLUMNS, type FactRow, type LeadRow } from './rows';
import type { DashboardFacts, FactsQuery, LeadQuery, OutcomeFact } from './types';

/** Pool or a client inside a transaction: both run queries. */
export type Queryable = Pool | PoolClient;

/** Numbered parameters for a query built from optional filters: `add` returns the placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** WHERE clauses for a lead range, type list and channel (leads aliased `l`). */
function leadFilter(q: { since?: Date; until?: Date; types?: LeadType[]; channel?: string }, p: Params): string {
  const where: string[] = [];
  if (q.since) where.push(`l.ts >= ${p.add(q.since.toISOString())}`);
  if (q.until) where.push(`l.ts < ${p.add(q.until.toISOString())}`);
  if (q.types?.length) where.push(`l.type = ANY(${p.add(q.types)}::text[])`);
  if (q.channel) where.push(`l.last_channel = ${p.add(q.channel)}`);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** Column types of a leads row handed over as JSON (json_to_recordset), seq aside. */
const RECORD_TYPES: Record<string, string> = {
  value: 'double precision',
  ts: 'timestamptz',
  first_ts: 'timestamptz',
  last_ts: 'timestamptz',
  click_ids: 'json',
};
export const LEAD_RECORD = LEAD_COLUMNS.filter((c) => c !== 'seq')
  .map((c) => `${c} ${RECORD_TYPES[c] ?? 'text'}`)
  .join(', ');

/** A lead as a JSON record for LEAD_RECORD (no seq: the insert takes it from the stored event). */
export function leadRecord(lead: Lead): Record<string, unknown> {
  const values = leadParams(lead);
  const record: Record<string, unknown> = {};
  LEAD_COLUMNS.forEach((c, i) => {
    if (c !== 'seq') record[c] = values[i];
  });
  record.click_ids = lead.clickIds;
  return record;
}

/** Lead reads of the PostgreSQL store; the same answers as the SQLite store's. */
export const pgLeads = {
  async query(db: Queryable, q: LeadQuery = {}): Promise<Lead[]> {
    const p = new Params();
    const order = q.order === 'desc' ? 'DESC' : 'ASC';
    const sql = `SELECT * FROM leads l ${leadFilter(q, p)} ORDER BY l.ts ${order}, l.seq ${order} LIMIT ${p.add(q.limit ?? null)}`;
    return (await db.query<LeadRow>(sql, p.values)).rows.map(leadOf);
  },

  async byIds(db: Queryable, ids: string[]): Promise<Map<string, Lead>> {
    const found = new Map<string, Lead>();
    if (!ids.length) return found;
    const { rows } = await db.query<LeadRow>('SELECT * FROM leads WHERE event_id = ANY($1::text[])', [ids]);
    for (const r of rows) found.set(String(r.event_id), leadOf(r));
    return found;
  },

  /** The dashboard's facts; run inside one read-only transaction so the figures agree. */
  async facts(db: Queryable, q: FactsQuery): Promise<DashboardFacts> {
    const p = new Params();
    const filter = leadFilter(q, p);
    const leads = await db.query<FactRow>(
      `SELECT event_id, type, ts, value, currency, last_channel, last_source, last_medium, last_campaign FROM leads l ${filter}`,
      p.values,
    );
    const outcomes = await db.query<{ lead_event_id: string; status: string; time: string; value: number | null; currency: string | null }>(
      `SELECT o.lead_event_id, o.status, o.time, o.value, o.currency FROM outcomes o JOIN leads l ON l.event_id = o.lead_event_id ${filter} ORDER BY o.time`,
      p.values,
    );
    const visits = await db.query<{ channel: string; n: number }>(
      'SELECT channel, count(*) AS n FROM sessions WHERE ts >= $1 AND ts < $2 GROUP BY channel',
      [q.since.toISOString(), q.until.toISOString()],
    );
    const waiting = await db.query<{ n: number }>('SELECT count(*) AS n FROM outcomes WHERE lead_event_id IS NULL');
    const visitsByChannel: Record<string, number> = {};
    for (const r of visits.rows) visitsByChannel[r.channel] = r.n;
    const total = q.channel ? (visitsByChannel[q.channel] ?? 0) : Object.values(visitsByChannel).reduce((a, b) => a + b, 0);
    return {
      leads: leads.rows.map(factOf),
      outcomes: outcomes.rows.map((r): OutcomeFact => {
        const fact: OutcomeFact = { leadEventId: r.lead_event_id, status: r.status, time: r.time };
        if (r.value !== null) fact.value = r.value;
        if (r.currency !== null) fact.currency = r.currency;
        return fact;
      }),
      visits: total,
      visitsByChannel,
      unmatchedOutcomes: waiting.rows[0]?.n ?? 0,
    };
  },
};
