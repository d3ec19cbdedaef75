import { stringify } from 'csv-stringify/sync';
import { heldReason } from '../quality/held';
import { clickFor, identifiers, nameOf, withheldForConsent, type Conversion, type ConversionNames, type Skipped } from './conversions';
import { CLOCK_SKEW_MS } from '../leads/outcome';
import { localDateTime } from './time';

export interface FormatOptions {
  names: ConversionNames;
  /** IANA time zone the file's times are written in. */
  timeZone: string;
  /** The time of the export: Meta's 7-day limit counts back from it. */
  now: Date;
}

export interface Written {
  /** The file's text. */
  text: string;
  written: number;
  skipped: Skipped[];
  /** Conversions written without a field, with the reason (the report lists them after the skipped ones). */
  notes?: Skipped[];
}

export const DAY_MS = 86_400_000;
/** Google Ads accepts a click conversion up to 90 days after the click (the longest click-through window). */
export const GOOGLE_CLICK_DAYS = 90;
/** Google's click ids, in the order one is picked when a click carries several. */
export const GOOGLE_IDS = ['gclid', 'gbraid', 'wbraid'] as const;

/**
 * The reason every format shares for leaving a conversion out, or null. Dated after the export
 * (beyond the clock skew the import allows) or before its lead: the platforms refuse both, and
 * the import refuses them now (older databases, and a lead arriving after its outcome, may hold them).
 */
export function commonSkip(c: Conversion, name: string | null, now: Date): string | null {
  if (name === null) return 'not exported (no conversion name)';
  if (!c.lead) return 'no lead (outcome not matched yet)';
  const held = heldReason(c.lead);
  if (held) return held;
  if (c.lead.adsConsent === 'denied') return 'no consent';
  if (Date.parse(c.time) > now.getTime() + CLOCK_SKEW_MS) return 'in the future';
  if (c.kind === 'outcome' && c.time < c.lead.ts) return 'earlier than its lead';
  return null;
}

const csv = (rows: (string | number)[][], columns: string[]) => stringify(rows, { header: true, columns, record_delimiter: 'unix' });

/**
 * Google Ads offline click-conversion upload (shared/reference/channels-clickids.md §3): a
 * Parameters:TimeZone row, then one row per conversion with exactly one of Google Click ID,
 * GBRAID and WBRAID filled.
 */
export function googleAdsCsv(conversions: readonly Conversion[], o: FormatOptions): Written {
  const rows: (string | number)[][] = [];
  const skipped: Skipped[] = [];
  for (const c of conversions) {
    const name = nameOf(o.names, c.step);
    const skip = (reason: string) => skipped.push({ conversion: c, name: name ?? '', reason });
    const common = commonSkip(c, name, o.now);
    if (common) {
      skip(common);
      continue;
    }
    const click = clickFor(c.lead!, GOOGLE_IDS, c.time);
    if (!click) skip('no Google click id');
    else if (c.time < click.firstSeen) skip('earlier than its click');
    else if (Date.parse(c.time) - Date.parse(click.firstSeen) > GOOGLE_CLICK_DAYS * DAY_MS)
      skip(`click older than ${GOOGLE_CLICK_DAYS} days`);
    else {
      const ids = GOOGLE_IDS.map((k) => (k === click.name ? click.value : ''));
      rows.push([
        ...ids,
        name!,
        localDateTime(new Date(c.time), o.timeZone),
        c.value ?? '',
        c.value !== undefined ? (c.currency ?? '') : '',
      ]);
    }
  }
  const header = `Parameters:TimeZone=${o.timeZone}\n`;
  const columns = ['Google Click ID', 'GBRAID', 'WBRAID', 'Conversion Name', 'Conversion Time', 'Conversion Value', 'Conversion Currency'];
  return { text: header + csv(rows, columns), written: rows.length, skipped };
}

/**
 * Enhanced conversions for leads: CRM outcomes of leads that had no Google click id, matched by
 * Google through the SHA-256 of the normalised email and phone, with the outcome id as Order ID
 * (a re-upload is then de-duplicated). Leads themselves are not sent: the Google tag reports them.
 */
export function enhancedLeadsCsv(conversions: readonly Conversion[], o: FormatOptions): Written {
  const rows: (string | number)[][] = [];
  const skipped: Skipped[] = [];
  for (const c of conversions) {
    if (c.kind !== 'outcome') continue;
    const name = nameOf(o.names, c.step);
    const skip = (reason: string) => skipped.push({ conversion: c, name: name ?? '', reason });
    const common = commonSkip(c, name, o.now);
    if (common) {
      skip(common);
      continue;
    }
    const { email, phone } = identifiers(c);
    if (clickFor(c.lead!, GOOGLE_IDS, c.time)) skip('has a Google click id (in the google-ads file)');
    else if (!email && !phone)
      skip(withheldForConsent(c) ? 'no consent (the lead shows none: CRM email/phone not used)' : 'no email or phone');
    else
      rows.push([
        email ?? '',
        phone ?? '',
        name!,
        localDateTime(new Date(c.time), o.timeZone),
        c.value ?? '',
        c.value !== undefined ? (c.currency ?? '') : '',
        c.id,
      ]);
  }
  const header = `Parameters:TimeZone=${o.timeZone}\n`;
  const columns = ['Email', 'Phone Number', 'Conversion Name', 'Conversion Time', 'Conversion Value', 'Conversion Currency', 'Order ID'];
  return { text: header + csv(rows, columns), written: rows.length, skipped };
}
