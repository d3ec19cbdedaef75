import { isDateTime } from './schema';

/**
 * Segment's times are "ISO 8601 date strings", and its own clients and docs send several forms
 * that RFC 3339 (the wire format's `date-time`) refuses: no offset (`2026-11-20T10:00:00`, which
 * Segment takes as UTC), a compact offset (`+0700`, `+07`), no seconds, or a date alone. These
 * read each as the RFC 3339 time it means; anything else is not a time.
 */
const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2})(:\d{2}(?:[.,]\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** `s` as an RFC 3339 time (an offset, `Z` when it had none), or undefined when it is no ISO 8601 time Segment takes. */
export function segmentTimeToRfc3339(s: string): string | undefined {
  const m = ISO_8601.exec(s);
  if (!m) return undefined;
  const [, date, hoursMinutes = '00:00', seconds = ':00', offset = 'Z'] = m;
  const zone = offset.length === 3 ? `${offset}:00` : offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
  const rfc3339 = `${date}T${hoursMinutes}${seconds.replace(',', '.')}${zone}`;
  return isDateTime(rfc3339) ? rfc3339 : undefined;
}

/** True for a time Segment's API takes (the Segment schemas' `date-time` format on a receiver). */
export const isSegmentTime = (s: string): boolean => segmentTimeToRfc3339(s) !== undefined;
