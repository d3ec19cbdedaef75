/**
 * One CRM row (CSV record or webhook JSON, already read into field → text) as the outcome input
 * `parseOutcome` checks: our status for the CRM's, amounts as plain decimals, times with an offset.
 */
import type { OutcomeInput } from '../leads/outcome';
import { emailIn, MAP_FIELDS, stepOf, type CrmMapping, type MapField } from './mapping';
import { isoTime, ISO_LOCAL_PATTERNS, plainAmount, type DecimalMark } from './values';

export interface ConvertOptions {
  /** `--decimal`: amounts are read with this decimal mark; without it, plain numbers only. */
  decimal?: DecimalMark;
  /** `--date-format`: overrides the mapping's patterns. */
  dateFormat?: string;
  /** `--timezone`: the zone of times written without an offset. */
  timeZone?: string;
  /** Where to map an unknown status, for its error message. */
  statusHint: string;
}

/** What a row became: an outcome input, or a row left out on purpose (its status is mapped to nothing). */
export type Converted = { input: OutcomeInput } | { leftOut: string };

/** The patterns a time is read with: --date-format, else the mapping's, else ISO 8601 without an offset when a zone is given. */
function patternsOf(mapping: CrmMapping, o: ConvertOptions): string[] {
  if (o.dateFormat) return [o.dateFormat];
  if (mapping.dateFormats?.length) return mapping.dateFormats;
  return o.timeZone ? ISO_LOCAL_PATTERNS : [];
}

/** Converts the fields of one row; throws with the reason (naming the field) when one cannot be read. */
export function convertRow(fields: Partial<Record<MapField, string>>, mapping: CrmMapping, o: ConvertOptions): Converted {
  const input: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields) as [MapField, string][]) input[MAP_FIELDS[field]] = value;
  const status = fields.status?.trim();
  if (status) {
    const step = stepOf(status, mapping.statuses, o.statusHint);
    if (step === null) return { leftOut: status };
    input.status = step;
  }
  if (fields.email) input.email = emailIn(fields.email);
  if (fields.value?.trim() && o.decimal) input.value = plainAmount(fields.value, o.decimal);
  if (!fields.currency?.trim() && mapping.currency) input.currency = mapping.currency;
  const patterns = patternsOf(mapping, o);
  if (fields.time?.trim() && patterns.length) input.time = isoTime(fields.time, patterns, o.timeZone);
  return { input };
}
