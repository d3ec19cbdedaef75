import Ajv from 'ajv';
import type { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import { isDateTime } from '../schema';

/**
 * JSON Schema (draft-07) of a Segment HTTP Tracking API batch (`POST /v1/batch`), written from
 * Segment's documentation: "HTTP API Source" (batch fields, writeKey in the body or Basic auth,
 * 500 KB per batch, 32 KB per message) and "Spec: Common Fields" (anonymousId / userId, context,
 * integrations, messageId, the four timestamps, type, version), with the per-type fields of the
 * Identify, Track, Page, Screen, Group and Alias specs. As in Segment's spec, objects are open
 * (context and properties take any extra keys) and messageId is optional: leadbeacon's collector
 * additionally needs it to store each event once (see segment/to-native.ts).
 */
const str = { type: 'string' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const object = { type: 'object' } as const;

const context = {
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
};

const ifType = (type: string, then: object) => ({ if: { required: ['type'], properties: { type: { const: type } } }, then });

const message = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['identify', 'track', 'page', 'screen', 'group', 'alias'] },
    anonymousId: str,
    userId: str,
    messageId: str,
    timestamp: dateTime,
    originalTimestamp: dateTime,
    sentAt: dateTime,
    receivedAt: dateTime,
    context,
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
};

export const segmentBatchSchema: SchemaObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://leadbeacon.dev/schema/segment-batch.json',
  title: 'Segment HTTP Tracking API batch (POST /v1/batch)',
  type: 'object',
  required: ['batch'],
  properties: {
    batch: { type: 'array', minItems: 1, items: message },
    // Merged into each message's own context and integrations.
    context,
    integrations: object,
    sentAt: dateTime,
    writeKey: str,
  },
};

export interface SegmentMessage {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
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

export interface SegmentBatch {
  batch: SegmentMessage[];
  context?: Record<string, unknown>;
  integrations?: Record<string, unknown>;
  sentAt?: string;
  writeKey?: string;
}

let validator: ValidateFunction<SegmentBatch> | undefined;

const describe = (e: ErrorObject) =>
  e.keyword === 'enum'
    ? `${e.instancePath || '/'} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
    : `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;

/** Checks a parsed body against segmentBatchSchema; at most 20 reasons like `/batch/0 must have required property 'event'`. */
export function validateSegmentBatch(body: unknown): { ok: true; batch: SegmentBatch } | { ok: false; errors: string[] } {
  validator ??= new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile<SegmentBatch>(segmentBatchSchema);
  if (validator(body)) return { ok: true, batch: body };
  const errors = [...new Set((validator.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf').map(describe))];
  const noId = (validator.errors ?? []).find((e) => e.keyword === 'anyOf');
  if (noId) errors.unshift(`${noId.instancePath} needs a userId or an anonymousId`);
  return { ok: false, errors: errors.slice(0, 20) };
}
