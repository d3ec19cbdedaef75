import type { Database } from 'better-sqlite3';
import type { Lead } from '../leads/lead';
import { REF_KEYS, type Outcome, type OutcomeRef, type StoredOutcome } from '../leads/outcome';
import { changedParams, outcomeOf, outcomeParams, precedesLead, type LeadMatch, type OutcomeRow } from './rows';
import { resave, revisionOf, revisionParams, type RevisionRow } from './revision-rows';
import type { OutcomeQuery, OutcomeRecord, OutcomeRevision, SaveOutcomeResult } from './types';

/** Lead column that each outcome reference is matched against. */
const LEAD_COLUMN: Record<keyof OutcomeRef, string> = {
  eventId: 'event_id',
  userId: 'user_id',
  anonymousId: 'anonymous_id',
  hashedEmail: 'hashed_email',
  hashedPhone: 'hashed_phone',
};

/** Parameters per IN (…) list: well under SQLite's limit of 32,766 host parameters. */
export const CHUNK = 500;

/** The prepared statements the outcome functions use. */
function statements(db: Database) {
  const lead = (column: string) => ({
    // The latest lead at or before the outcome, else the earliest one: see EventStore.saveOutcomes.
    before: db.prepare<[string, string], { event_id: string }>(
      `SELECT event_id FROM leads WHERE ${column} = ? AND ts <= ? ORDER BY ts DESC LIMIT 1`,
    ),
    after: db.prepare<[string], { event_id: string; ts: string }>(
      `SELECT event_id, ts FROM leads WHERE ${column} = ? ORDER BY ts ASC LIMIT 1`,
    ),
  });
  return {
    pick: new Map(REF_KEYS.map((k) => [k, lead(LEAD_COLUMN[k])])),
    byId: db.prepare<[string], OutcomeRow>('SELECT * FROM outcomes WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO outcomes (id, ref_event_id, ref_user_id, ref_anonymous_id, ref_hashed_email, ref_hashed_phone, status, time, value, currency, lead_event_id, received_at, meta_hashed_email, meta_hashed_phone)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      'UPDATE outcomes SET value = ?, currency = ?, meta_hashed_email = ?, meta_hashed_phone = ?, revision = ? WHERE id = ?',
    ),
    addRevision: db.prepare('INSERT INTO outcome_revisions (outcome_id, revision, value, currency, received_at) VALUES (?, ?, ?, ?, ?)'),
    revisions: db.prepare<[string], RevisionRow>(
      'SELECT revision, value, currency, received_at FROM outcome_revisions WHERE outcome_id = ? ORDER BY revision',
    ),
    setLead: db.prepare<[string, string]>('UPDATE outcomes SET lead_event_id = ? WHERE id = ?'),
    waitingFor: db.prepare<[string, string, string | null, string | null, string | null], OutcomeRow>(
      `SELECT * FROM outcomes WHERE lead_event_id IS NULL
       AND (ref_event_id = ? OR ref_anonymous_id = ? OR ref_user_id = ? OR ref_hashed_email = ? OR ref_hashed_phone = ?)`,
    ),
  };
}

/** Outcome storage and matching on a better-sqlite3 connection; every method runs synchronously. */
export function sqliteOutcomes(db: Database) {
  const { pick, byId, insert, update, addRevision, revisions, setLead, waitingFor } = statements(db);

  function leadFor(ref: OutcomeRef, time: string): LeadMatch | undefined {
    for (const k of REF_KEYS) {
      const v = ref[k];
      if (v === undefined) continue;
      const byRef = pick.get(k)!;
      const before = byRef.before.get(v, time);
      if (before) return { eventId: before.event_id };
      const after = byRef.after.get(v);
      if (after) return { eventId: after.event_id, laterTs: after.ts };
    }
    return undefined;
  }

  function saveOne(o: Outcome, receivedAt: string): SaveOutcomeResult {
    const existing = byId.get(o.id);
    if (existing) {
      const { state, revision, write } = resave(existing, o);
      if (write) update.run(...changedParams(o, revision), o.id);
      if (state === 'updated') addRevision.run(...revisionParams(o, revision, receivedAt));
      let lead = existing.lead_event_id ?? undefined;
      if (!lead) {
        lead = leadFor(o.ref, o.time)?.eventId;
        if (lead) setLead.run(lead, o.id);
      }
      return { id: o.id, state, ...(state === 'updated' ? { revision } : {}), ...(lead ? { leadEventId: lead } : {}) };
    }
    const match = leadFor(o.ref, o.time);
    const refused = precedesLead(o, match);
    if (refused) return refused;
    const lead = match?.eventId;
    insert.run(...outcomeParams(o, lead, receivedAt));
    addRevision.run(...revisionParams(o, 1, receivedAt));
    return { id: o.id, state: 'inserted', ...(lead ? { leadEventId: lead } : {}) };
  }

  const saveAll = db.transaction((outcomes: readonly Outcome[], receivedAt: string) => outcomes.map((o) => saveOne(o, receivedAt)));

  return {
    save: (outcomes: readonly Outcome[], receivedAt: Date): SaveOutcomeResult[] => saveAll(outcomes, receivedAt.toISOString()),

    /** Called inside the insert transaction once `lead` is stored: outcomes that were waiting for it. */
    matchWaiting(lead: Lead): void {
      const rows = waitingFor.all(lead.eventId, lead.anonymousId, lead.userId ?? null, lead.hashedEmail ?? null, lead.hashedPhone ?? null);
      for (const row of rows) {
        const match = leadFor(outcomeOf(row).ref, row.time);
        if (match) setLead.run(match.eventId, row.id);
      }
    },

    revisions: (outcomeId: string): OutcomeRevision[] => revisions.all(outcomeId).map(revisionOf),

    /** Outcomes by time; `leadsById` attaches their leads. */
    query: (q: OutcomeQuery, leadsById: (ids: string[]) => Map<string, Lead>): OutcomeRecord[] => queryOutcomes(db, q, leadsById),

    /** The outcomes of these leads, oldest first. */
    ofLeads: (ids: string[]): StoredOutcome[] => outcomesOfLeads(db, ids),

    countWaiting: (): number =>
      db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outcomes WHERE lead_event_id IS NULL').get()?.n ?? 0,
  };
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
  const sql = `SELECT * FROM outcomes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time, id LIMIT ?`;
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
