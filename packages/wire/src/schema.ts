import { CONSENT_STATES, EVENT_TYPES, type EventType } from './events';
import { CURRENCY_PATTERN, MAX_BATCH_EVENTS, MAX_ID_LENGTH, MAX_WRITE_KEY_LENGTH, MAX_NAME_LENGTH, MAX_URL_LENGTH } from './limits';
import { CHAT_VIA, FORM_VIA, REQUIRED_PROPS, WEB_VITAL_METRICS } from './props';
import { qualitySchema } from './quality';

/** A JSON Schema (draft-07) document, as plain data: any validator can compile it (the collector uses Ajv). */
export type JsonSchema = { [keyword: string]: unknown };

// Every object stays open (no additionalProperties: false): the contract lets fields be added
// without a wire version bump, so an older collector must accept a newer tracker's events.

const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };

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

/** Version 2's touch: the facts (TouchFacts), and an interpretation only where the browser made one. */
const touchFacts = {
  type: 'object',
  required: ['landingPage', 'ts'],
  properties: {
    ...touch.properties,
    utm: { type: 'object', properties: { source: str, medium: str, campaign: str, term: str, content: str, id: str } },
    clickIdsSeen: { type: 'object', additionalProperties: dateTime },
  },
};

/** The types of the required props (REQUIRED_PROPS names them). */
const PROP_TYPES: Partial<Record<EventType, JsonSchema>> = {
  form_submit: { formId: str, fieldNames: { type: 'array', items: str }, via: { enum: FORM_VIA } },
  // Version 2 adds `country` (the site's default country for a national number).
  call_click: { phone: str, href: str, via: str, country: str },
  email_click: { email: str, href: str, via: str },
  chat_start: { provider: str, via: { enum: CHAT_VIA } },
  call: { to: str, provider: str, answered: { type: 'boolean' }, duration: { type: 'number' }, callerHash: str },
  web_vital: { metric: { enum: WEB_VITAL_METRICS }, value: { type: 'number' }, rating: str },
};

/** The event versions: 1, conclusions; 2, facts (see events.ts). */
export type WireVersion = 1 | 2;

/** An event's fields; `maxIdLength` bounds its id, anonymousId and sessionId. */
const eventFields = (maxIdLength: number, version: WireVersion) => {
  const id = { type: 'string', minLength: 1, maxLength: maxIdLength };
  const t = version === 2 ? touchFacts : touch;
  return {
    v: { const: version },
    id,
    type: { enum: EVENT_TYPES },
    name: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH },
    ts: dateTime,
    anonymousId: id,
    sessionId: id,
    userId: str,
    page: {
      type: 'object',
      required: ['url', 'path', 'title', 'referrer'],
      properties: {
        url: { type: 'string', maxLength: MAX_URL_LENGTH },
        path: str,
        title: str,
        referrer: { type: 'string', maxLength: MAX_URL_LENGTH },
      },
    },
    attribution: { type: 'object', required: ['first', 'last'], properties: { first: t, last: t } },
    value: { type: 'number' },
    currency: { type: 'string', pattern: CURRENCY_PATTERN },
    score: { type: 'number' },
    consent: { type: 'object', required: ['ads'], properties: { ads: { enum: CONSENT_STATES } } },
    props: { type: 'object' },
    // Version 2: how a lead was made (quality.ts); a version-1 event keeps any field unchecked.
    ...(version === 2 ? { quality: qualitySchema } : {}),
  };
};

/** One if/then per non-custom type: `name` must equal `type`, and that type's props must be there. */
const perType = () =>
  EVENT_TYPES.filter((t) => t !== 'custom').map((t) => {
    const required = REQUIRED_PROPS[t];
    return {
      if: { required: ['type'], properties: { type: { const: t } } },
      then: { properties: { name: { const: t }, ...(required ? { props: { type: 'object', required, properties: PROP_TYPES[t] } } : {}) } },
    };
  });

/**
 * JSON Schema (draft-07) of one wire format event of `version` (1 unless given; a version-1
 * event has no `v` or `v: 1`, a version-2 event `v: 2`). `maxIdLength` bounds its id,
 * anonymousId and sessionId: MAX_ID_LENGTH by default; a receiver of Segment batches passes
 * Segment's messageId limit (SEGMENT_MAX_MESSAGE_ID_LENGTH), since a messageId becomes the event id.
 */
export function eventSchema(maxIdLength: number = MAX_ID_LENGTH, version: WireVersion = 1): JsonSchema {
  const required = ['id', 'type', 'name', 'ts', 'anonymousId', 'sessionId', 'page', 'attribution', 'props'];
  return {
    type: 'object',
    required: version === 2 ? ['v', ...required] : required,
    properties: eventFields(maxIdLength, version),
    allOf: perType(),
  };
}

/** The version an event says it is of: `v: 2`, else 1. */
export const eventVersion = (event: unknown): WireVersion => ((event as { v?: unknown } | null)?.v === 2 ? 2 : 1);

/** A batch of version `v` whose events are each held to `events` (`{}`: any, checked one by one elsewhere). */
const batchSchema = (title: string, events: JsonSchema, v: JsonSchema = { const: 1 }): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title,
  type: 'object',
  required: ['v', 'sentAt', 'sdk', 'events'],
  properties: {
    v,
    sentAt: dateTime,
    sdk: { type: 'object', required: ['name', 'version'], properties: { name: str, version: str } },
    events: { type: 'array', minItems: 1, maxItems: MAX_BATCH_EVENTS, items: events },
    dropped: { type: 'integer', minimum: 0 },
    writeKey: { type: 'string', minLength: 1, maxLength: MAX_WRITE_KEY_LENGTH },
  },
});

const schemaV1 = (): JsonSchema => ({
  ...batchSchema('leadbeacon wire format v1 batch', eventSchema()),
  $id: 'https://leadbeacon.dev/schema/wire-v1.json',
});

const eventSchemaV1 = (): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://leadbeacon.dev/schema/wire-v1-event.json',
  title: 'leadbeacon wire format v1 event',
  ...eventSchema(),
});

/**
 * JSON Schema (draft-07) of a wire format v1 batch. Its `date-time` format is `isDateTime`.
 * (Built by a pure call: a bundle that never reads it, such as the tracker's, leaves it out.)
 */
export const wireSchemaV1: JsonSchema = /* @__PURE__ */ schemaV1();

/**
 * The batch without its events' shapes (an array of 1 to MAX_BATCH_EVENTS anythings): a receiver
 * that takes each valid event of a batch checks the envelope with this, then each event with
 * `wireEventSchemaV1`. Together they accept exactly what `wireSchemaV1` accepts. (Pure, as above.)
 */
export const wireEnvelopeSchemaV1: JsonSchema = /* @__PURE__ */ batchSchema('leadbeacon wire format v1 batch envelope', {});

/** One event of a v1 batch (`eventSchema()` with its own `$id`). (Pure, as above.) */
export const wireEventSchemaV1: JsonSchema = /* @__PURE__ */ eventSchemaV1();

/** Each event of a version-2 batch by its own version: one queued by an older script is version 1. */
const eitherEvent = (): JsonSchema => ({
  if: { type: 'object', required: ['v'], properties: { v: { const: 2 } } },
  then: eventSchema(MAX_ID_LENGTH, 2),
  else: eventSchema(),
});

const schemaV2 = (): JsonSchema => ({
  ...batchSchema('leadbeacon wire format v2 batch', eitherEvent(), { const: 2 }),
  $id: 'https://leadbeacon.dev/schema/wire-v2.json',
});

const eventSchemaV2 = (): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://leadbeacon.dev/schema/wire-v2-event.json',
  title: 'leadbeacon wire format v2 event',
  ...eventSchema(MAX_ID_LENGTH, 2),
});

/**
 * JSON Schema (draft-07) of a wire format v2 batch: `v: 2`, each event of version 2 (`v: 2`)
 * or 1 (without `v`: queued by an older script before the site updated it). (Pure, as above.)
 */
export const wireSchemaV2: JsonSchema = /* @__PURE__ */ schemaV2();

/** One version-2 event (`eventSchema(MAX_ID_LENGTH, 2)` with its own `$id`). (Pure, as above.) */
export const wireEventSchemaV2: JsonSchema = /* @__PURE__ */ eventSchemaV2();

/**
 * The envelope of a batch of either version (`v` 1 or 2), its events unchecked: a receiver
 * then checks each event against the schema of its own version (`eventVersion`). (Pure, as above.)
 */
export const wireEnvelopeSchema: JsonSchema = /* @__PURE__ */ batchSchema('leadbeacon wire format batch envelope', {}, { enum: [1, 2] });

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * The schema's `date-time`: RFC 3339, checked field by field (Date.parse alone accepts e.g.
 * Feb 31), and also parseable by Date so that a store can always normalise it to UTC.
 */
export function isDateTime(s: string): boolean {
  const m = RFC3339.exec(s);
  if (!m) return false;
  // Field by field without allocating: a collector runs this for every time of every event.
  const mo = +m[2]!;
  const d = +m[3]!;
  if (mo < 1 || mo > 12 || d < 1 || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) return false;
  if (m[7] !== undefined && (+m[7] > 23 || +m[8]! > 59)) return false;
  if (d > 28 && d > new Date(Date.UTC(+m[1]!, mo, 0)).getUTCDate()) return false;
  return !Number.isNaN(Date.parse(s));
}
