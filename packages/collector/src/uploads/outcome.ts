/**
 * What the ledger records for a batch after an attempt (attempt.ts), with the retry policy:
 * a network error, a timeout, 429 or 5xx waits with backoff (1 min, doubling, at most 6 h;
 * Retry-After when longer) and counts an attempt; after MAX_ATTEMPTS the row is given up. Eight
 * attempts span about 4 h, well inside Meta's 48-hour dedupe window, so a batch the platform
 * stored before it timed out is de-duplicated when sent again.
 */
import type { Destination, Upload, UploadChange } from '../store/upload-types';
import type { Attempt } from './attempt';

export const MAX_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;

/** How long to wait before attempt `attempts + 1`. */
export function backoffMs(attempts: number, retryAfterMs = 0, firstMs = FIRST_BACKOFF_MS): number {
  return Math.max(retryAfterMs, Math.min(MAX_BACKOFF_MS, firstMs * 2 ** Math.max(0, attempts - 1)));
}

/** The ledger changes for the rows of one batch after an attempt on it. */
export function changesFor(
  rows: readonly Upload[],
  attempt: Attempt,
  takenState: 'sent' | 'accepted',
  firstBackoffMs = FIRST_BACKOFF_MS,
): UploadChange[] {
  const now = new Date();
  const change = (row: Upload, rest: Omit<UploadChange, 'conversionId' | 'destination'>): UploadChange => ({
    conversionId: row.conversionId,
    destination: row.destination,
    ...rest,
  });
  switch (attempt.kind) {
    case 'taken':
      return rows.map((r) => change(r, { state: takenState, ...(attempt.requestId ? { requestId: attempt.requestId } : {}) }));
    case 'refused':
      // Named events are refused; the others were refused only because a request fails whole: they go again now.
      if (attempt.byIndex.size === 0) return rows.map((r) => change(r, { state: 'rejected', reason: attempt.reason, attempted: true }));
      return rows.map((r, i) => {
        const reason = attempt.byIndex.get(i);
        return reason
          ? change(r, { state: 'rejected', reason, attempted: true })
          : change(r, { state: 'waiting', reason: 'sent again: another event of its request was refused' });
      });
    case 'retry':
      return rows.map((r) => {
        const attempts = r.attempts + 1;
        if (attempts >= MAX_ATTEMPTS)
          return change(r, { state: 'given_up', reason: `retries spent (${attempts}): ${attempt.reason}`, attempted: true });
        const waitingUntil = new Date(now.getTime() + backoffMs(attempts, attempt.retryAfterMs, firstBackoffMs));
        return change(r, { state: 'waiting', reason: `retry: ${attempt.reason}`, waitingUntil, attempted: true });
      });
    case 'credentials':
      return rows.map((r) => change(r, { state: 'waiting', reason: `credentials refused: ${attempt.reason}` }));
  }
}

/** A judged row that is not sent now: it waits (until when, why) or is given up. */
export function judgedChange(
  destination: Destination,
  conversionId: string,
  verdict: { waitUntil: Date; reason: string } | { giveUp: string },
): UploadChange {
  return 'giveUp' in verdict
    ? { conversionId, destination, state: 'given_up', reason: verdict.giveUp }
    : { conversionId, destination, state: 'waiting', reason: verdict.reason, waitingUntil: verdict.waitUntil };
}
