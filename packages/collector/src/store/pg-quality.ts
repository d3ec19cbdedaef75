import type { Pool } from 'pg';
import type { QualityStore } from './types';

/** The leads' quality in PostgreSQL (QualityStore); the same answers as the SQLite store's. */
export function pgQuality(pool: Pool): QualityStore {
  async function leadConversionIds(eventId: string): Promise<string[]> {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT CASE WHEN r.revision > 1 THEN o.id || '~' || r.revision ELSE o.id END AS id
         FROM outcomes o JOIN outcome_revisions r ON r.outcome_id = o.id WHERE o.lead_event_id = $1`,
      [eventId],
    );
    return [eventId, ...rows.map((r) => r.id)];
  }
  return {
    async sessionsWithPageView(ids) {
      if (!ids.length) return new Set();
      const { rows } = await pool.query<{ session_id: string }>('SELECT session_id FROM sessions WHERE session_id = ANY($1::text[])', [
        ids,
      ]);
      return new Set(rows.map((r) => r.session_id));
    },
    async releaseLeads(ids, at) {
      if (!ids.length) return [];
      const { rows } = await pool.query<{ event_id: string }>(
        `UPDATE leads SET released_at = $1 WHERE event_id = ANY($2::text[])
           AND quality_verdict IN ('suspect', 'spam') AND released_at IS NULL RETURNING event_id`,
        [at.toISOString(), ids],
      );
      const done = new Set(rows.map((r) => r.event_id));
      // Their held rows in the ledger are due now: the next sync pass sends them.
      for (const id of done)
        await pool.query(
          `UPDATE uploads SET waiting_until = NULL WHERE conversion_id = ANY($1::text[]) AND state = 'waiting' AND reason LIKE 'held back:%'`,
          [await leadConversionIds(id)],
        );
      return ids.filter((id) => done.has(id));
    },
    async markSpam(eventId, reason) {
      const { rowCount } = await pool.query(
        `UPDATE leads SET quality_verdict = 'spam', released_at = NULL,
           quality_reasons = CASE WHEN coalesce(quality_reasons, '[]')::jsonb ? $1 THEN quality_reasons
             ELSE (coalesce(quality_reasons, '[]')::jsonb || to_jsonb($1::text))::text END
         WHERE event_id = $2`,
        [reason, eventId],
      );
      return rowCount === 1;
    },
    async setTakeBack(eventId, note) {
      await pool.query('UPDATE leads SET take_back = $1 WHERE event_id = $2', [note, eventId]);
    },
    leadConversionIds,
  };
}
