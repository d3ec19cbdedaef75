import { valuerFor, type ValueSource } from '../advice/apply';
import type { EventStore } from '../store/types';
import { collectConversions, conversionNames, reasonCounts, reportCsv, type ConversionNames, type Skipped } from './conversions';
import { enhancedLeadsCsv, googleAdsCsv, GOOGLE_CLICK_DAYS, type FormatOptions, type Written } from './formats';
import { metaCapiJson, META_MAX_AGE_DAYS } from './meta-capi';
import { checkTimeZone } from './time';

interface Format {
  write(conversions: Parameters<typeof googleAdsCsv>[0], options: FormatOptions): Written;
  /** Conversion names when none is given; a step not listed goes out under its own name (except lost). */
  names: ConversionNames;
  extension: 'csv' | 'json';
  contentType: string;
  /** How far back the default range reaches: what the platform still accepts. */
  days: number;
  /** Most conversions one file may hold (the platform's per-request limit). */
  max?: number;
}

/** The Meta standard events a step maps to by default; tracker's `metaPixel` should use the same names. */
const META_NAMES: ConversionNames = {
  form_submit: 'Lead',
  call_click: 'Contact',
  email_click: 'Contact',
  chat_start: 'Contact',
  qualified: 'QualifiedLead',
  won: 'Purchase',
};

export const FORMATS = {
  'google-ads': { write: googleAdsCsv, names: {}, extension: 'csv', contentType: 'text/csv; charset=utf-8', days: GOOGLE_CLICK_DAYS },
  'google-ads-enhanced-leads': {
    write: enhancedLeadsCsv,
    names: {},
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8',
    days: GOOGLE_CLICK_DAYS,
  },
  'meta-capi': {
    write: metaCapiJson,
    names: META_NAMES,
    extension: 'json',
    contentType: 'application/json; charset=utf-8',
    days: META_MAX_AGE_DAYS,
    max: 1000,
  },
} satisfies Record<string, Format>;

export type ExportFormat = keyof typeof FORMATS;

export const isExportFormat = (s: string): s is ExportFormat => Object.hasOwn(FORMATS, s);

export interface ExportOptions {
  since?: Date;
  until?: Date;
  /** IANA time zone; default UTC. */
  timeZone?: string;
  /** `step=Name` overrides (`step=` leaves a step out). */
  names?: readonly string[];
  /** `learned`: each step with its learned value (advice/apply.ts); default the conversions' own. */
  values?: ValueSource;
  now?: Date;
}

export interface ExportResult {
  format: ExportFormat;
  /** A file name such as leadbeacon-google-ads-2026-11-01-2026-11-23.csv. */
  fileName: string;
  contentType: string;
  text: string;
  written: number;
  skipped: Skipped[];
  /** Conversions written without a field (Meta: em/ph of a lead hashed by Google's rules only), with the reason. */
  notes: Skipped[];
  /** The CSV report of what was not written, then of what was written without a field (header only when neither). */
  report: string;
  since: Date;
  until: Date;
}

/** An export that cannot be made as asked; the message says what to change. */
export class ExportError extends Error {}

/** Reads the store and writes one platform file for conversions in [since, until). Never calls out. */
export async function runExport(store: EventStore, format: ExportFormat, options: ExportOptions = {}): Promise<ExportResult> {
  const f: Format = FORMATS[format];
  const now = options.now ?? new Date();
  const until = options.until ?? now;
  const since = options.since ?? new Date(until.getTime() - f.days * 86_400_000);
  if (!(since < until)) throw new ExportError(`--since (${since.toISOString()}) must be before --until (${until.toISOString()})`);
  let timeZone: string;
  let names: ConversionNames;
  try {
    timeZone = checkTimeZone(options.timeZone ?? 'UTC');
    names = conversionNames(f.names, options.names);
  } catch (err) {
    throw new ExportError((err as Error).message);
  }
  const valued = await valuerFor(store, options.values, now);
  const conversions = (await collectConversions(store, { since, until })).map(valued);
  const out = f.write(conversions, { names, timeZone, now });
  if (f.max && out.written > f.max) {
    throw new ExportError(`${out.written} events, more than the ${f.max} one ${format} request takes: narrow --since/--until`);
  }
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    format,
    fileName: `leadbeacon-${format}-${day(since)}-${day(until)}.${f.extension}`,
    contentType: f.contentType,
    text: out.text,
    written: out.written,
    skipped: out.skipped,
    notes: out.notes ?? [],
    report: reportCsv([...out.skipped, ...(out.notes ?? [])]),
    since,
    until,
  };
}

/** One line for a person: "4 written, 3 not written: 2 no Google click id, 1 no consent" (then "; 1 written without em: …"). */
export function summary(result: ExportResult): string {
  const reasons = reasonCounts(result.skipped).map(([reason, n]) => `${n} ${reason}`);
  const notes = reasonCounts(result.notes).map(([reason, n]) => `; ${n} ${reason}`);
  return `${result.written} written, ${result.skipped.length} not written${reasons.length ? `: ${reasons.join(', ')}` : ''}${notes.join('')}`;
}
