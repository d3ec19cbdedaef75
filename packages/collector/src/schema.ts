import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isDateTime, wireSchemaV1 } from '@leadbeacon/wire';
import type { WireBatch } from './types';

/**
 * Checks batches against wire format v1: the JSON Schema is @leadbeacon/wire's `wireSchemaV1`,
 * the one the tracker's tests hold its batches to. The collector's own intake rules beyond the
 * format (body size, nesting depth, write key, clock correction) are in http/ and ingest/.
 */

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
