import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isDateTime, segmentBatchSchema, type SegmentBatch } from '@leadbeacon/wire';

/**
 * Checks a Segment HTTP Tracking API batch against @leadbeacon/wire's `segmentBatchSchema`, the
 * schema the tracker's Segment format is tested with. What /v1/batch needs beyond Segment's
 * spec (a messageId, events that are valid native events) is checked in segment/to-native.ts
 * and http/segment-route.ts.
 */

let validator: ValidateFunction<SegmentBatch> | undefined;

const describe = (e: ErrorObject) =>
  e.keyword === 'enum'
    ? `${e.instancePath || '/'} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
    : `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;

/** Checks a parsed body against segmentBatchSchema; at most 20 reasons like `/batch/0 must have required property 'event'`. */
export function validateSegmentBatch(body: unknown): { ok: true; batch: SegmentBatch } | { ok: false; errors: string[] } {
  // Compiled on first use, not at import: importing the package stays cheap and side-effect free.
  validator ??= new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile<SegmentBatch>(segmentBatchSchema);
  if (validator(body)) return { ok: true, batch: body };
  const errors = [...new Set((validator.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf').map(describe))];
  const noId = (validator.errors ?? []).find((e) => e.keyword === 'anyOf');
  if (noId) errors.unshift(`${noId.instancePath} needs a userId or an anonymousId`);
  return { ok: false, errors: errors.slice(0, 20) };
}
