/**
 * Taking back Google conversions whose lead turned out spam after the upload (issue 22). The
 * Data Manager API documents adjustments but no retraction [D-ADJ]; the Google Ads API's
 * ConversionAdjustmentUploadService documents `RETRACTION`, which negates a conversion (its count
 * and value) and is keyed on the conversion action and the order id: the transactionId the Data
 * Manager API was sent ([D-MAP] maps one to the other). REST, as Google documents it:
 * `POST {apiUrl}/{version}/customers/{operatingAccountId}:uploadConversionAdjustments` with the
 * access token (its scope includes adwords), `developer-token` and `login-customer-id` headers,
 * and `partialFailure: true`; each refused adjustment is named in `partialFailureError` by its
 * index. `CONVERSION_ALREADY_RETRACTED` counts as taken back: a pass that died after Google took
 * a retraction sends it again. Only `accepted` rows are retracted (Google's verdict is in).
 */
import { refreshTakeBack } from '../quality/crm-spam';
import type { EventStore } from '../store/types';
import type { ClaimedRetraction, RetractionChange } from '../store/upload-types';
import type { GoogleRetractionConfig } from './config-types';
import { transactionIdOf, type GoogleClient } from './google';
import { NetworkError, isTransientStatus, type HttpAnswer } from './http';
import { backoffMs, MAX_ATTEMPTS } from './outcome';
import type { PassTally } from './summary';
import { LEASE_MS } from './timing';

/** Google Ads takes fewer than 2,001 adjustments per request (TOO_MANY_ADJUSTMENTS_IN_REQUEST). */
const MAX_ADJUSTMENTS = 2000;
/** Codes that may clear by themselves (Google still processing the conversion): tried again with backoff. */
const LATER = new Set(['CONVERSION_NOT_FOUND', 'TOO_RECENT_CONVERSION_ACTION', 'TOO_RECENT_CONVERSION']);

type Json = Record<string, unknown>;
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** Google Ads' date-time: `yyyy-mm-dd hh:mm:ss+00:00`. */
export const adsDateTime = (d: Date): string => `${d.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;

/** The ConversionAdjustment of a conversion at its step. */
function adjustment(client: GoogleClient, r: ClaimedRetraction, at: Date): Json {
  const customer = client.config.operatingAccountId;
  return {
    conversionAction: `customers/${customer}/conversionActions/${client.config.conversionActions[r.step]}`,
    adjustmentType: 'RETRACTION',
    orderId: transactionIdOf(r.conversionId, r.step),
    adjustmentDateTime: adsDateTime(at),
  };
}

/** The GoogleAdsFailure errors of an answer (a partial failure, or a whole request refused): code and adjustment index. */
function failures(container: unknown): { code: string; index?: number; message: string }[] {
  const details = asArray((container as Json | undefined)?.details);
  return details.flatMap((d) =>
    asArray(d.errors).map((e) => {
      const code = String(Object.values((e.errorCode as Json | undefined) ?? {})[0] ?? 'UNKNOWN');
      const path = asArray((e.location as Json | undefined)?.fieldPathElements);
      const at = path.find((p) => p.fieldName === 'conversion_adjustments' || p.fieldName === 'conversionAdjustments');
      return { code, message: String(e.message ?? ''), ...(typeof at?.index === 'number' ? { index: at.index } : {}) };
    }),
  );
}

type Outcome =
  | { kind: 'done'; refused: Map<number, string> }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'stop'; reason: string };

/** What an answer means: done (with the refused adjustments by index), try again later, or stop (the operator must fix something). */
function outcomeOf(answer: HttpAnswer): Outcome {
  if (answer.status === 200) {
    const refused = new Map<number, string>();
    for (const f of failures(answer.body.partialFailureError)) if (f.index !== undefined) refused.set(f.index, f.code);
    return { kind: 'done', refused };
  }
  const errors = failures(answer.body.error);
  const codes = [...new Set(errors.map((e) => e.code))].join(', ') || String((answer.body.error as Json | undefined)?.status ?? '');
  const reason = `HTTP ${answer.status}${codes ? ` ${codes}` : ''}`;
  if (isTransientStatus(answer.status))
    return { kind: 'retry', reason, ...(answer.retryAfterMs ? { retryAfterMs: answer.retryAfterMs } : {}) };
  return { kind: 'stop', reason: `the Google Ads API refused the request (${reason}): check google.retractions and the credentials` };
}

async function post(client: GoogleClient, r: GoogleRetractionConfig, adjustments: readonly Json[], validateOnly = false): Promise<Outcome> {
  const { operatingAccountId, loginAccountId } = client.config;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'developer-token': r.developerToken,
    ...(loginAccountId ? { 'login-customer-id': loginAccountId } : {}),
  };
  const url = `${r.apiUrl}/${r.apiVersion}/customers/${operatingAccountId}:uploadConversionAdjustments`;
  try {
    const answer = await client.call(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ conversionAdjustments: adjustments, partialFailure: true, ...(validateOnly ? { validateOnly } : {}) }),
    });
    return outcomeOf(answer);
  } catch (err) {
    if (err instanceof NetworkError) return { kind: 'retry', reason: err.message };
    return { kind: 'stop', reason: (err as Error).message };
  }
}

/** The change of one row after the answer about its adjustment. */
function changeOf(row: ClaimedRetraction, outcome: Outcome, refusedCode: string | undefined, firstBackoffMs?: number): RetractionChange {
  const key = { conversionId: row.conversionId, destination: 'google' as const };
  if (outcome.kind === 'stop') return { ...key, state: 'waiting', reason: outcome.reason };
  const retry = outcome.kind === 'retry' ? outcome : refusedCode && LATER.has(refusedCode) ? { reason: refusedCode } : undefined;
  if (retry) {
    const attempts = row.attempts + 1;
    if (attempts >= MAX_ATTEMPTS)
      return { ...key, state: 'refused', reason: `tries spent (${attempts}): ${retry.reason}`, attempted: true };
    const wait = backoffMs(attempts, 'retryAfterMs' in retry ? retry.retryAfterMs : 0, firstBackoffMs);
    return { ...key, state: 'waiting', reason: `retry: ${retry.reason}`, due: new Date(Date.now() + wait), attempted: true };
  }
  if (!refusedCode || refusedCode === 'CONVERSION_ALREADY_RETRACTED') return { ...key, state: 'retracted' };
  return { ...key, state: 'refused', reason: refusedCode, attempted: true };
}

/** Retracts every due Google retraction of the ledger, one request per 2,000 conversions; counts them in the tally. */
export async function retractGoogle(o: {
  store: EventStore;
  client: GoogleClient;
  owner: string;
  tally: PassTally;
  firstBackoffMs?: number;
}): Promise<void> {
  const { store, client, owner, tally, firstBackoffMs } = o;
  const config = client.config.retractions;
  if (!config) return;
  for (;;) {
    const rows = await store.claimRetractions({ destination: 'google', limit: MAX_ADJUSTMENTS, leaseMs: LEASE_MS, owner });
    if (!rows.length) return;
    // Revisions of one outcome share their transactionId: one adjustment takes them all back.
    const keyOf = (r: ClaimedRetraction) => `${r.step} ${transactionIdOf(r.conversionId, r.step)}`;
    const keys = [...new Set(rows.map(keyOf))];
    const now = new Date();
    const first = new Map(rows.map((r) => [keyOf(r), r] as const));
    const outcome = await post(
      client,
      config,
      keys.map((k) => adjustment(client, first.get(k)!, now)),
    );
    const refused = outcome.kind === 'done' ? outcome.refused : new Map<number, string>();
    const changes = rows.map((r) => changeOf(r, outcome, refused.get(keys.indexOf(keyOf(r))), firstBackoffMs));
    await store.recordRetractions(owner, changes);
    tally.countRetractions(changes);
    for (const leadId of new Set(rows.flatMap((r) => (r.leadId ? [r.leadId] : [])))) await refreshTakeBack(store, leadId);
    if (outcome.kind !== 'done') {
      if (outcome.kind === 'stop') tally.stopped = outcome.reason;
      return;
    }
  }
}

/**
 * `destinations check`: one RETRACTION of a made-up conversion with `validateOnly` (nothing
 * changes at Google). Reaching Google with the developer token and the scope accepted passes;
 * Google refusing that conversion (it does not exist) is expected and said.
 */
export async function checkRetractions(client: GoogleClient): Promise<{ ok: boolean; text: string }> {
  const r = client.config.retractions!;
  const step = Object.keys(client.config.conversionActions)[0]!;
  const made: ClaimedRetraction = { conversionId: `leadbeacon-check-${Date.now()}`, step, attempts: 0 };
  const outcome = await post(client, r, [adjustment(client, made, new Date())], true);
  if (outcome.kind !== 'done') return { ok: false, text: `failed: ${outcome.reason}` };
  const refused = [...outcome.refused.values()];
  return { ok: true, text: `passed${refused.length ? ` (the made-up conversion refused as expected: ${refused.join(', ')})` : ''}` };
}
