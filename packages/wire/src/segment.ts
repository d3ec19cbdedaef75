import type { JsonSchema } from './schema';

/**
 * JSON Schema (draft-07) of a Segment HTTP Tracking API batch (`POST /v1/batch`), written from
 * Segment's documentation: "HTTP API Source" (batch fields, writeKey in the body or Basic auth,
 * 500 KB per batch, 32 KB per message) and "Spec: Common Fields" (anonymousId / userId, context,
 * integrations, messageId, the four timestamps, type, version), with the per-type fields of the
 * Identify, Track, Page, Screen, Group and Alias specs. What leadbeacon's tracker sends with
 * `format: "segment"`, and what a receiver of that API (RudderStack, Jitsu, Segment, the
 * leadbeacon collector's `/v1/batch`) accepts. As in Segment's spec, objects are open (context
 * and properties take any extra keys), ids are strings, `context.library` is optional and
 * messageId is optional (Segment generates one; leadbeacon's collector derives one from the
 * message). Its times are Segment's ISO 8601 (`isSegmentTime`), which RFC 3339 narrows.
 */
const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const object = { type: 'object' };

// Built inside pure calls only: the tracker imports this package, and a bundle that never
// reads a schema must be able to leave it out.

const context = (): JsonSchema => ({
  type: 'object',
  properties: {
    active: { type: 'boolean' },
    app: object,
    campaign: { type: 'object', properties: { name: str, source: str, medium: str, term: str, content: str } },
    device: object,
    ip: str,
    library: { type: 'object', properties: { name: str, version: str } },
    locale: str,
    location: object,
    network: object,
    os: object,
    page: { type: 'object', properties: { path: str, referrer: str, search: str, title: str, url: str } },
    referrer: object,
    screen: object,
    timezone: str,
    groupId: str,
    traits: object,
    userAgent: str,
  },
});

const ifType = (type: string, then: JsonSchema) => ({ if: { required: ['type'], properties: { type: { const: type } } }, then });

/** The call types of Segment's spec. */
export const SEGMENT_CALL_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentCallType = (typeof SEGMENT_CALL_TYPES)[number];

const message = (): JsonSchema => ({
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: SEGMENT_CALL_TYPES },
    anonymousId: str,
    userId: str,
    messageId: str,
    timestamp: dateTime,
    originalTimestamp: dateTime,
    sentAt: dateTime,
    receivedAt: dateTime,
    context: context(),
    integrations: object,
    version: { type: 'number' },
    event: { type: 'string', minLength: 1 },
    name: str,
    category: str,
    properties: object,
    traits: object,
    groupId: str,
    previousId: str,
  },
  // "The HTTP API requires that each payload has a userId and/or anonymousId" (alias: userId and previousId).
  anyOf: [{ required: ['userId'] }, { required: ['anonymousId'] }],
  allOf: [
    ifType('track', { required: ['event'] }),
    ifType('group', { required: ['groupId'] }),
    ifType('alias', { required: ['previousId', 'userId'] }),
  ],
});

/** A Segment batch whose messages are each held to `messages` (`{}`: any, checked one by one elsewhere). */
const batchSchema = (title: string, messages: JsonSchema): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title,
  type: 'object',
  required: ['batch'],
  properties: {
    batch: { type: 'array', minItems: 1, items: messages },
    // Merged into each message's own context and integrations.
    context: context(),
    integrations: object,
    sentAt: dateTime,
    writeKey: str,
  },
});

const wholeBatch = (): JsonSchema => ({
  ...batchSchema('Segment HTTP Tracking API batch (POST /v1/batch)', message()),
  $id: 'https://leadbeacon.dev/schema/segment-batch.json',
});

const oneMessage = (): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://leadbeacon.dev/schema/segment-message.json',
  title: 'One call of a Segment HTTP Tracking API batch',
  ...message(),
});

/** The Segment batch's schema; its `date-time` format is `isDateTime`. (A pure call: bundles that never read it leave it out.) */
export const segmentBatchSchema: JsonSchema = /* @__PURE__ */ wholeBatch();

/**
 * The batch without its messages' shapes: a receiver that takes each valid message of a batch
 * checks the envelope with this, then each message with `segmentMessageSchema`. Together they
 * accept exactly what `segmentBatchSchema` accepts. (Pure, as above.)
 */
export const segmentEnvelopeSchema: JsonSchema = /* @__PURE__ */ batchSchema('Segment HTTP Tracking API batch envelope', {});

/** One message of a Segment batch. (Pure, as above.) */
export const segmentMessageSchema: JsonSchema = /* @__PURE__ */ oneMessage();

/** Segment's limits: 500 KB per batch request, 32 KB per call, 2,500 calls per batch, messageId under 100 characters. */
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;
export const SEGMENT_MAX_MESSAGE_BYTES = 32 * 1024;
export const SEGMENT_MAX_BATCH_MESSAGES = 2500;
export const SEGMENT_MAX_MESSAGE_ID_LENGTH = 99;

/** One call of a batch that `segmentBatchSchema` accepts. */
export interface SegmentMessage {
  type: SegmentCallType;
  messageId?: string;
  anonymousId?: string;
  userId?: string;
  timestamp?: string;
  originalTimestamp?: string;
  sentAt?: string;
  context?: Record<string, unknown>;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A batch that `segmentBatchSchema` accepts. */
export interface SegmentBatch {
  batch: SegmentMessage[];
  context?: Record<string, unknown>;
  integrations?: Record<string, unknown>;
  sentAt?: string;
  writeKey?: string;
}
