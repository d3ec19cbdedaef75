import type { Database } from 'better-sqlite3';
import type { WireEvent } from '../types';
import { CHUNK } from './sqlite-outcomes';
import { toStored, type EventStore } from './types';

const inList = (n: number) => Array<string>(n).fill('?').join(', ');
const chunks = <T>(list: readonly T[]) =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

type OutboxMethods =
  'claimOutbox' | 'ackOutbox' | 'retryOutbox' | 'parkOutbox' | 'parkedOutbox' | 'requeueParked' | 'discardParked' | 'outboxStats';

/** Parked events and their admin operations. */
function sqliteParked(db: Database): Pick<EventStore, 'parkOutbox' | 'parkedOutbox' | 'requeueParked' | 'discardParked'> {
  const park = db.prepare<[string, string, string, number]>(
    'UPDATE outbox SET parked_at = ?, parked_reason = ?, last_error = ?, lease_until = NULL, attempts = attempts + 1 WHERE seq = ?',
  );
  const list = db.prepare<[number], { seq: number; id: string; type: string; parked_at: string; parked_reason: string }>(
    `SELECT o.seq, e.id, e.type, o.parked_at, o.parked_reason FROM outbox o JOIN events e ON e.seq = o.seq
     WHERE o.parked_at IS NOT NULL ORDER BY o.seq LIMIT ?`,
  );
  const requeue = db.prepare<[string]>(
    'UPDATE outbox SET parked_at = NULL, parked_reason = NULL, attempts = 0, next_at = ? WHERE parked_at IS NOT NULL',
  );
  const discard = db.prepare('DELETE FROM outbox WHERE parked_at IS NOT NULL');
  return {
    async parkOutbox(parked) {
      const now = new Date().toISOString();
      db.transaction(() => {
        for (const p of parked) park.run(now, p.reason.slice(0, 500), p.reason.slice(0, 500), p.seq);
      })();
    },
    async parkedOutbox(limit) {
      return list.all(limit).map((r) => ({ seq: r.seq, eventId: r.id, eventType: r.type, parkedAt: r.parked_at, reason: r.parked_reason }));
    },
    async requeueParked() {
      return requeue.run(new Date().toISOString()).changes;
    },
    async discardParked() {
      return discard.run().changes;
    },
  };
}

/** The outbox of the SQLite store; a claim takes the write lock first, so two processes never claim the same event. */
export function sqliteOutbox(db: Database): Pick<EventStore, OutboxMethods> {
  const due = db.prepare<[string, string, number], { seq: number; attempts: number }>(
    `SELECT seq, attempts FROM outbox WHERE parked_at IS NULL AND next_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
     ORDER BY seq LIMIT ?`,
  );
  const claim = db.transaction((limit: number, leaseMs: number) => {
    const now = Date.now();
    const rows = due.all(new Date(now).toISOString(), new Date(now).toISOString(), limit);
    if (!rows.length) return [];
    const seqs = rows.map((r) => r.seq);
    db.prepare(`UPDATE outbox SET lease_until = ? WHERE seq IN (${inList(seqs.length)})`).run(
      new Date(now + leaseMs).toISOString(),
      ...seqs,
    );
    const bodies = db
      .prepare<number[], { seq: number; received_at: string; body: string }>(
        `SELECT seq, received_at, body FROM events WHERE seq IN (${inList(seqs.length)}) ORDER BY seq`,
      )
      .all(...seqs);
    const attempts = new Map(rows.map((r) => [r.seq, r.attempts]));
    return bodies.map((r) => ({
      seq: r.seq,
      attempts: attempts.get(r.seq) ?? 0,
      event: toStored(r.seq, r.received_at, JSON.parse(r.body) as WireEvent),
    }));
  });
  const stats = db.prepare<[], { pending: number; parked: number; oldest: string | null }>(
    `SELECT count(*) FILTER (WHERE o.parked_at IS NULL) AS pending, count(*) FILTER (WHERE o.parked_at IS NOT NULL) AS parked,
       min(e.received_at) FILTER (WHERE o.parked_at IS NULL) AS oldest
     FROM outbox o JOIN events e ON e.seq = o.seq`,
  );

  return {
    async claimOutbox(limit, leaseMs) {
      return claim.immediate(Math.min(limit, CHUNK), leaseMs);
    },
    async ackOutbox(seqs) {
      for (const part of chunks(seqs)) db.prepare(`DELETE FROM outbox WHERE seq IN (${inList(part.length)})`).run(...part);
    },
    async retryOutbox(seqs, delayMs, error) {
      const next = new Date(Date.now() + delayMs).toISOString();
      for (const part of chunks(seqs)) {
        db.prepare(
          `UPDATE outbox SET attempts = attempts + 1, lease_until = NULL, last_error = ?, next_at = ? WHERE seq IN (${inList(part.length)})`,
        ).run(error.slice(0, 500), next, ...part);
      }
    },
    ...sqliteParked(db),
    async outboxStats() {
      const r = stats.get();
      return { pending: r?.pending ?? 0, parked: r?.parked ?? 0, ...(r?.oldest ? { oldestReceivedAt: r.oldest } : {}) };
    },
  };
}
