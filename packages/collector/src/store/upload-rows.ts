import type { Destination, RetractionState, Upload, UploadState } from './upload-types';

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
  retraction: string | null;
  retraction_reason: string | null;
  retraction_at: string | null;
  retraction_attempts: number;
  retraction_due: string | null;
  retraction_lead: string | null;
}

/** The ledger's columns, as both stores select them. */
export const UPLOAD_COLUMNS =
  'conversion_id, destination, step, state, attempts, waiting_until, reason, sent_at, accepted_at, request_id, ' +
  'retraction, retraction_reason, retraction_at, retraction_attempts, retraction_due, retraction_lead';

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
  if (r.retraction !== null) {
    u.retraction = { state: r.retraction as RetractionState, attempts: Number(r.retraction_attempts) };
    if (r.retraction_reason !== null) u.retraction.reason = r.retraction_reason;
    if (r.retraction_at !== null) u.retraction.at = r.retraction_at;
    if (r.retraction_due !== null) u.retraction.due = r.retraction_due;
    if (r.retraction_lead !== null) u.retraction.leadId = r.retraction_lead;
  }
  return u;
}
