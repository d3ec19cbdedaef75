/**
 * Google's verdicts: the `sent` rows, grouped by the request that carried them, asked of
 * requestStatus:retrieve. Each step of a request is its own destination (reference = step), so
 * a verdict applies to that step's rows: SUCCESS → accepted; FAILED → rejected with the counted
 * reasons; PARTIAL_SUCCESS → accepted, the reason saying how many records were refused and why
 * (Google does not say which); PROCESSING (or no answer) → left sent, and
 * leased for STATUS_RECHECK_MS, so it is asked again after that (its sentAt stays the send's); a request
 * Google does not know → its rows are sent again (same transactionIds: no second conversion).
 */
import type { EventStore } from '../store/types';
import type { Upload, UploadChange } from '../store/upload-types';
import type { GoogleClient, StatusAnswer } from './google';
import { STATUS_RECHECK_MS } from './timing';
import type { PassTally } from './summary';

function changesOf(rows: readonly Upload[], answer: Extract<StatusAnswer, { kind: 'done' | 'unknown' }>): UploadChange[] {
  return rows.map((r): UploadChange => {
    const key = { conversionId: r.conversionId, destination: r.destination };
    if (answer.kind === 'done') {
      const verdict = answer.steps.get(r.step);
      if (!verdict) return { ...key, state: 'waiting', reason: 'sent again: no verdict for its step' };
      return {
        ...key,
        state: verdict.state,
        ...(verdict.reason ? { reason: verdict.reason } : {}),
        attempted: verdict.state === 'rejected',
      };
    }
    return { ...key, state: 'waiting', reason: 'sent again: Google did not know its request' };
  });
}

/** Asks the verdict of every due `sent` row of Google; stops at the first credentials refusal. */
export async function pollGoogleStatus(store: EventStore, client: GoogleClient, owner: string, tally: PassTally): Promise<void> {
  for (;;) {
    const rows = await store.claimUploads({ destination: 'google', state: 'sent', limit: 2000, leaseMs: STATUS_RECHECK_MS, owner });
    if (rows.length === 0) return;
    const byRequest = new Map<string, Upload[]>();
    for (const r of rows) byRequest.set(r.requestId ?? '', [...(byRequest.get(r.requestId ?? '') ?? []), r]);
    const changes: UploadChange[] = [];
    for (const [requestId, group] of byRequest) {
      const answer: StatusAnswer = requestId ? await client.status(requestId) : { kind: 'unknown' };
      if (answer.kind === 'credentials') tally.stopped = `credentials refused: ${answer.reason}`;
      // Still processing, or no answer: the rows stay sent and leased; the lease running out is the wait before asking again.
      if (answer.kind === 'done' || answer.kind === 'unknown') changes.push(...changesOf(group, answer));
    }
    await store.recordUploads(owner, changes);
    tally.count(changes);
    if (tally.stopped) return;
  }
}
