import type { Destination, Upload, UploadState } from './upload-types';

/** An uploads row as both databases return it (times as UTC ISO strings). */
export interface UploadRow {
  conversion_id: string;
  destination: string;
  step: string;
  state: string;
  attempts: number;
  waiting_until: string | null;
  reason: string | null;
  sent_at: string | null;
  accepted_at: string | null;
  request_id: string | null;
}

/** Reasons are kept to this length: a platform's message, not a whole response body. */
export const MAX_REASON = 500;

export function uploadOf(r: UploadRow): Upload {
  const u: Upload = {
    conversionId: r.conversion_id,
    step: r.step,
    destination: r.destination as Destination,
    state: r.state as UploadState,
    attempts: Number(r.attempts),
  };
  if (r.waiting_until !== null) u.waitingUntil = r.waiting_until;
  if (r.reason !== null) u.reason = r.reason;
  if (r.sent_at !== null) u.sentAt = r.sent_at;
  if (r.accepted_at !== null) u.acceptedAt = r.accepted_at;
  if (r.request_id !== null) u.requestId = r.request_id;
  return u;
}
