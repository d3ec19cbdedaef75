import type { JsonSchema } from './schema';

/**
 * JSON Schema (draft-07) of a batch of the Segment HTTP API (Tracking API, `POST /v1/batch`),
 * written from Segment's specification ("Spec: Common fields", Track, Page, Identify, Screen,
 * Group and Alias calls, and the HTTP API's batch and limits): what leadbeacon's tracker sends
 * with `format: "segment"`, and what a receiver of that API (RudderStack, Jitsu, Segment, the
 * leadbeacon collector's `/v1/batch`) accepts. Every object stays open, as the spec's are.
 */
const str = { type: 'string' };
const obj = { type: 'object' };
const date = { type: 'string', format: 'date-time' };

// Built inside pure calls only: the tracker imports this package, and a bundle that never
// reads a schema must be able to leave it out.

/** A call of one type: its own required fields and their kinds. */
const call = (type: string, required: string[], properties: JsonSchema) => ({
  if: { required: ['type'], properties: { type: { const: type } } },
  then: { required, properties },
});

const message = (): JsonSchema => ({
  type: 'object',
  required: ['type'],
  // Every call names the user: `userId`, `anonymousId` or both.
  anyOf: [{ required: ['userId'] }, { required: ['anonymousId'] }],
  properties: {
    type: { enum: ['track', 'page', 'identify', 'screen', 'group', 'alias'] },
    messageId: { type: 'string', minLength: 1 },
    anonymousId: { type: ['string', 'number'] },
    userId: { type: ['string', 'number'] },
    timestamp: date,
    sentAt: date,
    originalTimestamp: date,
    context: {
      type: 'object',
      properties: {
        page: { type: 'object', properties: { path: str, referrer: str, search: str, title: str, url: str } },
        campaign: { type: 'object', properties: { name: str, source: str, medium: str, term: str, content: str } },
        library: { type: 'object', required: ['name', 'version'], properties: { name: str, version: str } },
      },
    },
    integrations: obj,
  },
  allOf: [
    call('track', ['event'], { event: { type: 'string', minLength: 1 }, properties: obj }),
    call('page', [], { name: str, category: str, properties: obj }),
    call('screen', [], { name: str, properties: obj }),
    call('identify', [], { traits: obj }),
    call('group', ['groupId'], { groupId: { type: ['string', 'number'] }, traits: obj }),
    call('alias', ['previousId', 'userId'], { previousId: { type: ['string', 'number'] } }),
  ],
});

const batchSchema = (): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://leadbeacon.dev/schema/segment-batch.json',
  title: 'Segment HTTP API batch (POST /v1/batch)',
  type: 'object',
  required: ['batch'],
  properties: {
    batch: { type: 'array', minItems: 1, items: message() },
    sentAt: date,
    writeKey: str,
    context: obj,
    integrations: obj,
  },
});

/** The Segment batch's schema. (A pure call: bundles that never read it leave it out.) */
export const segmentBatchSchema: JsonSchema = /* @__PURE__ */ batchSchema();

/** Segment's limits: 500 KB per batch request, 32 KB per call. */
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;
export const SEGMENT_MAX_MESSAGE_BYTES = 32 * 1024;
