import type { Database } from 'better-sqlite3';
import { MAX_REASON } from './upload-rows';
import type { RetractionChange, RetractionClaim, RetractionLedger, RetractionRequest } from './upload-types';

interface RecordParams {
  state: string;
  reason: string | null;
  due: string | null;
  attempted: number;
  now: string;
  conversionId: string;
  destination: string;
  owner: string;
}

/** The retractions of the SQLite store's upload ledger; a claim takes the write lock first, so two processes never lease one row. */
export function sqliteRetractions(db: Database): RetractionLedger {
  const ask = db.prepare<[string, string, string, string, string], { conversion_id: string }>(
    `UPDATE uploads SET retraction = ?, retraction_reason = ?, retraction_lead = ?
     WHERE conversion_id = ? AND destination = ? AND state IN ('sent', 'accepted') AND retraction IS NULL
     RETURNING conversion_id`,
  );
  const due = db.prepare<
    [string, string, string, number],
    { conversion_id: string; step: string; retraction_lead: string | null; retraction_attempts: number }
  >(
    `SELECT conversion_id, step, retraction_lead, retraction_attempts FROM uploads WHERE destination = ? AND state = 'accepted' AND retraction = 'waiting'
       AND (retraction_due IS NULL OR retraction_due <= ?) AND (lease_until IS NULL OR lease_until <= ?)
     ORDER BY created_at, conversion_id LIMIT ?`,
  );
  const lease = db.prepare<[string, string, string, string]>(
    'UPDATE uploads SET lease_owner = ?, lease_until = ? WHERE conversion_id = ? AND destination = ?',
  );
  const record = db.prepare<RecordParams>(
    `UPDATE uploads SET retraction = @state, retraction_reason = @reason, retraction_due = @due,
       retraction_attempts = retraction_attempts + @attempted,
       retraction_at = CASE WHEN @state IN ('retracted', 'refused') THEN @now ELSE retraction_at END, lease_owner = NULL, lease_until = NULL
     WHERE conversion_id = @conversionId AND destination = @destination AND lease_owner = @owner`,
  );
  const askAll = db.transaction((r: RetractionRequest) =>
    r.conversionIds.flatMap((id) =>
      ask.all(r.state, r.reason.slice(0, MAX_REASON), r.leadId, id, r.destination).map((row) => row.conversion_id),
    ),
  );
  const claim = db.transaction((c: RetractionClaim) => {
    const now = Date.now();
    const iso = new Date(now).toISOString();
    const rows = due.all(c.destination, iso, iso, c.limit);
    const until = new Date(now + c.leaseMs).toISOString();
    for (const r of rows) lease.run(c.owner, until, r.conversion_id, c.destination);
    return rows.map((r) => ({
      conversionId: r.conversion_id,
      step: r.step,
      attempts: Number(r.retraction_attempts),
      ...(r.retraction_lead ? { leadId: r.retraction_lead } : {}),
    }));
  });
  const recordAll = db.transaction((owner: string, changes: readonly RetractionChange[]) => {
    const now = new Date().toISOString();
    let changed = 0;
    for (const ch of changes) {
      const reason = ch.reason?.slice(0, MAX_REASON) ?? null;
      const due = ch.due?.toISOString() ?? null;
      const { state, conversionId, destination } = ch;
      changed += record.run({ state, reason, due, attempted: ch.attempted ? 1 : 0, now, conversionId, destination, owner }).changes;
    }
    return changed;
  });
  return {
    async requestRetractions(r) {
      return askAll.immediate(r);
    },
    async claimRetractions(c) {
      return claim.immediate(c);
    },
    async recordRetractions(owner, changes) {
      return recordAll.immediate(owner, changes);
    },
  };
}
