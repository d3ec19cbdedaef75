/**
 * Google Ads by the Data Manager API, spoken as REST with fetch (shared/reference/google-data-manager.md):
 * `POST /v1/events:ingest` and `GET /v1/requestStatus:retrieve`. The official Node client
 * (`@google-ads/datamanager`) is not used: its service account path cannot use a key file's own
 * token_uri (google-auth.ts), and its REST fallback sends enums as numbers; the JSON here is the
 * documented REST shape, checked by the test server.
 */
import type { Conversion } from '../exports/conversions';
import type { Attempt } from './attempt';
import type { GoogleConfig } from './config-types';
import { ADWORDS_SCOPE, CredentialsError, DATA_MANAGER_SCOPE, GoogleTokens } from './google-auth';
import { isTransientStatus, NetworkError, request, type HttpAnswer } from './http';
import { parseUploadId } from './revisions';
import type { GoogleReady } from './rules';

/** Google takes at most 2,000 events and 10 destinations in one request [D-LIM]. */
export const GOOGLE_MAX_EVENTS = 2000;
export const GOOGLE_MAX_DESTINATIONS = 10;

export interface GoogleItem {
  conversion: Conversion;
  ready: GoogleReady;
}

/**
 * The transactionId of a conversion at a step: stable, so a resend is an adjustment of the same
 * conversion, never a second one. Every revision of an outcome has its first one's (the outcome's
 * id): a new value restates the conversion Google has (revisions.ts).
 */
export const transactionId = (c: Conversion): string => `${c.id}:${c.step}`;

/** The same from the ledger's conversion id (an outcome's revision id names its outcome) and step. */
export const transactionIdOf = (conversionId: string, step: string): string => `${parseUploadId(conversionId).id}:${step}`;

function event(item: GoogleItem): Record<string, unknown> {
  const { conversion: c, ready } = item;
  const ids = [...(ready.email ? [{ emailAddress: ready.email }] : []), ...(ready.phone ? [{ phoneNumber: ready.phone }] : [])];
  return {
    destinationReferences: [c.step],
    transactionId: transactionId(c),
    eventTimestamp: new Date(c.time).toISOString(),
    // The site's leads happened on the web, a call on the phone (a click conversion keyed on the
    // visit's click id, shared/reference/call-tracking.md §4); a CRM's outcome is recorded by the business's system.
    eventSource: c.kind === 'outcome' ? 'OTHER' : c.step === 'call' ? 'PHONE' : 'WEB',
    ...(c.value !== undefined && c.currency ? { conversionValue: c.value, currency: c.currency } : {}),
    ...(ready.click ? { adIdentifiers: { [ready.click.name]: ready.click.value } } : {}),
    ...(ids.length ? { userData: { userIdentifiers: ids } } : {}),
    // Only leads whose ads consent is granted are sent (rules.ts): both kinds of use are granted.
    consent: { adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' },
  };
}

/** The IngestEventsRequest for items of at most 10 steps: one destination per step, referenced by the step. */
export function ingestBody(config: GoogleConfig, items: readonly GoogleItem[], validateOnly: boolean): Record<string, unknown> {
  const steps = [...new Set(items.map((i) => i.conversion.step))];
  const account = (accountId: string) => ({ accountId, accountType: 'GOOGLE_ADS' });
  return {
    destinations: steps.map((step) => ({
      reference: step,
      operatingAccount: account(config.operatingAccountId),
      ...(config.loginAccountId ? { loginAccount: account(config.loginAccountId) } : {}),
      productDestinationId: config.conversionActions[step],
    })),
    events: items.map(event),
    encoding: 'HEX',
    validateOnly,
  };
}

type Json = Record<string, unknown>;
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** Google's error body as a reason: the ErrorInfo reasons (by event when the field names one), else the status. */
function refusal(answer: HttpAnswer): Attempt {
  const error = (answer.body.error ?? {}) as Json;
  const infos = asArray(error.details).filter((d) => typeof d.reason === 'string');
  const byIndex = new Map<number, string>();
  for (const info of infos) {
    const field = String((info.metadata as Json | undefined)?.field ?? '');
    const m = /^events\[(\d+)\]/.exec(field);
    if (m) byIndex.set(Number(m[1]), String(info.reason));
  }
  const reason = [...new Set(infos.map((i) => String(i.reason)))].join(', ') || String(error.status ?? `HTTP ${answer.status}`);
  if (answer.status === 401 || answer.status === 403) return { kind: 'credentials', reason: `${reason}: ${String(error.message ?? '')}` };
  if (isTransientStatus(answer.status))
    return { kind: 'retry', reason, ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}) };
  return { kind: 'refused', reason, byIndex };
}

export class GoogleClient {
  readonly tokens: GoogleTokens;

  constructor(
    readonly config: GoogleConfig,
    private readonly timeoutMs?: number,
  ) {
    this.tokens = new GoogleTokens(config.credentials, config.retractions ? [DATA_MANAGER_SCOPE, ADWORDS_SCOPE] : [DATA_MANAGER_SCOPE]);
  }

  /** A call to the API (`path`) or to a full URL, with the access token; a 401 gets a new token and one more try. */
  async call(path: string, init: RequestInit): Promise<HttpAnswer> {
    const url = /^https?:/.test(path) ? path : `${this.config.apiUrl}${path}`;
    for (let tries = 0; ; tries++) {
      const token = await this.tokens.get();
      const headers = { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` };
      const answer = await request(url, { ...init, headers }, this.timeoutMs);
      if (answer.status !== 401 || tries > 0) return answer;
      this.tokens.invalidate();
    }
  }

  /** Sends one request of at most 2,000 events and 10 steps. */
  async ingest(items: readonly GoogleItem[], validateOnly = false): Promise<Attempt> {
    try {
      const body = JSON.stringify(ingestBody(this.config, items, validateOnly));
      const answer = await this.call('/v1/events:ingest', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (answer.status !== 200) return refusal(answer);
      const requestId = answer.body.requestId;
      return { kind: 'taken', ...(typeof requestId === 'string' ? { requestId } : {}) };
    } catch (err) {
      return thrown(err);
    }
  }

  /** The verdict of a request per step (its destination reference), or why there is none yet. */
  async status(requestId: string): Promise<StatusAnswer> {
    try {
      const answer = await this.call(`/v1/requestStatus:retrieve?requestId=${encodeURIComponent(requestId)}`, { method: 'GET' });
      if (answer.status !== 200) {
        const attempt = refusal(answer);
        if (attempt.kind === 'refused' && attempt.reason.includes('INVALID_REQUEST_ID')) return { kind: 'unknown' };
        if (attempt.kind === 'credentials' || attempt.kind === 'retry') return attempt;
        return { kind: 'retry', reason: attempt.kind === 'refused' ? attempt.reason : `HTTP ${answer.status}` };
      }
      return perStep(asArray(answer.body.requestStatusPerDestination));
    } catch (err) {
      return thrown(err);
    }
  }
}

/** One step's verdict: accepted, accepted with some records refused (`note`), or rejected (`reason`). */
export interface StepVerdict {
  state: 'accepted' | 'rejected';
  reason?: string;
}

export type StatusAnswer =
  | { kind: 'done'; steps: Map<string, StepVerdict> }
  | { kind: 'processing' }
  /** Google does not know the request (INVALID_REQUEST_ID): its rows are sent again (same transactionIds: no double count). */
  | { kind: 'unknown' }
  | Extract<Attempt, { kind: 'retry' | 'credentials' }>;

/** "INVALID_GCLID ×2, EVENT_TOO_OLD" from errorCounts, the prefix PROCESSING_ERROR_REASON_ left out. */
function errorReasons(status: Json): string {
  const counts = asArray((status.errorInfo as Json | undefined)?.errorCounts);
  return counts
    .map(
      (c) => `${String(c.reason).replace(/^PROCESSING_ERROR_REASON_/, '')}${Number(c.recordCount) > 1 ? ` ×${String(c.recordCount)}` : ''}`,
    )
    .join(', ');
}

/**
 * SUCCESS → accepted; FAILED → every row rejected with the counted reasons; PARTIAL_SUCCESS →
 * accepted with the refused counts as the reason (Google does not say which records: README).
 */
function perStep(statuses: Json[]): StatusAnswer {
  const steps = new Map<string, StepVerdict>();
  for (const s of statuses) {
    const step = String((s.destination as Json | undefined)?.reference ?? '');
    const state = String(s.requestStatus);
    if (state === 'PROCESSING' || state === 'REQUEST_STATUS_UNKNOWN') return { kind: 'processing' };
    if (state === 'SUCCESS') steps.set(step, { state: 'accepted' });
    else if (state === 'FAILED') steps.set(step, { state: 'rejected', reason: errorReasons(s) || 'FAILED' });
    else steps.set(step, { state: 'accepted', reason: `partly refused: ${errorReasons(s)}` });
  }
  return { kind: 'done', steps };
}

function thrown(err: unknown): Extract<Attempt, { kind: 'retry' | 'credentials' }> {
  if (err instanceof NetworkError) return { kind: 'retry', reason: err.message };
  if (err instanceof CredentialsError) return { kind: 'credentials', reason: err.message };
  throw err;
}
