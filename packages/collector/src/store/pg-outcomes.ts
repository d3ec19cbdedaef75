import type { Lead } from '../leads/lead';
import { REF_KEYS, type Outcome, type OutcomeRef, type StoredOutcome } from '../leads/outcome';
import { Params, type Queryable } from './pg-leads';
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

/**
 * How each outcome reference names a lead, as a condition on `leads` with the value in $1. A click
 * id is looked for among the lead's click ids (a GIN index on their JSON, schema 7).
 */
const LEAD_CONDITION: Record<keyof OutcomeRef, string> = {
  eventId: 'event_id = $1',
  userId: 'user_id = $1',
  clickId: `click_ids::jsonb @> jsonb_build_array(jsonb_build_object('value', $1::text))`,
  anonymousId: 'anonymous_id = $1',
  hashedEmail: 'hashed_email = $1',
  hashedPhone: 'hashed_phone = $1',
};

/**
 * Taken (per schema, for the transaction) by every write that matches outcomes to leads: a lead
 * stored by one collector and its outcome saved by another at the same moment would otherwise
 * each miss the other and stay apart.
 */
export const matchLock = (schema: string) => ({
  text: 'SELECT pg_advisory_xact_lock(hashtext($1))',
  values: [`leadbeacon match ${schema}`],
});

/** The latest lead at or before the outcome, else the earliest one: see EventStore.saveOutcomes. */
async function leadFor(db: Queryable, ref: OutcomeRef, time: string): Promise<LeadMatch | undefined> {
  for (const k of REF_KEYS) {
    const v = ref[k];
    if (v === undefined) continue;
    const where = LEAD_CONDITION[k];
    const before = await db.query<{ event_id: string }>(`SELECT event_id FROM leads WHERE ${where} AND ts <= $2 ORDER BY ts DESC LIMIT 1`, [
      v,
      time,
    ]);
    if (before.rows[0]) return { eventId: before.rows[0].event_id, by: k };
    const after = await db.query<{ event_id: string; ts: string }>(
      `SELECT event_id, ts FROM leads WHERE ${where} ORDER BY ts ASC LIMIT 1`,
      [v],
    );
    if (after.rows[0]) return { eventId: after.rows[0].event_id, by: k, laterTs: after.rows[0].ts };
  }
  return undefined;
}

const INSERT = `INSERT INTO outcomes (${OUTCOME_COLUMNS.join(', ')})
  VALUES (${OUTCOME_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (id) DO NOTHING`;
const SET_LEAD = 'UPDATE outcomes SET lead_event_id = $1, matched_by = $2 WHERE id = $3';
const UPDATE = 'UPDATE outcomes SET value = $1, currency = $2, meta_hashed_email = $3, meta_hashed_phone = $4, revision = $5 WHERE id = $6';
const ADD_REVISION = 'INSERT INTO outcome_revisions (outcome_id, revision, value, currency, received_at) VALUES ($1, $2, $3, $4, $5)';

/** Outcome storage and matching of the PostgreSQL store; writes run inside the caller's transaction. */
export const pgOutcomes = {
  /**
   * Inserts one outcome, or, when its id is there already (an earlier import, or another
   * collector just now), gives it a new revision when its value or currency differs: the insert
   * never reads first, and the row lock (FOR UPDATE) makes two collectors saving the same new
   * value at once make one revision.
   */
  async saveOne(db: Queryable, o: Outcome, receivedAt: string): Promise<SaveOutcomeResult> {
    const match = await leadFor(db, o.ref, o.time);
    // A new outcome earlier than its lead is refused; one stored already (by an older collector) is saved as before.
    const refused = precedesLead(o, match);
    if (refused && !(await db.query('SELECT 1 FROM outcomes WHERE id = $1', [o.id])).rowCount) return refused;
    const inserted = await db.query(INSERT, outcomeParams(o, match, receivedAt));
    if (inserted.rowCount === 1) {
      await db.query(ADD_REVISION, revisionParams(o, 1, receivedAt));
      return { id: o.id, state: 'inserted', ...matchFields(match) };
    }
    const existing = (await db.query<OutcomeRow>('SELECT * FROM outcomes WHERE id = $1 FOR UPDATE', [o.id])).rows[0]!;
    const { state, revision, write } = resave(existing, o);
    if (write) await db.query(UPDATE, [...changedParams(o, revision), o.id]);
    if (state === 'updated') await db.query(ADD_REVISION, revisionParams(o, revision, receivedAt));
    let matched = storedMatch(existing);
    if (!matched && match) {
      matched = match;
      await db.query(SET_LEAD, [match.eventId, match.by, o.id]);
    }
    return { id: o.id, state, ...(state === 'updated' ? { revision } : {}), ...matchFields(matched) };
  },

  /** What saveOne would answer, reading only. */
  async previewOne(db: Queryable, o: Outcome): Promise<OutcomePreview> {
    const existing = (await db.query<OutcomeRow>('SELECT * FROM outcomes WHERE id = $1', [o.id])).rows[0];
    const stored = existing && storedMatch(existing);
    if (stored) return matchFields(stored);
    const match = await leadFor(db, o.ref, o.time);
    const refused = existing ? null : precedesLead(o, match);
    return refused ? { reason: refused.reason! } : matchFields(match);
  },

  /** Inside the insert transaction, once `lead` is stored: outcomes that were waiting for it. */
  async matchWaiting(db: Queryable, lead: Lead): Promise<void> {
    const { rows } = await db.query<OutcomeRow>(
      `SELECT * FROM outcomes WHERE lead_event_id IS NULL
       AND (ref_event_id = $1 OR ref_anonymous_id = $2 OR ref_user_id = $3 OR ref_hashed_email = $4 OR ref_hashed_phone = $5
         OR ref_click_id = ANY($6::text[]))`,
      [
        lead.eventId,
        lead.anonymousId,
        lead.userId ?? null,
        lead.hashedEmail ?? null,
        lead.hashedPhone ?? null,
        lead.clickIds.map((c) => c.value),
      ],
    );
    for (const row of rows) {
      const match = await leadFor(db, outcomeOf(row).ref, row.time);
      if (match) await db.query(SET_LEAD, [match.eventId, match.by, row.id]);
    }
  },

  async query(db: Queryable, q: OutcomeQuery, leadsById: (ids: string[]) => Promise<Map<string, Lead>>): Promise<OutcomeRecord[]> {
    const p = new Params();
    const where: string[] = [];
    if (q.since) where.push(`time >= ${p.add(q.since.toISOString())}`);
    if (q.until) where.push(`time < ${p.add(q.until.toISOString())}`);
    if (q.matched !== undefined) where.push(q.matched ? 'lead_event_id IS NOT NULL' : 'lead_event_id IS NULL');
    const order = q.order === 'desc' ? 'DESC' : 'ASC';
    const sql = `SELECT * FROM outcomes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time ${order}, id ${order} LIMIT ${p.add(q.limit ?? null)}`;
    const outcomes: OutcomeRecord[] = (await db.query<OutcomeRow>(sql, p.values)).rows.map(outcomeOf);
    const leads = await leadsById([...new Set(outcomes.flatMap((o) => (o.leadEventId ? [o.leadEventId] : [])))]);
    for (const o of outcomes) {
      const lead = o.leadEventId ? leads.get(o.leadEventId) : undefined;
      if (lead) o.lead = lead;
    }
    return outcomes;
  },

  async revisions(db: Queryable, outcomeId: string): Promise<OutcomeRevision[]> {
    const { rows } = await db.query<RevisionRow>(
      'SELECT revision, value, currency, received_at FROM outcome_revisions WHERE outcome_id = $1 ORDER BY revision',
      [outcomeId],
    );
    return rows.map(revisionOf);
  },

  async matchCounts(db: Queryable): Promise<Record<string, number>> {
    const { rows } = await db.query<{ key: string; n: string }>(MATCH_COUNTS);
    return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
  },

  /** The outcomes of these leads, oldest first. */
  async ofLeads(db: Queryable, ids: string[]): Promise<StoredOutcome[]> {
    if (!ids.length) return [];
    const { rows } = await db.query<OutcomeRow>('SELECT * FROM outcomes WHERE lead_event_id = ANY($1::text[]) ORDER BY time, id', [ids]);
    return rows.map(outcomeOf);
  },
};
