import type { Pool } from 'pg';
import type { WireEvent } from '../types';
import { toStored, type EventStore } from './types';

type OutboxMethods =
  'claimOutbox' | 'ackOutbox' | 'retryOutbox' | 'parkOutbox' | 'parkedOutbox' | 'requeueParked' | 'discardParked' | 'outboxStats';

/** Parked events and their admin operations. */
function pgParked(pool: Pool): Pick<EventStore, 'parkOutbox' | 'parkedOutbox' | 'requeueParked' | 'discardParked'> {
  return {
    async parkOutbox(parked) {
      if (!parked.length) return;
      await pool.query(
        `UPDATE outbox o SET parked_at = now(), parked_reason = p.reason, last_error = p.reason, lease_until = NULL, attempts = attempts + 1
         FROM unnest($1::bigint[], $2::text[]) AS p(seq, reason) WHERE o.seq = p.seq`,
        [parked.map((p) => p.seq), parked.map((p) => p.reason.slice(0, 500))],
      );
    },
    async parkedOutbox(limit) {
      const { rows } = await pool.query<{ seq: number; id: string; type: string; parked_at: string; parked_reason: string }>(
        `SELECT o.seq, e.id, e.type, o.parked_at, o.parked_reason FROM outbox o JOIN events e ON e.seq = o.seq
         WHERE o.parked_at IS NOT NULL ORDER BY o.seq LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ seq: r.seq, eventId: r.id, eventType: r.type, parkedAt: r.parked_at, reason: r.parked_reason }));
    },
    async requeueParked() {
      const r = await pool.query(
        'UPDATE outbox SET parked_at = NULL, parked_reason = NULL, attempts = 0, next_at = now() WHERE parked_at IS NOT NULL',
      );
      return r.rowCount ?? 0;
    },
    async discardParked() {
      return (await pool.query('DELETE FROM outbox WHERE parked_at IS NOT NULL')).rowCount ?? 0;
    },
  };
}

/**
 * The outbox of the PostgreSQL store. Times come from the database's clock, so collectors on
 * several machines agree on when a lease runs out; SKIP LOCKED lets them claim side by side.
 */
export function pgOutbox(pool: Pool): Pick<EventStore, OutboxMethods> {
  return {
    async claimOutbox(limit, leaseMs) {
      const claimed = await pool.query<{ seq: number; attempts: number }>(
        `UPDATE outbox SET lease_until = now() + make_interval(secs => $2::double precision / 1000) WHERE seq IN (
           SELECT seq FROM outbox WHERE parked_at IS NULL AND next_at <= now() AND (lease_until IS NULL OR lease_until <= now())
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
    ...pgParked(pool),
    async outboxStats() {
      const { rows } = await pool.query<{ pending: number; parked: number; oldest: string | null }>(
        `SELECT count(*) FILTER (WHERE o.parked_at IS NULL) AS pending, count(*) FILTER (WHERE o.parked_at IS NOT NULL) AS parked,
           min(e.received_at) FILTER (WHERE o.parked_at IS NULL) AS oldest
         FROM outbox o JOIN events e ON e.seq = o.seq`,
      );
      const r = rows[0];
      return { pending: r?.pending ?? 0, parked: r?.parked ?? 0, ...(r?.oldest ? { oldestReceivedAt: r.oldest } : {}) };
    },
  };
}
