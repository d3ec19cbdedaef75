import type { Pool, PoolClient } from 'pg';
import { chooseLease, recentSince } from './lease-choice';
import type { LeaseRequest, NumberLease, NumberStore } from './number-types';
import { CALL_COLUMNS, callOf, callParams, leaseOf, rangeWhere, UPSERT_CALL_TAIL } from './number-rows';

import type { CallRow as CRow, LeaseRow as Row } from './number-rows';

/**
 * Pool leases and calls in PostgreSQL. A lease is taken under a transaction-level advisory lock
 * on its pool, so two visitors asking at once (from any number of collectors) never get one number.
 */
/** One lease, decided (lease-choice.ts) under the pool's advisory lock, in the caller's transaction. */
async function pgLease(c: PoolClient, req: LeaseRequest): Promise<NumberLease> {
  await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leadbeacon pool ${req.pool}`]);
  const now = req.now.toISOString();
  const mine = await c.query<Row>(
    'SELECT * FROM number_leases WHERE pool = $1 AND anonymous_id = $2 AND NOT fallback AND until > $3 ORDER BY id DESC LIMIT 1',
    [req.pool, req.visitor, now],
  );
  const last = await c.query<{ number: string; until: string }>(
    'SELECT number, max(until) AS until FROM number_leases WHERE pool = $1 AND NOT fallback AND until > $2 GROUP BY number',
    [req.pool, recentSince(req.now)],
  );
  const held = mine.rows[0] ? leaseOf(mine.rows[0]) : undefined;
  const choice = chooseLease(req, held, new Map(last.rows.map((r) => [r.number, r.until])));
  if (choice.kind === 'extend') {
    await c.query('UPDATE number_leases SET until = $1 WHERE id = $2', [choice.until, choice.lease.id]);
    return { ...choice.lease, until: choice.until };
  }
  if (!choice.fallback)
    await c.query('UPDATE number_leases SET until = $1 WHERE pool = $2 AND anonymous_id = $3 AND until > $1 AND NOT fallback', [
      now,
      req.pool,
      req.visitor,
    ]);
  const r = await c.query<Row>(
    `INSERT INTO number_leases (pool, number, anonymous_id, session_id, leased_at, until, fallback, touch, ads)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [req.pool, choice.number, req.visitor, req.session, now, choice.until, choice.fallback, JSON.stringify(req.touch), req.ads ?? null],
  );
  return leaseOf(r.rows[0]!);
}

type Transaction = <T>(pool: Pool, fn: (client: PoolClient) => Promise<T>) => Promise<T>;

export function pgNumbers(pool: Pool, transaction: Transaction): NumberStore {
  return {
    leaseNumber: (req: LeaseRequest) => transaction(pool, (c) => pgLease(c, req)),
    async lastLease(number, at) {
      const r = await pool.query<Row>(
        'SELECT * FROM number_leases WHERE number = $1 AND NOT fallback AND leased_at <= $2 ORDER BY leased_at DESC, id DESC LIMIT 1',
        [number, at.toISOString()],
      );
      return r.rows[0] ? leaseOf(r.rows[0]) : undefined;
    },
    async lease(id) {
      const r = await pool.query<Row>('SELECT * FROM number_leases WHERE id = $1', [id]);
      return r.rows[0] ? leaseOf(r.rows[0]) : undefined;
    },
    async leases(q) {
      const { where, params, limit } = rangeWhere(q, 'leased_at', (i) => `$${i}`);
      return (await pool.query<Row>(`SELECT * FROM number_leases ${where} ORDER BY id LIMIT ${limit}`, params)).rows.map(leaseOf);
    },
    async call(provider, callId) {
      const r = await pool.query<CRow>('SELECT * FROM calls WHERE provider = $1 AND call_id = $2', [provider, callId]);
      return r.rows[0] ? callOf(r.rows[0]) : undefined;
    },
    async saveCall(call) {
      const values = CALL_COLUMNS.split(', ').map((_, i) => `$${i + 1}`);
      const params: unknown[] = callParams(call);
      params[8] = call.answered; // a boolean column
      await pool.query(`INSERT INTO calls (${CALL_COLUMNS}) VALUES (${values.join(', ')}) ${UPSERT_CALL_TAIL}`, params);
    },
    async calls(q = {}) {
      const { where, params, limit } = rangeWhere(q, 'started_at', (i) => `$${i}`);
      return (await pool.query<CRow>(`SELECT * FROM calls ${where} ORDER BY started_at LIMIT ${limit}`, params)).rows.map(callOf);
    },
  };
}
