import type { Pool } from 'pg';
import { MAX_REASON } from './upload-rows';
import type { RetractionLedger } from './upload-types';

/** The retractions of the PostgreSQL store's upload ledger: leases on the database's clock, SKIP LOCKED claims, as the uploads'. */
export function pgRetractions(pool: Pool): RetractionLedger {
  return {
    async requestRetractions(r) {
      if (!r.conversionIds.length) return [];
      const { rows } = await pool.query<{ conversion_id: string }>(
        `UPDATE uploads SET retraction = $1, retraction_reason = $2, retraction_lead = $3
         WHERE conversion_id = ANY($4::text[]) AND destination = $5 AND state IN ('sent', 'accepted') AND retraction IS NULL
         RETURNING conversion_id`,
        [r.state, r.reason.slice(0, MAX_REASON), r.leadId, r.conversionIds, r.destination],
      );
      return rows.map((row) => row.conversion_id);
    },
    async claimRetractions(c) {
      const { rows } = await pool.query<{
        conversion_id: string;
        step: string;
        retraction_lead: string | null;
        retraction_attempts: number;
      }>(
        `UPDATE uploads SET lease_owner = $3, lease_until = now() + make_interval(secs => $4::double precision / 1000)
         WHERE (conversion_id, destination) IN (
           SELECT conversion_id, destination FROM uploads WHERE destination = $1 AND state = 'accepted' AND retraction = 'waiting'
             AND (retraction_due IS NULL OR retraction_due <= now()) AND (lease_until IS NULL OR lease_until <= now())
           ORDER BY created_at, conversion_id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING conversion_id, step, retraction_lead, retraction_attempts`,
        [c.destination, c.limit, c.owner, c.leaseMs],
      );
      return rows.map((r) => ({
        conversionId: r.conversion_id,
        step: r.step,
        attempts: Number(r.retraction_attempts),
        ...(r.retraction_lead ? { leadId: r.retraction_lead } : {}),
      }));
    },
    async recordRetractions(owner, changes) {
      let changed = 0;
      for (const ch of changes) {
        // Only the lease holder records, as for uploads.
        const { rowCount } = await pool.query(
          `UPDATE uploads SET retraction = $1, retraction_reason = $2, retraction_due = $3, retraction_attempts = retraction_attempts + $4,
             retraction_at = CASE WHEN $1 IN ('retracted', 'refused') THEN now() ELSE retraction_at END, lease_owner = NULL, lease_until = NULL
           WHERE conversion_id = $5 AND destination = $6 AND lease_owner = $7`,
          [
            ch.state,
            ch.reason?.slice(0, MAX_REASON) ?? null,
            ch.due?.toISOString() ?? null,
            ch.attempted ? 1 : 0,
            ch.conversionId,
            ch.destination,
            owner,
          ],
        );
        changed += rowCount ?? 0;
      }
      return changed;
    },
  };
}
