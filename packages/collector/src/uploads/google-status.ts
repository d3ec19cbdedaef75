/**
 * Google's verdicts: the `sent` rows, grouped by the request that carried them, asked of
 * requestStatus:retrieve. Each step of a request is its own destination (reference = step), so
 * a verdict applies to that step's rows: SUCCESS → accepted; FAILED → rejected with the counted
 * reasons; PARTIAL_SUCCESS → accepted, the reason saying how many records were refused and why
 * (Google does not say which); PROCESSING → asked again after STATUS_RECHECK_MS; a request
 * Google does not know → its rows are sent again (same transactionIds: no second conversion).
 */
import type { EventStore } from '../store/types';
import type { Upload, UploadChange } from '../store/upload-types';
import type { GoogleClient, StatusAnswer } from './google';
import { LEASE_MS_FOR_STATUS, STATUS_RECHECK_MS } from './timing';
import type { PassTally } from './summary';

function changesOf(rows: readonly Upload[], answer: StatusAnswer, now: number): UploadChange[] {
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
    if (answer.kind === 'unknown') return { ...key, state: 'waiting', reason: 'sent again: Google did not know its request' };
    const reason = answer.kind === 'processing' ? 'Google is processing the request' : `status not known yet: ${answer.reason}`;
    return { ...key, state: 'sent', reason, waitingUntil: new Date(now + STATUS_RECHECK_MS) };
  });
}

/** Asks the verdict of every due `sent` row of Google; stops at the first credentials refusal. */
export async function pollGoogleStatus(store: EventStore, client: GoogleClient, owner: string, tally: PassTally): Promise<void> {
  for (;;) {
    const rows = await store.claimUploads({ destination: 'google', state: 'sent', limit: 2000, leaseMs: LEASE_MS_FOR_STATUS, owner });
    if (rows.length === 0) return;
    const byRequest = new Map<string, Upload[]>();
    for (const r of rows) byRequest.set(r.requestId ?? '', [...(byRequest.get(r.requestId ?? '') ?? []), r]);
    const changes: UploadChange[] = [];
    for (const [requestId, group] of byRequest) {
      const answer: StatusAnswer = requestId ? await client.status(requestId) : { kind: 'unknown' };
      if (answer.kind === 'credentials') tally.stopped = `credentials refused: ${answer.reason}`;
      changes.push(...changesOf(group, answer, Date.now()));
    }
    await store.recordUploads(owner, changes);
    tally.count(changes);
    if (tally.stopped) return;
  }
}
