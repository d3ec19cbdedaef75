import type { Pool } from 'pg';
import type { WireEvent } from '../types';
import { toStored, type EventStore } from './types';

/**
 * The outbox of the PostgreSQL store. Times come from the database's clock, so collectors on
 * several machines agree on when a lease runs out; SKIP LOCKED lets them claim side by side.
 */
export function pgOutbox(pool: Pool): Pick<EventStore, 'claimOutbox' | 'ackOutbox' | 'retryOutbox' | 'outboxStats'> {
  return {
    async claimOutbox(limit, leaseMs) {
      const claimed = await pool.query<{ seq: number; attempts: number }>(
        `UPDATE outbox SET lease_until = now() + make_interval(secs => $2::double precision / 1000) WHERE seq IN (
           SELECT seq FROM outbox WHERE next_at <= now() AND (lease_until IS NULL OR lease_until <= now())
           ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING seq, attempts`,
        [limit, leaseMs],
      );
      if (!claimed.rows.length) return [];
      const attempts = new Map(claimed.rows.map((r) => [r.seq, r.attempts]));
      const { rows } = await pool.query<{ seq: number; received_at: string; body: WireEvent }>(
        'SELECT seq, received_at, body FROM events WHERE seq = ANY($1::bigint[]) ORDER BY seq',
        [[...attempts.keys()]],
      );
      return rows.map((r) => ({ seq: r.seq, attempts: attempts.get(r.seq) ?? 0, event: toStored(r.seq, r.received_at, r.body) }));
    },
    async ackOutbox(seqs) {
      if (seqs.length) await pool.query('DELETE FROM outbox WHERE seq = ANY($1::bigint[])', [seqs]);
    },
    async retryOutbox(seqs, delayMs, error) {
      if (!seqs.length) return;
      await pool.query(
        `UPDATE outbox SET attempts = attempts + 1, lease_until = NULL, last_error = $3,
           next_at = now() + make_interval(secs => $2::double precision / 1000) WHERE seq = ANY($1::bigint[])`,
        [seqs, delayMs, error.slice(0, 500)],
      );
    },
    async outboxStats() {
      const { rows } = await pool.query<{ n: number; oldest: string | null }>(
        'SELECT count(*) AS n, min(e.received_at) AS oldest FROM outbox o JOIN events e ON e.seq = o.seq',
      );
      const r = rows[0];
      return { pending: r?.n ?? 0, ...(r?.oldest ? { oldestReceivedAt: r.oldest } : {}) };
    },
  };
}
