// A stand-in for Google's Data Manager API (datamanager.googleapis.com) and its OAuth token
// endpoint, on 127.0.0.1: it refuses what the reference says Google refuses, in Google's shapes.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { answerJson, hang, startFakeServer, type Exchange, type FakeRequest } from './fake-server';
import { ADJUSTMENTS_PATH, ADWORDS_SCOPE, handleAdjustments, type AdjustmentsState, type TakenRetraction } from './google-ads-adjustments';
import { FaultQueue } from './fault-queue';
import { googleError, invalidArgument, statusName, unauthenticated } from './google-errors';
import { validateIngestRequest } from './google-ingest-validation';
import { GoogleTokenIssuer, type OAuthUser } from './google-oauth';
import {
  finishedStatus,
  processingStatus,
  processRequest,
  type ConversionBook,
  type IngestedEvent,
  type ProcessingRules,
} from './google-processing';
import { makeServiceAccountKey, type ServiceAccountKeyFile } from './service-account';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface GoogleDataManagerOptions {
  /**
   * Google Ads accounts the credentials may use as operatingAccount [D-ACCESS]; others → 403
   * PERMISSION_DENIED. Default: any well-formed account id.
   */
  operatingAccountIds?: Iterable<string>;
  /** Conversion action ids the accounts have (productDestinationId); others → INVALID_CONVERSION_ACTION_ID. Default 111, 222, 333, 444. */
  conversionActionIds?: Iterable<string>;
  /** Lifetime of issued access tokens, seconds (Google: 3599). Default 3600. */
  tokenLifetimeSeconds?: number;
  /** How many requestStatus:retrieve calls per request answer PROCESSING before the outcome. Default 1. */
  processingPolls?: number;
  /** gclid/gbraid/wbraid Google does not know. */
  invalidClickIds?: Iterable<string>;
  /** When each click happened (click id → Date or ms), for the 6-hour, before-click and 90-day rules. */
  clicks?: Record<string, Date | number>;
  /** What a transactionId already seen for the conversion action is: 'adjust' (default, [D-ADJ]) or 'reject'. */
  repeatedTransactionId?: ProcessingRules['repeatedTransactionId'];
  /** The Google Ads API developer token retractions must carry. Default 'fake-developer-token'. */
  developerToken?: string;
}

/** The fake's endpoints: the Data Manager API's, the token endpoint, and the Google Ads API's uploadConversionAdjustments. */
type Endpoint = 'ingest' | 'status' | 'token' | 'adjust';

/** A fault to play on the next requests to an endpoint (default 'ingest'). */
export type GoogleBehaviour = { endpoint?: Endpoint } & (
  | { failNext: number; status?: 500 | 503 }
  | { rateLimitNext: number; retryAfter?: number }
  /** Never answer the next n requests; `afterStore` (default true) ingests the batch first. */
  | { hangNext: number; afterStore?: boolean }
  /** Every access token issued so far expires now: the next call with one gets 401 UNAUTHENTICATED. */
  | { expireTokens: true }
  /** The same, right after the next ingest request is answered: mid-pass, before its status is asked for. */
  | { expireTokensAfterNextIngest: true }
);

export interface GoogleDataManager {
  /** Base URL, e.g. http://127.0.0.1:40123 — the API's root (apiUrl) and the host of the token endpoint. */
  url: string;
  /** The OAuth token endpoint, `${url}/token`: what a key file's token_uri names. */
  tokenUri: string;
  requests: readonly FakeRequest[];
  /** Writes a service account key file whose token_uri is this fake's, and trusts its key. */
  serviceAccountKey(dir?: string): ServiceAccountKeyFile;
  /** Trusts an existing key (e.g. from makeServiceAccountKey). */
  trustServiceAccount(file: ServiceAccountKeyFile): void;
  /** Registers an OAuth user (client id, secret, refresh token) for the refresh-token grant. */
  oauthUser(user?: Partial<OAuthUser>, scopes?: string[]): OAuthUser;
  /** Records when a click happened (for the click-age rules). */
  click(clickId: string, at: Date | number): void;
  behave(behaviour: GoogleBehaviour): void;
  /** The stored status answer for a request id (as requestStatus:retrieve would give once done), or undefined. */
  statusOf(requestId: string): Json[] | undefined;
  /** Every (event, destination) ingested, across requests, with its outcome. */
  accepted(): IngestedEvent[];
  /** The unique (conversion action, transactionId) pairs Google counts as conversions. */
  conversionsCounted(): { conversionActionId: string; transactionId: string }[];
  /**
   * The conversions Google holds, as the latest adjustment left them: an event with a
   * (conversion action, transactionId) seen before restates the value [D-ADJ], it adds none.
   */
  conversions(): HeldConversion[];
  /** The retractions the Google Ads API endpoint took, in order. */
  retractions(): TakenRetraction[];
  close(): Promise<void>;
}

/** One conversion Google holds: its value and currency as last restated, and how many adjustments restated it. */
export interface HeldConversion {
  conversionActionId: string;
  transactionId: string;
  conversionValue?: number;
  currency?: string;
  adjustments: number;
}

/** Counted events make conversions; adjustments (in the order Google processed them) restate their value and currency. */
function held(results: readonly IngestedEvent[]): HeldConversion[] {
  const byKey = new Map<string, HeldConversion>();
  const restate = (c: HeldConversion, event: Json) => {
    if (event.conversionValue !== undefined) c.conversionValue = Number(event.conversionValue);
    if (event.currency !== undefined) c.currency = String(event.currency);
  };
  for (const r of results) {
    const key = `${r.conversionActionId} ${r.transactionId}`;
    if (r.outcome === 'counted') {
      const c: HeldConversion = { conversionActionId: r.conversionActionId, transactionId: r.transactionId, adjustments: 0 };
      restate(c, r.event);
      byKey.set(key, c);
    } else if (r.outcome === 'adjustment') {
      const c = byKey.get(key);
      if (!c) continue;
      c.adjustments++;
      restate(c, r.event);
    }
  }
  return [...byKey.values()];
}

interface StoredRequest {
  request: Json;
  results: IngestedEvent[];
  polls: number;
}

const INGEST = 'google.ads.datamanager.v1.IngestionService.IngestEvents';
const RETRIEVE = 'google.ads.datamanager.v1.IngestionService.RetrieveRequestStatus';

interface State {
  options: Required<Pick<GoogleDataManagerOptions, 'processingPolls'>>;
  conversionActionIds: Set<string>;
  operatingAccountIds?: Set<string>;
  rules: ProcessingRules & { clicks: Map<string, number>; invalidClickIds: Set<string> };
  issuer: GoogleTokenIssuer;
  stored: Map<string, StoredRequest>;
  book: ConversionBook;
  faults: Record<Endpoint, FaultQueue>;
  adjustments: AdjustmentsState;
  hanging: Set<ServerResponse>;
  /** Expire every token once the next ingest request is answered. */
  expireAfterIngest: boolean;
}

/** Plays the queued fault, if any; true when the request is dealt with. */
function playFault(state: State, endpoint: Endpoint, exchange: Exchange, store?: () => boolean): boolean {
  const fault = state.faults[endpoint].take();
  if (!fault) return false;
  if (fault.kind === 'hang') {
    if (fault.afterStore && store && !store()) return true;
    hang(exchange, state.hanging, fault.afterStore);
    return true;
  }
  exchange.record.fault = 'status';
  const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  const body =
    fault.status === 429
      ? googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric requests per minute.', {
          reason: 'RESOURCE_EXHAUSTED',
          metadata: { quota_limit: 'IngestionMutateRequestsPerMinutePerProject' },
        })
      : googleError(
          fault.status,
          statusName(fault.status),
          fault.status === 503 ? 'The service is currently unavailable.' : 'Internal error encountered.',
        );
  answerJson(exchange, fault.status, body, headers);
  return true;
}

function authorised(state: State, exchange: Exchange, method: string): boolean {
  const verdict = state.issuer.check(exchange.req.headers.authorization);
  if (verdict === 'valid') return true;
  answerJson(exchange, 401, unauthenticated(verdict, method), { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' });
  return false;
}

/** The first operating account the credentials may not use, if the fake was told which they may. */
function forbiddenAccount(state: State, request: Json): string | undefined {
  if (!state.operatingAccountIds) return undefined;
  const ids: string[] = request.destinations.map((d: Json) => String(d.operatingAccount.accountId));
  return ids.find((id) => !state.operatingAccountIds!.has(id));
}

/** Validates and stores a batch; answers 400 and returns undefined when Google would refuse it. */
function ingest(state: State, exchange: Exchange, request: Json): string | null | undefined {
  const violations = validateIngestRequest(request, { conversionActionIds: state.conversionActionIds, now: Date.now() });
  if (violations.length > 0) {
    answerJson(exchange, 400, invalidArgument(violations));
    return undefined;
  }
  const forbidden = forbiddenAccount(state, request);
  if (forbidden !== undefined) {
    const message = `The caller does not have permission to access operating account ${forbidden}.`;
    answerJson(exchange, 403, googleError(403, 'PERMISSION_DENIED', message, { reason: 'PERMISSION_DENIED' }));
    return undefined;
  }
  if (request.validateOnly === true) return null;
  const requestId = randomUUID();
  const results = processRequest(requestId, request, state.book, state.rules, Date.now());
  state.stored.set(requestId, { request, results, polls: 0 });
  return requestId;
}

function parseJson(exchange: Exchange): Json | undefined {
  try {
    return JSON.parse(exchange.record.body || '{}');
  } catch (error) {
    answerJson(exchange, 400, googleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${String(error)}`));
    return undefined;
  }
}

function handleIngest(state: State, exchange: Exchange): void {
  if (!authorised(state, exchange, INGEST)) return;
  let request: Json | undefined;
  const store = () => (request = parseJson(exchange)) !== undefined && ingest(state, exchange, request) !== undefined;
  if (playFault(state, 'ingest', exchange, store)) return;
  request = parseJson(exchange);
  if (!request) return;
  const requestId = ingest(state, exchange, request);
  if (requestId === undefined) return;
  answerJson(exchange, 200, requestId === null ? {} : { requestId });
  if (state.expireAfterIngest) {
    state.expireAfterIngest = false;
    state.issuer.expireAll();
  }
}

function handleStatus(state: State, exchange: Exchange): void {
  if (!authorised(state, exchange, RETRIEVE) || playFault(state, 'status', exchange)) return;
  const requestId = exchange.record.query.get('requestId') ?? '';
  const stored = state.stored.get(requestId);
  if (!stored)
    return answerJson(
      exchange,
      400,
      invalidArgument([{ field: 'requestId', reason: 'INVALID_REQUEST_ID', description: `no ingested request ${requestId}` }]),
    );
  stored.polls += 1;
  const perDestination =
    stored.polls <= state.options.processingPolls ? processingStatus(stored.request) : finishedStatus(stored.request, stored.results);
  answerJson(exchange, 200, { requestStatusPerDestination: perDestination });
}

function handleToken(state: State, exchange: Exchange): void {
  if (playFault(state, 'token', exchange)) return;
  const answer = state.issuer.exchange(new URLSearchParams(exchange.record.body));
  answerJson(exchange, answer.status, answer.body, { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' });
}

function handleAdjust(state: State, exchange: Exchange): void {
  if (!authorised(state, exchange, 'google.ads.googleads.ConversionAdjustmentUploadService.UploadConversionAdjustments')) return;
  let taken = false;
  const scoped = state.issuer.hasScope(exchange.req.headers.authorization, ADWORDS_SCOPE);
  // A hang after storing takes the retractions, then never answers.
  const store = () => {
    const quiet = { ...exchange, res: { writeHead: () => {}, end: () => {} } } as unknown as Exchange;
    handleAdjustments(state.adjustments, quiet, scoped);
    return (taken = true);
  };
  if (playFault(state, 'adjust', exchange, store) || taken) return;
  handleAdjustments(state.adjustments, exchange, scoped);
}

function route(state: State) {
  return (exchange: Exchange) => {
    const { method, path } = exchange.record;
    if (method === 'POST' && ADJUSTMENTS_PATH.test(path)) return handleAdjust(state, exchange);
    if (method === 'POST' && path === '/token') return handleToken(state, exchange);
    if (method === 'POST' && path === '/v1/events:ingest') return handleIngest(state, exchange);
    if (method === 'GET' && path === '/v1/requestStatus:retrieve') return handleStatus(state, exchange);
    answerJson(exchange, 404, googleError(404, 'NOT_FOUND', `The fake has no ${method} ${path}.`));
  };
}

const millis = (at: Date | number) => (typeof at === 'number' ? at : at.getTime());

function initialState(options: GoogleDataManagerOptions, tokenUri: () => string): State {
  const conversionActionIds = new Set(options.conversionActionIds ?? ['111', '222', '333', '444']);
  const book: ConversionBook = { byTransaction: new Map(), byClick: new Set() };
  return {
    options: { processingPolls: options.processingPolls ?? 1 },
    conversionActionIds,
    operatingAccountIds: options.operatingAccountIds && new Set(options.operatingAccountIds),
    rules: {
      clicks: new Map(Object.entries(options.clicks ?? {}).map(([id, at]) => [id, millis(at)])),
      invalidClickIds: new Set(options.invalidClickIds ?? []),
      repeatedTransactionId: options.repeatedTransactionId ?? 'adjust',
    },
    issuer: new GoogleTokenIssuer(tokenUri, options.tokenLifetimeSeconds ?? 3600),
    stored: new Map(),
    book,
    faults: { ingest: new FaultQueue(), status: new FaultQueue(), token: new FaultQueue(), adjust: new FaultQueue() },
    adjustments: { developerToken: options.developerToken ?? 'fake-developer-token', conversionActionIds, book, retractions: [] },
    hanging: new Set(),
    expireAfterIngest: false,
  };
}

function queue(state: State, behaviour: GoogleBehaviour): void {
  const faults = state.faults[behaviour.endpoint ?? 'ingest'];
  if ('expireTokens' in behaviour) return state.issuer.expireAll();
  if ('expireTokensAfterNextIngest' in behaviour) return void (state.expireAfterIngest = true);
  if ('failNext' in behaviour) return faults.add({ kind: 'status', status: behaviour.status ?? 500 }, behaviour.failNext);
  if ('rateLimitNext' in behaviour)
    return faults.add({ kind: 'status', status: 429, retryAfter: behaviour.retryAfter ?? 1 }, behaviour.rateLimitNext);
  faults.add({ kind: 'hang', afterStore: behaviour.afterStore ?? true }, behaviour.hangNext);
}

/** Starts the fake Data Manager API (events:ingest, requestStatus:retrieve) and token endpoint on 127.0.0.1. */
export async function startGoogleDataManager(options: GoogleDataManagerOptions = {}): Promise<GoogleDataManager> {
  let url = '';
  const state = initialState(options, () => `${url}/token`);
  const server = await startFakeServer(route(state));
  url = server.url;
  state.hanging = server.hanging;
  const all = () => [...state.stored.values()].flatMap((s) => s.results);
  return {
    url,
    tokenUri: `${url}/token`,
    requests: server.requests,
    serviceAccountKey(dir) {
      const file = makeServiceAccountKey(`${url}/token`, dir);
      state.issuer.trustServiceAccount(file.key.client_email, file.publicKey);
      return file;
    },
    trustServiceAccount: (file) => state.issuer.trustServiceAccount(file.key.client_email, file.publicKey),
    oauthUser: (user, scopes) => state.issuer.addUser(user, scopes),
    click: (clickId, at) => void state.rules.clicks.set(clickId, millis(at)),
    behave: (behaviour) => queue(state, behaviour),
    statusOf(requestId) {
      const stored = state.stored.get(requestId);
      return stored && finishedStatus(stored.request, stored.results);
    },
    accepted: all,
    conversionsCounted: () =>
      all()
        .filter((r) => r.outcome === 'counted')
        .map(({ conversionActionId, transactionId }) => ({ conversionActionId, transactionId })),
    conversions: () => held(all()),
    retractions: () => [...state.adjustments.retractions],
    close: server.close,
  };
}
