/** Time zones for exports and the dashboard: IANA names (Asia/Ho_Chi_Minh), through Intl. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The time zone name, or an error that says what is accepted. */
export function checkTimeZone(timeZone: string): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    throw new Error(`unknown time zone '${timeZone}': use an IANA name such as Asia/Ho_Chi_Minh, America/New_York or UTC`);
  }
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function partsIn(date: Date, timeZone: string): Parts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as unknown as Parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-09-15 14:30:00`: the local wall-clock time in `timeZone` (Google Ads' Conversion Time). */
export function localDateTime(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `2026-09-15`: the local date in `timeZone`. */
export function localDate(date: Date, timeZone: string): string {
  return localDateTime(date, timeZone).slice(0, 10);
}

/** Minutes to add to UTC to get local time in `timeZone` at `date` (+330 in Asia/Kolkata). */
export function offsetMinutes(date: Date, timeZone: string): number {
  const p = partsIn(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local date (`2026-09-15`) begins in `timeZone`. */
export function startOfLocalDay(ymd: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) throw new Error(`dates are written YYYY-MM-DD, got '${ymd}'`);
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(guess) || new Date(guess).toISOString().slice(0, 10) !== ymd) throw new Error(`no such date: '${ymd}'`);
  // The offset at the guess, then at the corrected instant (they differ only around a DST change).
  let t = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  t = guess - offsetMinutes(new Date(t), timeZone) * 60_000;
  return new Date(t);
}

/** The local date `days` after `ymd` (negative: before). */
export function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A date-time option: ISO 8601 with an offset (`2026-11-01T00:00:00+07:00`) is that instant;
 * a plain date (`2026-11-01`) is the start of that day in `timeZone`.
 */
export function parseInstant(raw: string, timeZone: string, name: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return startOfLocalDay(raw, timeZone);
  const d = new Date(raw);
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) || Number.isNaN(d.getTime())) {
    throw new Error(
      `${name} must be a date (2026-11-01) or an ISO 8601 date-time with an offset (2026-11-01T00:00:00+07:00), got '${raw}'`,
    );
  }
  return d;
}
