import { SEGMENT_MAX_BATCH_BYTES, SEGMENT_MAX_MESSAGE_BYTES } from '@leadbeacon/wire';
import { DEFAULT_BODY_LIMIT } from '../http/intake';
import { parseRetryAfter } from '../http/retry-after';
import { fromNative } from '../segment/from-native';
import type { OutboxItem } from '../store/types';

export type ForwardFormat = 'native' | 'segment';

/** Messages per request unless `batchSize` says otherwise (a native batch may hold up to MAX_BATCH_EVENTS, 500); bytes limit them too. */
const DEFAULT_BATCH_SIZE = 100;

/** An outbox event, encoded once as the message the sink receives. */
export interface EncodedItem {
  item: OutboxItem;
  json: string;
  bytes: number;
}

/** What a request may hold: the sink's documented limits. */
export interface SinkLimits {
  /** Bytes of one request body. */
  requestBytes: number;
  /** Bytes of one message (its JSON) on its own. */
  messageBytes: number;
  /** Messages in one request. */
  messages: number;
}

/** Where and how batches go: the URL, the headers, the encoding and the limits of the format. */
export interface Sink {
  url: string;
  limits: SinkLimits;
  /** Bytes of a request with no message: the format's envelope. */
  envelopeBytes: number;
  encode(item: OutboxItem): EncodedItem;
  /** The request body for messages encoded by `encode`, and its length in bytes. */
  body(items: readonly EncodedItem[]): { text: string; bytes: number };
  send(items: readonly EncodedItem[], stop: AbortSignal): Promise<SinkAnswer>;
}

/**
 * How the sink answered a request:
 * - 'delivered': 2xx, every message taken;
 * - 'refused': a 4xx that is about what was sent (400, 413, 422…): sending it again cannot help;
 * - 'unauthorized': 401 or 403, the destination refuses us whatever we send (a wrong write key);
 * - 'unavailable': a network error, a timeout, 408, 429 or 5xx: the same request may pass later.
 */
export interface SinkAnswer {
  kind: 'delivered' | 'refused' | 'unauthorized' | 'unavailable';
  status?: number;
  /** 'HTTP 400: ' and the start of the answer's body, or the network error. */
  error: string;
  /** From a Retry-After header (429, 503). */
  retryAfterMs?: number;
}

export interface SinkOptions {
  url: string;
  format: ForwardFormat;
  writeKey?: string;
  timeoutMs: number;
  /** Messages per request. */
  batchSize?: number;
  /** Overrides the format's request size limit (a sink known to take less, or more). */
  maxRequestBytes?: number;
}

/** How much of a refusal's body goes into the reason: enough for the sink's error message. */
export const REASON_BODY_CHARS = 200;

export function classifyStatus(status: number): SinkAnswer['kind'] {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 408 || status === 429 || status >= 500 || status < 400) return 'unavailable';
  return 'refused';
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** Why a message is not sent at all: it would be over the sink's limit alone. */
export function oversizeReason(bytes: number, limit: number): string {
  return `message of ${bytes} bytes is over the sink's ${kb(limit)} limit`;
}

/**
 * The format's envelope around the messages. Native: a leadbeacon batch. Segment: the HTTP
 * Tracking API's `{ batch, sentAt }` (the write key goes as Basic auth, not in the body).
 */
function envelope(format: ForwardFormat, library: { name: string; version: string }) {
  return (sentAt: string): [string, string] =>
    format === 'segment'
      ? ['{"batch":[', `],"sentAt":${JSON.stringify(sentAt)}}`]
      : [`{"v":1,"sentAt":${JSON.stringify(sentAt)},"sdk":${JSON.stringify(library)},"events":[`, ']}'];
}

/**
 * The limits of the format. Segment documents 500 KB per batch request and 32 KB per message.
 * A leadbeacon collector takes bodies up to its --body-limit, 128 KB unless changed, so one
 * message may take what that leaves beside the envelope.
 */
function limitsOf(o: SinkOptions, envelopeBytes: number): SinkLimits {
  const messages = o.batchSize ?? DEFAULT_BATCH_SIZE;
  if (o.format === 'segment') {
    const requestBytes = o.maxRequestBytes ?? SEGMENT_MAX_BATCH_BYTES;
    return { requestBytes, messageBytes: Math.min(SEGMENT_MAX_MESSAGE_BYTES, requestBytes - envelopeBytes), messages };
  }
  const requestBytes = o.maxRequestBytes ?? DEFAULT_BODY_LIMIT;
  return { requestBytes, messageBytes: requestBytes - envelopeBytes, messages };
}

/** The start of an answer's body, whitespace folded, for a reason a person can read; '' when there is none. */
async function answerStart(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  return text.replace(/\s+/g, ' ').trim().slice(0, REASON_BODY_CHARS);
}

export function createSink(o: SinkOptions, version: string): Sink {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.writeKey) headers.authorization = `Basic ${Buffer.from(`${o.writeKey}:`).toString('base64')}`;
  const library = { name: 'leadbeacon-collector', version };
  const wrap = envelope(o.format, library);
  // sentAt is an ISO time, always 24 characters: any one gives the envelope's size.
  const envelopeBytes = Buffer.byteLength(wrap(new Date(0).toISOString()).join(''));
  const encode = (item: OutboxItem): EncodedItem => {
    // Events as they were received: the store's seq and receivedAt are this collector's own.
    const { seq: _seq, receivedAt: _at, ...event } = item.event;
    const json = JSON.stringify(o.format === 'segment' ? fromNative(event, library) : event);
    return { item, json, bytes: Buffer.byteLength(json) };
  };
  const body = (items: readonly EncodedItem[]) => {
    const [head, tail] = wrap(new Date().toISOString());
    const text = head + items.map((i) => i.json).join(',') + tail;
    return { text, bytes: Buffer.byteLength(text) };
  };

  async function send(items: readonly EncodedItem[], stop: AbortSignal): Promise<SinkAnswer> {
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        headers,
        body: body(items).text,
        signal: AbortSignal.any([stop, AbortSignal.timeout(o.timeoutMs)]),
      });
      const kind = classifyStatus(res.status);
      // A 2xx body is read and dropped (the connection goes back to the pool); a refusal's explains it.
      const start = await answerStart(res);
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      return {
        kind,
        status: res.status,
        error: `HTTP ${res.status}${start && kind !== 'delivered' ? `: ${start}` : ''}`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    } catch (err) {
      const error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      return { kind: 'unavailable', error };
    }
  }

  return { url: o.url, limits: limitsOf(o, envelopeBytes), envelopeBytes, encode, body, send };
}
