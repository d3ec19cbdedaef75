import type { Database } from 'better-sqlite3';
import { MAX_REASON, UPLOAD_COLUMNS, uploadOf, type UploadRow } from './upload-rows';
import type { UploadChange, UploadClaim, UploadLedger } from './upload-types';

const COLUMNS = UPLOAD_COLUMNS;

interface ChangeParams {
  state: string;
  reason: string | null;
  waitingUntil: string | null;
  requestId: string | null;
  attempted: number;
  now: string;
  conversionId: string;
  destination: string;
  owner: string;
}

/** The upload ledger of the SQLite store; a claim takes the write lock first, so two processes never lease one row. */
export function sqliteUploads(db: Database): UploadLedger {
  const plan = db.prepare<[string, string, string, string]>(
    `INSERT INTO uploads (conversion_id, destination, step, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const due = db.prepare<[string, string, string, string, number], UploadRow>(
    `SELECT ${COLUMNS} FROM uploads WHERE destination = ? AND state = ? AND (waiting_until IS NULL OR waiting_until <= ?)
     AND (lease_until IS NULL OR lease_until <= ?) ORDER BY created_at, conversion_id LIMIT ?`,
  );
  const lease = db.prepare<[string, string, string, string]>(
    'UPDATE uploads SET lease_owner = ?, lease_until = ? WHERE conversion_id = ? AND destination = ?',
  );
  // Only the lease holder records: a row that went to another collector after its lease ran out is not touched.
  const record = db.prepare<ChangeParams>(
    `UPDATE uploads SET state = @state, reason = @reason, waiting_until = @waitingUntil, request_id = COALESCE(@requestId, request_id),
       attempts = attempts + @attempted, sent_at = CASE WHEN @state = 'sent' THEN @now ELSE sent_at END,
       accepted_at = CASE WHEN @state = 'accepted' THEN @now ELSE accepted_at END, lease_owner = NULL, lease_until = NULL
     WHERE conversion_id = @conversionId AND destination = @destination AND lease_owner = @owner`,
  );
  const claim = db.transaction((c: UploadClaim) => {
    const now = Date.now();
    const iso = new Date(now).toISOString();
    const rows = due.all(c.destination, c.state, iso, iso, c.limit);
    const until = new Date(now + c.leaseMs).toISOString();
    for (const r of rows) lease.run(c.owner, until, r.conversion_id, r.destination);
    return rows.map(uploadOf);
  });
  const recordAll = db.transaction((owner: string, changes: readonly UploadChange[]) => {
    const now = new Date().toISOString();
    let changed = 0;
    for (const ch of changes) changed += record.run(changeParams(ch, owner, now)).changes;
    return changed;
  });
  const giveUp = db.prepare<[string, string, string, string], { conversion_id: string }>(
    `UPDATE uploads SET state = 'given_up', reason = ?, waiting_until = NULL, lease_owner = NULL, lease_until = NULL
     WHERE destination = ? AND conversion_id = ? AND state = 'waiting' AND (lease_until IS NULL OR lease_until <= ?)
     RETURNING conversion_id`,
  );
  const giveUpAll = db.transaction((destination: string, ids: readonly string[], reason: string) => {
    const now = new Date().toISOString();
    return ids.flatMap((id) => giveUp.all(reason.slice(0, MAX_REASON), destination, id, now).map((r) => r.conversion_id));
  });
  return {
    async giveUpWaiting(destination, ids, reason) {
      return giveUpAll.immediate(destination, ids, reason);
    },
    async planUploads(keys) {
      const now = new Date().toISOString();
      return db.transaction(() => keys.reduce((n, k) => n + plan.run(k.conversionId, k.destination, k.step, now).changes, 0))();
    },
    async claimUploads(c) {
      return claim.immediate(c);
    },
    async recordUploads(owner, changes) {
      return recordAll.immediate(owner, changes);
    },
    async uploads(q = {}) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      for (const [column, value] of [
        ['destination', q.destination],
        ['state', q.state],
      ] as const) {
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        params.push(value);
      }
      if (q.conversionIds) {
        if (!q.conversionIds.length) return [];
        where.push(`conversion_id IN (${q.conversionIds.map(() => '?').join(', ')})`);
        params.push(...q.conversionIds);
      }
      const sql = `SELECT ${COLUMNS} FROM uploads ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, conversion_id, destination LIMIT ?`;
      return db
        .prepare<(string | number)[], UploadRow>(sql)
        .all(...params, q.limit ?? -1)
        .map(uploadOf);
    },
  };
}

function changeParams(ch: UploadChange, owner: string, now: string): ChangeParams {
  return {
    state: ch.state,
    reason: ch.reason?.slice(0, MAX_REASON) ?? null,
    waitingUntil: ch.waitingUntil?.toISOString() ?? null,
    requestId: ch.requestId ?? null,
    attempted: ch.attempted ? 1 : 0,
    now,
    conversionId: ch.conversionId,
    destination: ch.destination,
    owner,
  };
}
