import type { Database } from 'better-sqlite3';
import type { WireEvent } from '../types';
import { CHUNK } from './sqlite-outcomes';
import { toStored, type EventStore } from './types';

const inList = (n: number) => Array<string>(n).fill('?').join(', ');
const chunks = <T>(list: readonly T[]) =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/** The outbox of the SQLite store; a claim takes the write lock first, so two processes never claim the same event. */
export function sqliteOutbox(db: Database): Pick<EventStore, 'claimOutbox' | 'ackOutbox' | 'retryOutbox' | 'outboxStats'> {
  const due = db.prepare<[string, string, number], { seq: number; attempts: number }>(
    'SELECT seq, attempts FROM outbox WHERE next_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY seq LIMIT ?',
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
  const stats = db.prepare<[], { n: number; oldest: string | null }>(
    'SELECT count(*) AS n, min(e.received_at) AS oldest FROM outbox o JOIN events e ON e.seq = o.seq',
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
    async outboxStats() {
      const r = stats.get();
      return { pending: r?.n ?? 0, ...(r?.oldest ? { oldestReceivedAt: r.oldest } : {}) };
    },
  };
}
