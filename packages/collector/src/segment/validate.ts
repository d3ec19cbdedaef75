import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import {
  eventSchema,
  eventVersion,
  isDateTime,
  isSegmentTime,
  segmentBatchSchema,
  segmentEnvelopeSchema,
  segmentMessageSchema,
  SEGMENT_MAX_MESSAGE_ID_LENGTH,
  type SegmentBatch,
  type SegmentMessage,
} from '@leadbeacon/wire';
import { describeErrors } from '../schema';
import type { WireEvent } from '../types';

/**
 * Checks Segment HTTP Tracking API batches against @leadbeacon/wire's Segment schemas, the ones
 * the tracker's Segment format is tested with, their times as Segment takes them (ISO 8601, with
 * or without an offset: `isSegmentTime`): the whole batch at once (`validateSegmentBatch`), or its
 * envelope and then each message on its own (`checkSegmentEnvelope`, `segmentMessageFaults`), as
 * POST /v1/batch does. What /v1/batch needs beyond Segment's spec (events that are valid native
 * events) is `segmentEventFaults`.
 */

// Compiled on first use, not at import: importing the package stays cheap and side-effect free.
const compile = <T>(schema: object, dateTime: (s: string) => boolean) =>
  new Ajv({ allErrors: true, formats: { 'date-time': dateTime } }).compile<T>(schema);
let whole: ValidateFunction<SegmentBatch> | undefined;
let envelope: ValidateFunction<SegmentBatch> | undefined;
let message: ValidateFunction<SegmentMessage> | undefined;
const events: { 1?: ValidateFunction<WireEvent>; 2?: ValidateFunction<WireEvent> } = {};

const describe = (e: ErrorObject) =>
  e.keyword === 'enum'
    ? `${e.instancePath || '/'} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
    : `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;

/** Readable faults; a message with neither userId nor anonymousId says so (the schema's anyOf). */
function faultsOf(errors: readonly ErrorObject[] | null | undefined): string[] {
  // An anyOf's own failed branches only repeat it.
  const specific = (errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && !e.schemaPath.includes('/anyOf/'));
  const faults = [...new Set(specific.map(describe))];
  const noId = (errors ?? []).find((e) => e.keyword === 'anyOf');
  if (noId) faults.unshift(`${noId.instancePath || '/'} needs a userId or an anonymousId`);
  return faults;
}

type Checked = { ok: true; batch: SegmentBatch } | { ok: false; errors: string[] };

/** Checks a parsed body against segmentBatchSchema; at most 20 reasons like `/batch/0 must have required property 'event'`. */
export function validateSegmentBatch(body: unknown): Checked {
  whole ??= compile<SegmentBatch>(segmentBatchSchema, isSegmentTime);
  return whole(body) ? { ok: true, batch: body } : { ok: false, errors: faultsOf(whole.errors).slice(0, 20) };
}

/** Checks the batch's envelope only (`batch` an array of at least one, `context`, `sentAt`, `writeKey`). */
export function checkSegmentEnvelope(body: unknown): Checked {
  envelope ??= compile<SegmentBatch>(segmentEnvelopeSchema, isSegmentTime);
  return envelope(body) ? { ok: true, batch: body } : { ok: false, errors: faultsOf(envelope.errors).slice(0, 20) };
}

/** A message's faults against Segment's spec (paths relative to the message); none for a valid one. */
export function segmentMessageFaults(m: unknown): string[] {
  message ??= compile<SegmentMessage>(segmentMessageSchema, isSegmentTime);
  return message(m) ? [] : faultsOf(message.errors);
}

/**
 * A mapped event's faults as a leadbeacon event of its version (2: a version-2 tracker's own
 * message), its ids allowed Segment's messageId length; none for a valid one.
 */
export function segmentEventFaults(e: WireEvent): string[] {
  const version = eventVersion(e);
  const check = (events[version] ??= compile<WireEvent>(eventSchema(SEGMENT_MAX_MESSAGE_ID_LENGTH, version), isDateTime));
  return check(e) ? [] : describeErrors(check.errors);
}
