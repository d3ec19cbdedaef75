// A stand-in for Meta's Conversions API (POST graph.facebook.com/{version}/{pixel}/events) on
// 127.0.0.1: it refuses what the reference says Meta refuses, in the Graph API's error envelope.
import type { ServerResponse } from 'node:http';
import { answerJson, hang, startFakeServer, type Exchange, type FakeRequest } from './fake-server';
import { FaultQueue } from './fault-queue';
import { fbtraceId, metaErrorBody, rateLimited, serverFault, TOKEN_REFUSALS, type MetaRefusal } from './meta-errors';
import { validateServerEvents } from './meta-validation';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface MetaConversionsApiOptions {
  /** Pixel (dataset) ids that exist; others → code 100 subcode 33. Default ['1234567890123456']. */
  pixelIds?: Iterable<string>;
  /** Access tokens Meta knows; others → 190. Default ['meta-test-token']. */
  accessTokens?: Iterable<string>;
}

export type MetaBehaviour =
  | { failNext: number; status?: 500 | 503 }
  /** Rate limit (code 4 or 17, transient) on the next n requests; status default 400 (UNVERIFIED), Retry-After only if given. */
  | { rateLimitNext: number; code?: 4 | 17; status?: number; retryAfter?: number }
  /** Never answer the next n requests; `afterStore` (default true) stores the batch first. */
  | { hangNext: number; afterStore?: boolean }
  /** Every access token now answers 190/463 (session expired) until `renewTokens`. */
  | { expireTokens: true }
  | { renewTokens: true };

/** One server event Meta took, with where and when it arrived. */
export interface ReceivedEvent {
  pixelId: string;
  /** Date.now() on arrival: Meta's dedupe window runs from it. */
  receivedAt: number;
  testEventCode?: string;
  event: Json;
}

export interface MetaConversionsApi {
  /** Base URL standing for https://graph.facebook.com. */
  url: string;
  requests: readonly FakeRequest[];
  behave(behaviour: MetaBehaviour): void;
  /** Every event accepted (test events included), in arrival order. */
  accepted(): ReceivedEvent[];
  /** Events sent with a test_event_code: accepted, shown in Test Events, never counted. */
  testEvents(): ReceivedEvent[];
  /** Events Meta counts: non-test events, deduplicated on (pixel, event_name, event_id) within 48 h of the first. */
  eventsCounted(): ReceivedEvent[];
  close(): Promise<void>;
}

export const DEDUPE_WINDOW_MS = 48 * 3_600_000;

interface State {
  pixelIds: Set<string>;
  accessTokens: Set<string>;
  tokensExpired: boolean;
  received: ReceivedEvent[];
  faults: FaultQueue;
  hanging: Set<ServerResponse>;
}

function refuse(exchange: Exchange, refusal: MetaRefusal, headers: Record<string, string> = {}): void {
  answerJson(exchange, refusal.status, metaErrorBody(refusal), {
    'www-authenticate': 'OAuth "Facebook Platform" "invalid_request"',
    ...headers,
  });
}

/** The request's parameters: the query, then a JSON or form-encoded body (where `data` is a JSON string). */
function parameters(exchange: Exchange): { params: Json } | { refusal: MetaRefusal } {
  const { record } = exchange;
  const params: Json = Object.fromEntries(record.query);
  const type = String(record.headers['content-type'] ?? '');
  try {
    if (type.includes('application/json')) return { params: { ...params, ...JSON.parse(record.body || '{}') } };
    const form: Json = Object.fromEntries(new URLSearchParams(record.body));
    if (typeof form.data === 'string') form.data = JSON.parse(form.data);
    return { params: { ...params, ...form } };
  } catch {
    return { refusal: { status: 400, message: '(#100) param data must be an array.', code: 100 } };
  }
}

function tokenProblem(state: State, token: unknown): MetaRefusal | undefined {
  if (typeof token !== 'string' || token === '') return TOKEN_REFUSALS.missing;
  if (!state.accessTokens.has(token)) return TOKEN_REFUSALS.unknown;
  return state.tokensExpired ? TOKEN_REFUSALS.expired : undefined;
}

/** Validates and stores the batch; returns the number received, or the refusal. */
function store(state: State, pixelId: string, params: Json): number | MetaRefusal {
  const refusal = validateServerEvents(params.data, Math.ceil(Date.now() / 1000));
  if (refusal) return refusal;
  const receivedAt = Date.now();
  const testEventCode = typeof params.test_event_code === 'string' && params.test_event_code !== '' ? params.test_event_code : undefined;
  for (const event of params.data as Json[]) state.received.push({ pixelId, receivedAt, testEventCode, event });
  return (params.data as Json[]).length;
}

function playFault(state: State, exchange: Exchange, storeBatch: () => number | MetaRefusal): boolean {
  const fault = state.faults.take();
  if (!fault) return false;
  if (fault.kind === 'hang') {
    const stored = fault.afterStore ? storeBatch() : 0;
    if (typeof stored !== 'number') refuse(exchange, stored);
    else hang(exchange, state.hanging, fault.afterStore);
    return true;
  }
  exchange.record.fault = 'status';
  const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  const limit = fault.status === 429 || fault.status < 500;
  refuse(exchange, limit ? rateLimited(fault.status, fault.code === 17 ? 17 : 4) : serverFault(fault.status), headers);
  return true;
}

function handleEvents(state: State, exchange: Exchange, version: string, pixelId: string): void {
  if (!/^v\d+\.\d+$/.test(version))
    return refuse(exchange, { status: 400, message: `Unknown path components: /${version}/${pixelId}/events`, code: 2500 });
  const parsed = parameters(exchange);
  const token = tokenProblem(state, 'params' in parsed ? parsed.params.access_token : exchange.record.query.get('access_token'));
  if (token) return refuse(exchange, token);
  if (!state.pixelIds.has(pixelId))
    return refuse(exchange, {
      status: 400,
      type: 'GraphMethodException',
      code: 100,
      subcode: 33,
      message: `Unsupported post request. Object with ID '${pixelId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    });
  if ('refusal' in parsed) return refuse(exchange, parsed.refusal);
  const { params } = parsed;
  if (playFault(state, exchange, () => store(state, pixelId, params))) return;
  const received = store(state, pixelId, params);
  if (typeof received !== 'number') return refuse(exchange, received);
  answerJson(exchange, 200, { events_received: received, messages: [], fbtrace_id: fbtraceId() });
}

function route(state: State) {
  return (exchange: Exchange) => {
    const match = /^\/([^/]+)\/([^/]+)\/events$/.exec(exchange.record.path);
    if (exchange.record.method === 'POST' && match) return handleEvents(state, exchange, match[1]!, match[2]!);
    refuse(exchange, { status: 400, message: `Unknown path components: ${exchange.record.path}`, code: 2500 });
  };
}

/** Meta's dedupe: among events with the same pixel, event_name and event_id, only the first within 48 h counts. */
export function countEvents(received: readonly ReceivedEvent[]): ReceivedEvent[] {
  const firstSeen = new Map<string, number>();
  return received.filter((r) => {
    if (r.testEventCode !== undefined) return false;
    if (typeof r.event.event_id !== 'string' || r.event.event_id === '') return true;
    const key = JSON.stringify([r.pixelId, r.event.event_name, r.event.event_id]);
    const first = firstSeen.get(key);
    if (first !== undefined && r.receivedAt - first < DEDUPE_WINDOW_MS) return false;
    firstSeen.set(key, r.receivedAt);
    return true;
  });
}

function queue(state: State, behaviour: MetaBehaviour): void {
  if ('expireTokens' in behaviour) return void (state.tokensExpired = true);
  if ('renewTokens' in behaviour) return void (state.tokensExpired = false);
  if ('failNext' in behaviour) return state.faults.add({ kind: 'status', status: behaviour.status ?? 500 }, behaviour.failNext);
  if ('rateLimitNext' in behaviour) {
    const fault = { kind: 'status' as const, status: behaviour.status ?? 400, retryAfter: behaviour.retryAfter, code: behaviour.code ?? 4 };
    return state.faults.add(fault, behaviour.rateLimitNext);
  }
  state.faults.add({ kind: 'hang', afterStore: behaviour.afterStore ?? true }, behaviour.hangNext);
}

/** Starts the fake Conversions API on 127.0.0.1. */
export async function startMetaConversionsApi(options: MetaConversionsApiOptions = {}): Promise<MetaConversionsApi> {
  const state: State = {
    pixelIds: new Set(options.pixelIds ?? ['1234567890123456']),
    accessTokens: new Set(options.accessTokens ?? ['meta-test-token']),
    tokensExpired: false,
    received: [],
    faults: new FaultQueue(),
    hanging: new Set(),
  };
  const server = await startFakeServer(route(state));
  state.hanging = server.hanging;
  return {
    url: server.url,
    requests: server.requests,
    behave: (behaviour) => queue(state, behaviour),
    accepted: () => [...state.received],
    testEvents: () => state.received.filter((r) => r.testEventCode !== undefined),
    eventsCounted: () => countEvents(state.received),
    close: server.close,
  };
}
