import type { Database } from 'better-sqlite3';
import type { Lead } from '../leads/lead';
import { REF_KEYS, type Outcome, type OutcomeRef, type RefKey, type StoredOutcome } from '../leads/outcome';
import {
  changedParams,
  MATCH_COUNTS,
  matchFields,
  OUTCOME_COLUMNS,
  storedMatch,
  outcomeOf,
  outcomeParams,
  precedesLead,
  type LeadMatch,
  type OutcomeRow,
} from './outcome-rows';
import { resave, revisionOf, revisionParams, type RevisionRow } from './revision-rows';
import type { OutcomePreview, OutcomeQuery, OutcomeRecord, OutcomeRevision, SaveOutcomeResult } from './types';

/** Where each outcome reference is looked up: a leads column, or the leads' click ids (their own table). */
const LEAD_SOURCE: Record<RefKey, { table: string; column: string }> = {
  eventId: { table: 'leads', column: 'event_id' },
  userId: { table: 'leads', column: 'user_id' },
  clickId: { table: 'lead_click_ids', column: 'click_id' },
  hashedEmail: { table: 'leads', column: 'hashed_email' },
  hashedPhone: { table: 'leads', column: 'hashed_phone' },
  anonymousId: { table: 'leads', column: 'anonymous_id' },
};

/** Parameters per IN (…) list: well under SQLite's limit of 32,766 host parameters. */
export const CHUNK = 500;

/** The prepared statements the outcome functions use. */
function statements(db: Database) {
  const lead = ({ table, column }: { table: string; column: string }) => ({
    // The latest lead at or before the outcome, else the earliest one: see EventStore.saveOutcomes.
    before: db.prepare<[string, string], { event_id: string }>(
      `SELECT event_id FROM ${table} WHERE ${column} = ? AND ts <= ? ORDER BY ts DESC LIMIT 1`,
    ),
    after: db.prepare<[string], { event_id: string; ts: string }>(
      `SELECT event_id, ts FROM ${table} WHERE ${column} = ? ORDER BY ts ASC LIMIT 1`,
    ),
  });
  return {
    pick: new Map(REF_KEYS.map((k) => [k, lead(LEAD_SOURCE[k])])),
    byId: db.prepare<[string], OutcomeRow>('SELECT * FROM outcomes WHERE id = ?'),
    insert: db.prepare(`INSERT INTO outcomes (${OUTCOME_COLUMNS.join(', ')}) VALUES (${OUTCOME_COLUMNS.map(() => '?').join(', ')})`),
    update: db.prepare(
      'UPDATE outcomes SET value = ?, currency = ?, meta_hashed_email = ?, meta_hashed_phone = ?, revision = ? WHERE id = ?',
    ),
    addRevision: db.prepare('INSERT INTO outcome_revisions (outcome_id, revision, value, currency, received_at) VALUES (?, ?, ?, ?, ?)'),
    setLead: db.prepare<[string, string | null, string]>('UPDATE outcomes SET lead_event_id = ?, matched_by = ? WHERE id = ?'),
    waitingFor: db.prepare<[string, string, string | null, string | null, string | null, string], OutcomeRow>(
      `SELECT * FROM outcomes WHERE lead_event_id IS NULL
       AND (ref_event_id = ? OR ref_anonymous_id = ? OR ref_user_id = ? OR ref_hashed_email = ? OR ref_hashed_phone = ?
         OR ref_click_id IN (SELECT click_id FROM lead_click_ids WHERE event_id = ?))`,
    ),
  };
}

/** Outcome storage and matching on a better-sqlite3 connection; every method runs synchronously. */
export function sqliteOutcomes(db: Database) {
  const { pick, byId, insert, update, addRevision, setLead, waitingFor } = statements(db);

  function leadFor(ref: OutcomeRef, time: string): LeadMatch | undefined {
    for (const k of REF_KEYS) {
      const v = ref[k];
      if (v === undefined) continue;
      const byRef = pick.get(k)!;
      const before = byRef.before.get(v, time);
      if (before) return { eventId: before.event_id, by: k };
      const after = byRef.after.get(v);
      if (after) return { eventId: after.event_id, by: k, laterTs: after.ts };
    }
    return undefined;
  }

  function saveOne(o: Outcome, receivedAt: string): SaveOutcomeResult {
    const existing = byId.get(o.id);
    if (existing) {
      const { state, revision, write } = resave(existing, o);
      if (write) update.run(...changedParams(o, revision), o.id);
      if (state === 'updated') addRevision.run(...revisionParams(o, revision, receivedAt));
      let match = storedMatch(existing);
      if (!match) {
        match = leadFor(o.ref, o.time);
        if (match) setLead.run(match.eventId, match.by ?? null, o.id);
      }
      return { id: o.id, state, ...(state === 'updated' ? { revision } : {}), ...matchFields(match) };
    }
    const match = leadFor(o.ref, o.time);
    const refused = precedesLead(o, match);
    if (refused) return refused;
    insert.run(...outcomeParams(o, match, receivedAt));
    addRevision.run(...revisionParams(o, 1, receivedAt));
    return { id: o.id, state: 'inserted', ...matchFields(match) };
  }

  /** What saveOne would answer, reading only. */
  function previewOne(o: Outcome): OutcomePreview {
    const existing = byId.get(o.id);
    if (existing?.lead_event_id) return matchFields(storedMatch(existing));
    const match = leadFor(o.ref, o.time);
    const refused = existing ? null : precedesLead(o, match);
    return refused ? { reason: refused.reason! } : matchFields(match);
  }

  const saveAll = db.transaction((outcomes: readonly Outcome[], receivedAt: string) => outcomes.map((o) => saveOne(o, receivedAt)));

  return {
    save: (outcomes: readonly Outcome[], receivedAt: Date): SaveOutcomeResult[] => saveAll(outcomes, receivedAt.toISOString()),

    preview: (outcomes: readonly Outcome[]): OutcomePreview[] => outcomes.map(previewOne),

    /** Called inside the insert transaction once `lead` is stored: outcomes that were waiting for it. */
    matchWaiting(lead: Lead): void {
      const rows = waitingFor.all(
        lead.eventId,
        lead.anonymousId,
        lead.userId ?? null,
        lead.hashedEmail ?? null,
        lead.hashedPhone ?? null,
        lead.eventId,
      );
      for (const row of rows) {
        const match = leadFor(outcomeOf(row).ref, row.time);
        if (match) setLead.run(match.eventId, match.by, row.id);
      }
    },

    /** Outcomes by time; `leadsById` attaches their leads. */
    query: (q: OutcomeQuery, leadsById: (ids: string[]) => Map<string, Lead>): OutcomeRecord[] => queryOutcomes(db, q, leadsById),

    /** The outcomes of these leads, oldest first. */
    ofLeads: (ids: string[]): StoredOutcome[] => outcomesOfLeads(db, ids),

    countWaiting: (): number =>
      db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outcomes WHERE lead_event_id IS NULL').get()?.n ?? 0,
  };
}

/** Every value the outcome had, first revision first. */
export function outcomeRevisions(db: Database, outcomeId: string): OutcomeRevision[] {
  return db
    .prepare<[string], RevisionRow>(
      'SELECT revision, value, currency, received_at FROM outcome_revisions WHERE outcome_id = ? ORDER BY revision',
    )
    .all(outcomeId)
    .map(revisionOf);
}

/** Matched outcomes per reference that found their lead. */
export function matchCounts(db: Database): Record<string, number> {
  const rows = db.prepare<[], { key: string; n: number }>(MATCH_COUNTS).all();
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

function queryOutcomes(db: Database, q: OutcomeQuery, leadsById: (ids: string[]) => Map<string, Lead>): OutcomeRecord[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string) => {
    where.push(clause);
    params.push(value);
  };
  if (q.since) add('time >= ?', q.since.toISOString());
  if (q.until) add('time < ?', q.until.toISOString());
  if (q.matched !== undefined) where.push(q.matched ? 'lead_event_id IS NOT NULL' : 'lead_event_id IS NULL');
  const order = q.order === 'desc' ? 'DESC' : 'ASC';
  const sql = `SELECT * FROM outcomes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time ${order}, id ${order} LIMIT ?`;
  params.push(q.limit ?? -1);
  const outcomes: OutcomeRecord[] = db
    .prepare<(string | number)[], OutcomeRow>(sql)
    .all(...params)
    .map(outcomeOf);
  const leads = leadsById([...new Set(outcomes.flatMap((o) => (o.leadEventId ? [o.leadEventId] : [])))]);
  for (const o of outcomes) {
    const lead = o.leadEventId ? leads.get(o.leadEventId) : undefined;
    if (lead) o.lead = lead;
  }
  return outcomes;
}

function outcomesOfLeads(db: Database, ids: string[]): StoredOutcome[] {
  const out: StoredOutcome[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const sql = `SELECT * FROM outcomes WHERE lead_event_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY time, id`;
    out.push(
      ...db
        .prepare<string[], OutcomeRow>(sql)
        .all(...chunk)
        .map(outcomeOf),
    );
  }
  return out;
}
