import type { Database } from 'better-sqlite3';
import { isLeadType } from '@leadbeacon/wire';
import { eventChannel, leadFromEvent } from '../leads/lead';
import type { WireEvent } from '../types';
import { leadParams, LEAD_COLUMNS } from './rows';

/** Schema version 2's backfill of a SQLite file: sessions and leads of the events stored before them. */

const BACKFILL_PAGE = 2000;

/** A page view's session: kept at its earliest page view (events may arrive out of order). */
export const UPSERT_SESSION = `INSERT INTO sessions (session_id, ts, channel) VALUES (?, ?, ?)
  ON CONFLICT(session_id) DO UPDATE SET ts = excluded.ts, channel = excluded.channel WHERE excluded.ts < sessions.ts`;

/** Events stored before leads existed: their sessions, and a lead for each lead event. */
export function backfill(db: Database): void {
  const page = db.prepare<[number, number], { seq: number; body: string }>(
    'SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const session = db.prepare(UPSERT_SESSION);
  // The columns the leads table has at this version (later versions add some).
  const present = new Set(db.prepare<[], string>(`SELECT name FROM pragma_table_info('leads')`).pluck().all());
  const kept = LEAD_COLUMNS.map((c) => present.has(c));
  const columns = LEAD_COLUMNS.filter((_, i) => kept[i]);
  const insertLead = db.prepare(`INSERT OR IGNORE INTO leads (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  for (let last = 0; ;) {
    const rows = page.all(last, BACKFILL_PAGE);
    for (const { seq, body } of rows) {
      const event = JSON.parse(body) as WireEvent;
      if (event.type === 'page_view') session.run(event.sessionId, new Date(event.ts).toISOString(), eventChannel(event));
      // Leads stored now had no User-Agent kept with them: Meta exports report them.
      const lead = isLeadType(event.type) ? leadFromEvent(event, { seq }) : null;
      if (lead) insertLead.run(...leadParams(lead).filter((_, i) => kept[i]));
    }
    if (rows.length < BACKFILL_PAGE) break;
    last = rows[rows.length - 1]!.seq;
  }
}
