import Ajv from 'ajv';
import type { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import type { EventType, WireBatch } from './types';

// Every object stays open (no additionalProperties: false): the contract lets fields be added
// without a wire version bump, so an older collector must accept a newer tracker's events.

const str = { type: 'string' } as const;
const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

const touch = {
  type: 'object',
  required: ['source', 'medium', 'channel', 'landingPage', 'ts'],
  properties: {
    source: str,
    medium: str,
    channel: str,
    landingPage: str,
    ts: dateTime,
    campaign: str,
    term: str,
    content: str,
    referrer: str,
    id: str,
    clickIds: { type: 'object', additionalProperties: str },
  },
};

const eventTypes: EventType[] = ['page_view', 'form_submit', 'call_click', 'email_click', 'chat_start', 'web_vital', 'identify', 'custom'];

/** Required props per type (contract §2 table); types not listed require none. */
const propsByType: Partial<Record<EventType, object>> = {
  form_submit: {
    required: ['formId', 'fieldNames', 'via'],
    properties: {
      formId: str,
      fieldNames: { type: 'array', items: str },
      via: { enum: ['native', 'script'] },
    },
  },
  call_click: { required: ['phone', 'href'], properties: { phone: str, href: str, via: str } },
  email_click: { required: ['email', 'href'], properties: { email: str, href: str, via: str } },
  chat_start: { required: ['provider', 'via'], properties: { provider: str, via: { enum: ['widget', 'link'] } } },
  web_vital: {
    required: ['metric', 'value', 'rating'],
    properties: {
      metric: { enum: ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] },
      value: { type: 'number' },
      rating: str,
    },
  },
};

// One if/then per non-custom type: `name` must equal `type`, and that type's props must be there.
const perType = eventTypes
  .filter((t) => t !== 'custom')
  .map((t) => ({
    if: { required: ['type'], properties: { type: { const: t } } },
    then: {
      properties: {
        name: { const: t },
        ...(propsByType[t] ? { props: { type: 'object', ...propsByType[t] } } : {}),
      },
    },
  }));

const event = {
  type: 'object',
  required: ['id', 'type', 'name', 'ts', 'anonymousId', 'sessionId', 'page', 'attribution', 'props'],
  properties: {
    id,
    type: { enum: eventTypes },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    ts: dateTime,
    anonymousId: id,
    sessionId: id,
    userId: str,
    page: {
      type: 'object',
      required: ['url', 'path', 'title', 'referrer'],
      properties: {
        url: { type: 'string', maxLength: 4096 },
        path: str,
        title: str,
        referrer: { type: 'string', maxLength: 4096 },
      },
    },
    attribution: { type: 'object', required: ['first', 'last'], properties: { first: touch, last: touch } },
    value: { type: 'number' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    score: { type: 'number' },
    props: { type: 'object' },
  },
  allOf: perType,
};

/** JSON Schema (draft-07) of wire format v1, contract §2. */
export const wireSchemaV1: SchemaObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://leadbeacon.dev/schema/wire-v1.json',
  title: 'leadbeacon wire format v1 batch',
  type: 'object',
  required: ['v', 'sentAt', 'sdk', 'events'],
  properties: {
    v: { const: 1 },
    sentAt: dateTime,
    sdk: { type: 'object', required: ['name', 'version'], properties: { name: str, version: str } },
    events: { type: 'array', minItems: 1, maxItems: 500, items: event },
    dropped: { type: 'integer', minimum: 0 },
  },
};

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * RFC 3339 date-time, checked field by field (Date.parse alone accepts e.g. Feb 31), and also
 * parseable by Date so the store can always normalise it to UTC.
 */
export function isDateTime(s: string): boolean {
  const m = RFC3339.exec(s);
  if (!m) return false;
  // Field by field without allocating: this runs for every time of every event.
  const mo = +m[2]!;
  const d = +m[3]!;
  if (mo < 1 || mo > 12 || d < 1 || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) return false;
  if (m[7] !== undefined && (+m[7] > 23 || +m[8]! > 59)) return false;
  if (d > 28 && d > new Date(Date.UTC(+m[1]!, mo, 0)).getUTCDate()) return false;
  return !Number.isNaN(Date.parse(s));
}

let validator: ValidateFunction<WireBatch> | undefined;

// Compiled on first use, not at import: importing the package stays cheap and side-effect free.
function compiled(): ValidateFunction<WireBatch> {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } });
    validator = ajv.compile<WireBatch>(wireSchemaV1);
  }
  return validator;
}

const MAX_REASONS = 20;

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'const') return `${where} must be ${JSON.stringify(p.allowedValue)}`;
  if (e.keyword === 'enum') return `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

export type ValidationResult = { ok: true; batch: WireBatch } | { ok: false; errors: string[] };

/** Checks a parsed request body against wire format v1; errors read like `/events/0/props must have required property 'formId'`. */
export function validateBatch(body: unknown): ValidationResult {
  const validate = compiled();
  if (validate(body)) return { ok: true, batch: body };
  // "must match then schema" only repeats the specific error reported beside it.
  const reasons = [...new Set((validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe))];
  if (reasons.length > MAX_REASONS) {
    const more = reasons.length - MAX_REASONS;
    reasons.length = MAX_REASONS;
    reasons.push(`… and ${more} more`);
  }
  return { ok: false, errors: reasons };
}
