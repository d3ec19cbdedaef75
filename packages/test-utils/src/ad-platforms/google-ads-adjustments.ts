// The Google Ads API's ConversionAdjustmentUploadService for the fake (googleads.googleapis.com):
// `POST /{version}/customers/{customerId}:uploadConversionAdjustments`, only what a RETRACTION of a
// conversion the Data Manager fake holds needs. It refuses what Google documents refusing: a token
// without the adwords scope, a missing or unknown developer token, partialFailure not true, more
// than 2,000 adjustments, an unknown conversion action, a malformed adjustment time, a conversion
// it does not hold (by conversion action + order id = the Data Manager transactionId), one older
// than 54 days, an adjustment before its conversion, one already retracted, and the same
// conversion twice in a request. Refused adjustments come back in `partialFailureError` by index
// (GoogleAdsFailure), the others as results. The enum and field spellings follow Google's protos;
// the exact HTTP status of a bad developer token is UNVERIFIED (401 here).
import { answerJson, type Exchange } from './fake-server';
import type { ConversionBook } from './google-processing';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ADWORDS_SCOPE = 'https://www.googleapis.com/auth/adwords';
export const ADJUSTMENTS_PATH = /^\/(v\d+)\/customers\/(\d{10}):uploadConversionAdjustments$/;
const DAY = 86_400_000;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})([+-]\d{2}:\d{2})$/;

/** One retraction Google took. */
export interface TakenRetraction {
  customerId: string;
  conversionActionId: string;
  orderId: string;
  adjustmentDateTime: string;
}

export interface AdjustmentsState {
  developerToken: string;
  conversionActionIds: Set<string>;
  book: ConversionBook;
  retractions: TakenRetraction[];
}

/** A Google Ads API error body: google.rpc.Status with one GoogleAdsFailure (version in its type). */
function adsFailure(version: string, errors: { code: Json; message: string; index?: number }[]): Json {
  return {
    '@type': `type.googleapis.com/google.ads.googleads.${version}.errors.GoogleAdsFailure`,
    errors: errors.map((e) => ({
      errorCode: e.code,
      message: e.message,
      ...(e.index === undefined ? {} : { location: { fieldPathElements: [{ fieldName: 'conversion_adjustments', index: e.index }] } }),
    })),
  };
}

function refuseWhole(exchange: Exchange, version: string, status: number, rpc: string, code: Json, message: string): void {
  answerJson(exchange, status, { error: { code: status, message, status: rpc, details: [adsFailure(version, [{ code, message }])] } });
}

const parseTime = (v: unknown): number | undefined => {
  const m = DATE_TIME.exec(String(v ?? ''));
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3]}`);
  return Number.isNaN(t) ? undefined : t;
};

/** Why Google refuses one adjustment (its ConversionAdjustmentUploadError or other code), or undefined when it retracts it. */
function refusal(state: AdjustmentsState, customerId: string, a: Json, seen: Set<string>): Json | undefined {
  const action = /^customers\/(\d{10})\/conversionActions\/(\d+)$/.exec(String(a.conversionAction ?? ''));
  if (!action || action[1] !== customerId || !state.conversionActionIds.has(action[2]!))
    return { conversionAdjustmentUploadError: 'INVALID_CONVERSION_ACTION' };
  if (a.adjustmentType !== 'RETRACTION') return { requestError: 'UNSUPPORTED_BY_FAKE' };
  const at = parseTime(a.adjustmentDateTime);
  if (at === undefined) return { dateError: 'INVALID_FIELD_VALUES_IN_DATE_TIME' };
  const key = `${action[2]} ${String(a.orderId ?? '')}`;
  if (seen.has(key)) return { conversionAdjustmentUploadError: 'DUPLICATE_ADJUSTMENT_IN_REQUEST' };
  seen.add(key);
  const held = state.book.byTransaction.get(key);
  if (!held || held.operatingAccountId !== customerId) return { conversionAdjustmentUploadError: 'CONVERSION_NOT_FOUND' };
  const convertedAt = Date.parse(String(held.event.eventTimestamp));
  if (Date.now() - convertedAt > 54 * DAY) return { conversionAdjustmentUploadError: 'CONVERSION_EXPIRED' };
  if (at < convertedAt) return { conversionAdjustmentUploadError: 'ADJUSTMENT_PRECEDES_CONVERSION' };
  if (state.retractions.some((r) => `${r.conversionActionId} ${r.orderId}` === key))
    return { conversionAdjustmentUploadError: 'CONVERSION_ALREADY_RETRACTED' };
  return undefined;
}

/** Answers one uploadConversionAdjustments request whose token was checked valid; `scoped`: the token has the adwords scope. */
export function handleAdjustments(state: AdjustmentsState, exchange: Exchange, scoped: boolean): void {
  const [, version, customerId] = ADJUSTMENTS_PATH.exec(exchange.record.path)!;
  const v = version!;
  if (!scoped)
    return refuseWhole(
      exchange,
      v,
      403,
      'PERMISSION_DENIED',
      { authorizationError: 'ACTION_NOT_PERMITTED' },
      'Request had insufficient authentication scopes.',
    );
  if (exchange.req.headers['developer-token'] !== state.developerToken)
    return refuseWhole(
      exchange,
      v,
      401,
      'UNAUTHENTICATED',
      { authenticationError: 'DEVELOPER_TOKEN_INVALID' },
      'The developer token is not valid.',
    );
  let body: Json;
  try {
    body = JSON.parse(exchange.record.body || '{}');
  } catch {
    return refuseWhole(exchange, v, 400, 'INVALID_ARGUMENT', { requestError: 'INVALID_INPUT' }, 'Invalid JSON payload received.');
  }
  const adjustments: Json[] = Array.isArray(body.conversionAdjustments) ? body.conversionAdjustments : [];
  if (body.partialFailure !== true)
    return refuseWhole(exchange, v, 400, 'INVALID_ARGUMENT', { requestError: 'INVALID_INPUT' }, 'partial_failure must be true.');
  if (adjustments.length === 0 || adjustments.length > 2000)
    return refuseWhole(
      exchange,
      v,
      400,
      'INVALID_ARGUMENT',
      { conversionAdjustmentUploadError: 'TOO_MANY_ADJUSTMENTS_IN_REQUEST' },
      'Between 1 and 2,000 adjustments.',
    );
  const seen = new Set<string>();
  const errors: { code: Json; message: string; index: number }[] = [];
  const results = adjustments.map((a, index) => {
    const code = refusal(state, customerId!, a, seen);
    if (code) {
      errors.push({ code, message: String(Object.values(code)[0]), index });
      return {};
    }
    const conversionActionId = String(a.conversionAction).split('/').pop()!;
    if (body.validateOnly === true) return {};
    state.retractions.push({
      customerId: customerId!,
      conversionActionId,
      orderId: String(a.orderId),
      adjustmentDateTime: String(a.adjustmentDateTime),
    });
    return {
      conversionAction: a.conversionAction,
      adjustmentType: 'RETRACTION',
      orderId: a.orderId,
      adjustmentDateTime: a.adjustmentDateTime,
    };
  });
  const partialFailureError = errors.length
    ? {
        code: 3,
        message: errors.map((e) => `${e.message}, at conversion_adjustments[${e.index}]`).join('; '),
        details: [adsFailure(v, errors)],
      }
    : undefined;
  answerJson(exchange, 200, { ...(partialFailureError ? { partialFailureError } : {}), results });
}
