import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import {
  eventVersion,
  isDateTime,
  MAX_ID_LENGTH,
  wireEnvelopeSchema,
  wireEventSchemaV1,
  wireEventSchemaV2,
  wireSchemaV1,
  wireSchemaV2,
} from '@leadbeacon/wire';
import { reasonOf, rejectionId, type Rejection } from './ingest/rejections';
import type { WireBatch, WireEvent } from './types';

/**
 * Checks batches against the wire format, version 1 or 2 (the batch's `v`; each event by its own
 * `v`): the JSON Schemas are @leadbeacon/wire's, the ones the tracker's tests hold its batches to.
 * A version-2 event's facts are interpreted afterwards (ingest/facts.ts). The collector's own intake rules beyond the
 * format (body size, nesting depth, write key, clock correction) are in http/ and ingest/.
 * `/collect` checks a batch in two steps, so that one bad event never costs the good ones: the
 * envelope (`checkEnvelope`: a malformed one refuses the request), then each event on its own
 * (`sortEvents`). `validateBatch` checks the whole at once.
 */

const validators: { 1?: ValidateFunction<WireBatch>; 2?: ValidateFunction<WireBatch> } = {};

// Compiled on first use, not at import: importing the package stays cheap and side-effect free.
function compiled(version: 1 | 2): ValidateFunction<WireBatch> {
  return (validators[version] ??= new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile<WireBatch>(
    version === 2 ? wireSchemaV2 : wireSchemaV1,
  ));
}

const MAX_REASONS = 20;

/** The schema's faults, readable: "must match then schema" only repeats the specific fault reported beside it. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return [...new Set((errors ?? []).filter((e) => e.keyword !== 'if').map(describe))];
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'const') return `${where} must be ${JSON.stringify(p.allowedValue)}`;
  if (e.keyword === 'enum') return `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

export type ValidationResult = { ok: true; batch: WireBatch } | { ok: false; errors: string[] };

/** Checks a parsed request body against the wire format of its `v`; errors read like `/events/0/props must have required property 'formId'`. */
export function validateBatch(body: unknown): ValidationResult {
  const validate = compiled(eventVersion(body));
  if (validate(body)) return { ok: true, batch: body };
  const reasons = describeErrors(validate.errors);
  if (reasons.length > MAX_REASONS) {
    const more = reasons.length - MAX_REASONS;
    reasons.length = MAX_REASONS;
    reasons.push(`… and ${more} more`);
  }
  return { ok: false, errors: reasons };
}

let envelopeValidator: ValidateFunction<WireBatch> | undefined;
const eventValidators: { 1?: ValidateFunction<WireEvent>; 2?: ValidateFunction<WireEvent> } = {};

/** Checks a parsed body against the batch's envelope (`v` 1 or 2, `sentAt`, `sdk`, 1 to 500 `events`, …), not its events. */
export function checkEnvelope(body: unknown): ValidationResult {
  envelopeValidator ??= new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile<WireBatch>(wireEnvelopeSchema);
  if (envelopeValidator(body)) return { ok: true, batch: body };
  return { ok: false, errors: describeErrors(envelopeValidator.errors).slice(0, MAX_REASONS) };
}

/** An event's faults against the wire format of its `v`, each like `/props must have required property 'formId'`; none for a valid one. */
export function eventFaults(event: unknown): string[] {
  const version = eventVersion(event);
  const validate = (eventValidators[version] ??= new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile<WireEvent>(
    version === 2 ? wireEventSchemaV2 : wireEventSchemaV1,
  ));
  return validate(event) ? [] : describeErrors(validate.errors);
}

/** A batch's events, valid ones kept in order, the others named with why (`events/3` for one without a usable id). */
export function sortEvents(events: readonly unknown[]): { valid: WireEvent[]; rejected: Rejection[] } {
  const valid: WireEvent[] = [];
  const rejected: Rejection[] = [];
  events.forEach((event, i) => {
    const faults = eventFaults(event);
    if (!faults.length) valid.push(event as WireEvent);
    else rejected.push({ id: rejectionId((event as { id?: unknown } | null)?.id, `events/${i}`, MAX_ID_LENGTH), reason: reasonOf(faults) });
  });
  return { valid, rejected };
}
