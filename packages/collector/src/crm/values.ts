import { DateTime } from 'luxon';
import { isDateTime } from '@leadbeacon/wire';

/** The decimal mark of amounts: `.` (1,200.50) or `,` (1.200,50). */
export type DecimalMark = '.' | ',';

/** Group separators each decimal mark allows between groups of three digits. */
const GROUPS: Record<DecimalMark, string> = { '.': ",' \u00a0\u202f", ',': ".' \u00a0\u202f" };

const escape = (chars: string) => chars.replace(/[\\\]^-]/g, '\\$&');

/**
 * An amount as a CRM or a spreadsheet writes it, as the plain decimal the outcome takes
 * (`1.200,50` with `,` → `1200.50`). Without a decimal mark only plain digits and `.` are read:
 * `1,200` is 1.2 in one locale and 1200 in another, and is refused rather than guessed.
 */
export function plainAmount(raw: string, decimal: DecimalMark | undefined): string {
  const text = raw.trim().replace(/^[A-Z]{3}\s+|\s+[A-Z]{3}$/g, '');
  if (decimal === undefined) {
    if (/^\d+(\.\d+)?$/.test(text)) return text;
    throw new Error(`value '${raw}' is not a plain number: give --decimal , or --decimal . for amounts written with a comma or groups`);
  }
  const group = `[${escape(GROUPS[decimal])}]`;
  const mark = decimal === ',' ? ',' : '\\.';
  const shape = new RegExp(`^(\\d{1,3}(${group}\\d{3})+|\\d+)(${mark}\\d+)?$`);
  if (!shape.test(text)) throw new Error(`value '${raw}' is not an amount with '${decimal}' as its decimal mark`);
  const [whole, fraction] = text.split(decimal);
  return `${whole!.replace(/\D/g, '')}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** Whether a Unicode date pattern has a time of day (hours). */
const hasTime = (pattern: string): boolean => /[Hhk]/.test(pattern.replace(/'[^']*'/g, ''));

/** The patterns tried when none is given: ISO 8601 dates and times without an offset. */
export const ISO_LOCAL_PATTERNS = [
  "yyyy-MM-dd'T'HH:mm:ss.SSS",
  "yyyy-MM-dd'T'HH:mm:ss",
  "yyyy-MM-dd'T'HH:mm",
  'yyyy-MM-dd HH:mm:ss',
  'yyyy-MM-dd HH:mm',
  'yyyy-MM-dd',
];

/** Hour of the day given to a date without a time: noon keeps it on the same day in every zone within ±11 h. */
export const DATE_ONLY_HOUR = 12;

/** Whether `zone` is an IANA time zone luxon (and so ICU) knows. */
export const isTimeZone = (zone: string): boolean => DateTime.local().setZone(zone).isValid;

/**
 * A CRM's time as ISO 8601 with an offset. A value with its own offset is taken as it is;
 * otherwise the first of `patterns` (Unicode patterns, `dd.MM.yyyy HH:mm`) that reads it, in `zone`.
 * A date without a time is taken at noon local time.
 */
export function isoTime(raw: string, patterns: readonly string[], zone: string | undefined): string {
  const text = raw.trim();
  if (isDateTime(text)) return text;
  for (const pattern of patterns) {
    let t = DateTime.fromFormat(text, pattern, { zone: zone ?? 'UTC', setZone: true });
    if (!t.isValid) continue;
    if (!zone && !/[ZxXO]/.test(pattern.replace(/'[^']*'/g, '')))
      throw new Error(`time '${raw}' has no offset: give the CRM's time zone with --timezone, e.g. --timezone Europe/Berlin`);
    if (!hasTime(pattern)) t = t.set({ hour: DATE_ONLY_HOUR });
    return t.toISO()!;
  }
  throw new Error(
    `time '${raw}' does not read as ${patterns.map((p) => `'${p}'`).join(' or ')} (give the CRM's format with --date-format)`,
  );
}
