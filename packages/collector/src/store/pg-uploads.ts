import type { Pool } from 'pg';
import { MAX_REASON, UPLOAD_COLUMNS, uploadOf, type UploadRow } from './upload-rows';
import type { Destination, UploadLedger } from './upload-types';

const COLUMNS = UPLOAD_COLUMNS;

/**
 * The upload ledger of the PostgreSQL store. Times come from the database's clock, so collectors
 * on several machines agree on when a lease runs out; SKIP LOCKED lets them claim side by side.
 */
export function pgUploads(pool: Pool): UploadLedger {
  return {
    giveUpWaiting: (destination, ids, reason) => giveUpWaiting(pool, destination, ids, reason),
    async planUploads(keys) {
      if (!keys.length) return 0;
      const { rowCount } = await pool.query(
        `INSERT INTO uploads (conversion_id, destination, step)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
        [keys.map((k) => k.conversionId), keys.map((k) => k.destination), keys.map((k) => k.step)],
      );
      return rowCount ?? 0;
    },
    async claimUploads(c) {
      const { rows } = await pool.query<UploadRow & { created_at: string }>(
        `UPDATE uploads SET lease_owner = $4, lease_until = now() + make_interval(secs => $5::double precision / 1000)
         WHERE (conversion_id, destination) IN (
           SELECT conversion_id, destination FROM uploads WHERE destination = $1 AND state = $2
             AND (waiting_until IS NULL OR waiting_until <= now()) AND (lease_until IS NULL OR lease_until <= now())
           ORDER BY created_at, conversion_id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}, created_at`,
        [c.destination, c.state, c.limit, c.owner, c.leaseMs],
      );
      const order = (r: { created_at: string; conversion_id: string }) => `${r.created_at}\u0000${r.conversion_id}`;
      return rows.sort((a, b) => (order(a) < order(b) ? -1 : 1)).map(uploadOf);
    },
    async recordUploads(owner, changes) {
      let changed = 0;
      for (const ch of changes) {
        // Only the lease holder records: a row that went to another collector after its lease ran out is not touched.
        const { rowCount } = await pool.query(
          `UPDATE uploads SET state = $1, reason = $2, waiting_until = $3, request_id = COALESCE($4, request_id), attempts = attempts + $5,
             sent_at = CASE WHEN $1 = 'sent' THEN now() ELSE sent_at END,
             accepted_at = CASE WHEN $1 = 'accepted' THEN now() ELSE accepted_at END, lease_owner = NULL, lease_until = NULL
           WHERE conversion_id = $6 AND destination = $7 AND lease_owner = $8`,
          [
            ch.state,
            ch.reason?.slice(0, MAX_REASON) ?? null,
            ch.waitingUntil?.toISOString() ?? null,
            ch.requestId ?? null,
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
    async uploads(q = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      for (const [column, value] of [
        ['destination', q.destination],
        ['state', q.state],
      ] as const) {
        if (value === undefined) continue;
        params.push(value);
        where.push(`${column} = $${params.length}`);
      }
      if (q.conversionIds) {
        if (!q.conversionIds.length) return [];
        params.push(q.conversionIds);
        where.push(`conversion_id = ANY($${params.length}::text[])`);
      }
      params.push(q.limit ?? null);
      const sql = `SELECT ${COLUMNS} FROM uploads ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at, conversion_id, destination LIMIT $${params.length}`;
      return (await pool.query<UploadRow>(sql, params)).rows.map(uploadOf);
    },
  };
}

/** UploadLedger.giveUpWaiting: a row a claim holds (FOR UPDATE) is waited for, then looked at again: leased by then, it is left alone. */
async function giveUpWaiting(pool: Pool, destination: Destination, ids: readonly string[], reason: string): Promise<string[]> {
  if (!ids.length) return [];
  const { rows } = await pool.query<{ conversion_id: string }>(
    `UPDATE uploads SET state = 'given_up', reason = $1, waiting_until = NULL, lease_owner = NULL, lease_until = NULL
     WHERE destination = $2 AND conversion_id = ANY($3::text[]) AND state = 'waiting' AND (lease_until IS NULL OR lease_until <= now())
     RETURNING conversion_id`,
    [reason.slice(0, MAX_REASON), destination, ids],
  );
  return rows.map((r) => r.conversion_id);
}
