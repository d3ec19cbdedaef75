import { stringify } from 'csv-stringify/sync';
import type { ClickId, Lead } from '../leads/lead';
import type { Platform } from '../platforms/identifiers';
import type { EventStore } from '../store/types';

/**
 * One conversion an export may send: a lead itself (a funnel step such as form_submit, at the
 * lead's time and value) or a CRM outcome (qualified, won…, at its time and value).
 */
export interface Conversion {
  /** The funnel step: the lead's type or the outcome's status. */
  step: string;
  kind: 'lead' | 'outcome';
  /** UTC ISO 8601. */
  time: string;
  value?: number;
  currency?: string;
  /** Missing for an outcome that matches no lead yet. */
  lead?: Lead;
  /** The browser event id for a lead; the outcome's id for an outcome. */
  id: string;
  /** An outcome whose value changed: which of its values this is (absent: the first). Exports show the current value only. */
  revision?: number;
  /** Hashes of the CRM's email/phone for an outcome (used only for leads with ads consent): Google's rules. */
  crmHashedEmail?: string;
  crmHashedPhone?: string;
  /** The same by Meta's rules. */
  crmMetaHashedEmail?: string;
  crmMetaHashedPhone?: string;
}

/** A conversion that was not written, and why. */
export interface Skipped {
  conversion: Conversion;
  /** The conversion name it would have had ('' when the step is not exported). */
  name: string;
  reason: string;
}

export interface ExportRange {
  since: Date;
  until: Date;
}

/** Leads and outcomes whose time falls in [since, until), oldest first. */
export async function collectConversions(store: EventStore, range: ExportRange): Promise<Conversion[]> {
  const [leads, outcomes] = await Promise.all([store.leads(range), store.outcomes(range)]);
  const list: Conversion[] = leads.map(({ outcomes: _ignored, ...lead }) => {
    const c: Conversion = { step: lead.type, kind: 'lead', time: lead.ts, lead, id: lead.eventId };
    if (lead.value !== undefined) c.value = lead.value;
    if (lead.currency !== undefined) c.currency = lead.currency;
    return c;
  });
  for (const o of outcomes) {
    const c: Conversion = { step: o.status, kind: 'outcome', time: o.time, id: o.id };
    if (o.revision > 1) c.revision = o.revision;
    if (o.lead) c.lead = o.lead;
    if (o.value !== undefined) c.value = o.value;
    if (o.currency !== undefined) c.currency = o.currency;
    if (o.ref.hashedEmail) c.crmHashedEmail = o.ref.hashedEmail;
    if (o.ref.hashedPhone) c.crmHashedPhone = o.ref.hashedPhone;
    if (o.metaHashedEmail) c.crmMetaHashedEmail = o.metaHashedEmail;
    if (o.metaHashedPhone) c.crmMetaHashedPhone = o.metaHashedPhone;
    list.push(c);
  }
  return list.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1));
}

/** Conversion names per step; `null` leaves a step out. */
export type ConversionNames = Record<string, string | null>;

/**
 * Parses `--name step=Name` values (`step=` leaves the step out) over the format's defaults.
 * Steps are lead types (form_submit, call_click, email_click, chat_start) and outcome statuses.
 */
export function conversionNames(defaults: ConversionNames, overrides: readonly string[] = []): ConversionNames {
  const names = { ...defaults };
  for (const raw of overrides) {
    const eq = raw.indexOf('=');
    const step = eq > 0 ? raw.slice(0, eq).trim().toLowerCase() : '';
    if (!/^[a-z][a-z0-9_-]*$/.test(step)) throw new Error(`--name takes step=Name, e.g. form_submit="Lead form" or won=Sale; got '${raw}'`);
    const name = raw.slice(eq + 1).trim();
    names[step] = name === '' ? null : name;
  }
  return names;
}

/** The name a step is exported under, or null: named steps, else the step itself unless `lost`. */
export function nameOf(names: ConversionNames, step: string): string | null {
  if (step in names) return names[step] ?? null;
  return step === 'lost' ? null : step;
}

/** A conversion's email and phone hashes by one platform's rules. */
export interface Hashes {
  email?: string;
  phone?: string;
}

/** The browser's and the CRM's hashes of a conversion, each by the platform's rules. */
function hashesFor(c: Conversion, platform: Platform): { browser: Hashes; crm: Hashes } {
  const lead = c.lead!;
  return platform === 'google'
    ? { browser: { email: lead.hashedEmail, phone: lead.hashedPhone }, crm: { email: c.crmHashedEmail, phone: c.crmHashedPhone } }
    : {
        browser: { email: lead.metaHashedEmail, phone: lead.metaHashedPhone },
        crm: { email: c.crmMetaHashedEmail, phone: c.crmMetaHashedPhone },
      };
}

/**
 * The platform's hashes of the conversion's email and phone: the browser's, else (with ads
 * consent shown) the CRM's. A hash by another platform's rules is never used in their place.
 */
export function identifiers(c: Conversion, platform: Platform = 'google'): Hashes {
  const lead = c.lead;
  if (!lead || lead.adsConsent === 'denied') return {};
  const useCrm = lead.adsConsent === 'granted';
  const { browser, crm } = hashesFor(c, platform);
  const email = browser.email ?? (useCrm ? crm.email : undefined);
  const phone = browser.phone ?? (useCrm ? crm.phone : undefined);
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

/**
 * The fields (email, phone) for which the conversion has Google's hash but not Meta's: a lead
 * from a tracker older than metaHashedEmail/Phone, whose value the CRM did not give again.
 */
export function googleOnlyFields(c: Conversion): ('email' | 'phone')[] {
  const google = identifiers(c, 'google');
  const meta = identifiers(c, 'meta');
  return (['email', 'phone'] as const).filter((f) => google[f] && !meta[f]);
}

/** The CRM gave an email or phone that could not be used because the lead shows no ads consent. */
export const withheldForConsent = (c: Conversion): boolean =>
  !!c.lead && c.lead.adsConsent === 'unknown' && !!(c.crmHashedEmail || c.crmHashedPhone);

/**
 * The click of one platform's ids that a conversion belongs to: the latest seen at or before it,
 * else (a conversion earlier than every click) the earliest. Ties go by the order of `names`.
 */
export function clickFor(lead: Lead, names: readonly string[], time: string): ClickId | undefined {
  const ids = lead.clickIds.filter((c) => names.includes(c.name));
  const rank = (c: ClickId) => names.indexOf(c.name);
  const before = ids
    .filter((c) => c.firstSeen <= time)
    .sort((a, b) => (a.firstSeen === b.firstSeen ? rank(a) - rank(b) : a.firstSeen > b.firstSeen ? -1 : 1));
  if (before[0]) return before[0];
  return ids.sort((a, b) => (a.firstSeen === b.firstSeen ? rank(a) - rank(b) : a.firstSeen < b.firstSeen ? -1 : 1))[0];
}

/** The report beside an export: every conversion not written, with the reason; then those written without a field, and why. */
export function reportCsv(skipped: readonly Skipped[]): string {
  return stringify(
    skipped.map((s) => [
      s.reason,
      s.conversion.step,
      s.name,
      s.conversion.time,
      s.conversion.lead?.eventId ?? '',
      s.conversion.kind === 'outcome' ? s.conversion.id : '',
    ]),
    { header: true, columns: ['Reason', 'Step', 'Conversion Name', 'Time (UTC)', 'Lead Event ID', 'Outcome ID'], record_delimiter: 'unix' },
  );
}

/** Counts per reason, for the summary line: "3 no Google click id, 1 no consent". */
export function reasonCounts(skipped: readonly Skipped[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
