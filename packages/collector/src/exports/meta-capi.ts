/**
 * The Meta Conversions API file: the JSON body of one POST to /<pixel id>/events
 * (shared/reference/meta-capi.md). The site's leads are website events, with the page, the
 * browser's user agent and its event id (so Meta de-duplicates them against the Pixel); the CRM's
 * outcomes are events the business's system recorded (SYSTEM_ACTION_SOURCE), without the page or
 * user agent of the lead they follow. Emails and phones go as Meta's hashes only.
 */
import { clickFor, googleOnlyFields, identifiers, withheldForConsent, nameOf, type Conversion, type Skipped } from './conversions';
import { commonSkip, DAY_MS, type FormatOptions, type Written } from './formats';

/** Meta's Conversions API refuses events older than 7 days. */
export const META_MAX_AGE_DAYS = 7;

/**
 * The action_source of a CRM outcome: `system_generated`, the value Meta's own CRM integration
 * sends for the stages a CRM records (the collector README says why, not `other`).
 */
export const SYSTEM_ACTION_SOURCE = 'system_generated';

interface MetaUserData {
  em?: string[];
  ph?: string[];
  fbc?: string;
  fbp?: string;
  client_user_agent?: string;
}

export interface MetaEvent {
  event_name: string;
  event_time: number;
  event_id: string;
  action_source: 'website' | typeof SYSTEM_ACTION_SOURCE;
  event_source_url?: string;
  user_data: MetaUserData;
  custom_data?: { value: number; currency: string };
}

/** Why Meta would refuse the event whatever its identifiers (its age; a website event without user agent), or null. */
function timeOrAgentSkip(c: Conversion, now: Date): string | null {
  const time = Date.parse(c.time);
  if (time < now.getTime() - META_MAX_AGE_DAYS * DAY_MS) return `older than ${META_MAX_AGE_DAYS} days`;
  if (c.kind === 'lead' && !c.lead!.userAgent) return 'no browser user agent (lead stored before the collector kept it)';
  return null;
}

/** The reason for a conversion with neither a Meta hash, an fbclid nor a Meta cookie. */
function noIdentifierReason(c: Conversion): string {
  if (googleOnlyFields(c).length) return "only Google-style email/phone hashes (tracker older than metaHashedEmail): Meta's left out";
  if (withheldForConsent(c)) return 'no consent (the lead shows none: CRM email/phone not used)';
  return 'no fbclid, email or phone';
}

/**
 * The fbc of a conversion: the Pixel's `_fbc` cookie on the lead's page when it had one (Meta: send
 * the cookie, it is the newest), else one built from the landing's fbclid in the cookie's format:
 * fb.<subdomain index 1 = the site's domain>.<first seen, ms>.<fbclid as received>.
 */
function fbcOf(c: Conversion): string | undefined {
  if (c.lead!.fbc) return c.lead!.fbc;
  const fbclid = clickFor(c.lead!, ['fbclid'], c.time);
  return fbclid ? `fb.1.${Date.parse(fbclid.firstSeen)}.${fbclid.value}` : undefined;
}

/** Meta's user_data: its hashes, fbc and the Pixel's fbp, and (website events) the user agent. */
function userData(c: Conversion): MetaUserData | string {
  const { email, phone } = identifiers(c, 'meta');
  const fbc = fbcOf(c);
  const fbp = c.lead!.fbp;
  if (!email && !phone && !fbc && !fbp) return noIdentifierReason(c);
  return {
    ...(email ? { em: [email] } : {}),
    ...(phone ? { ph: [phone] } : {}),
    ...(fbc ? { fbc } : {}),
    ...(fbp ? { fbp } : {}),
    ...(c.kind === 'lead' ? { client_user_agent: c.lead!.userAgent! } : {}),
  };
}

/** One Meta event, or the reason it cannot be sent. */
export function metaEvent(c: Conversion, name: string, now: Date): MetaEvent | string {
  const skip = timeOrAgentSkip(c, now);
  if (skip) return skip;
  const user_data = userData(c);
  if (typeof user_data === 'string') return user_data;
  if (name === 'Purchase' && (c.value === undefined || !c.currency)) return 'Purchase needs a value and currency';
  const website = c.kind === 'lead';
  return {
    event_name: name,
    event_time: Math.floor(Date.parse(c.time) / 1000),
    // The browser event id for a lead, so Meta de-duplicates it against the Pixel event; the outcome's id for an outcome.
    event_id: c.id,
    action_source: website ? 'website' : SYSTEM_ACTION_SOURCE,
    ...(website ? { event_source_url: c.lead!.pageUrl } : {}),
    user_data,
    ...(c.value !== undefined && c.currency ? { custom_data: { value: c.value, currency: c.currency } } : {}),
  };
}

/** Why a written event lacks em or ph, or null. */
export function missingHashNote(c: Conversion, event: MetaEvent): string | null {
  const left = googleOnlyFields(c).filter((f) => !event.user_data[f === 'email' ? 'em' : 'ph']);
  if (!left.length) return null;
  return `written without ${left.map((f) => (f === 'email' ? 'em' : 'ph')).join('/')}: only a Google-style hash (tracker older than metaHashedEmail)`;
}

/** Meta Conversions API events, as the JSON body of one POST to /<pixel id>/events (at most 1,000 events). */
export function metaCapiJson(conversions: readonly Conversion[], o: FormatOptions): Written {
  const data: MetaEvent[] = [];
  const skipped: Skipped[] = [];
  const notes: Skipped[] = [];
  for (const c of conversions) {
    const name = nameOf(o.names, c.step);
    const common = commonSkip(c, name, o.now);
    const event = common ?? metaEvent(c, name!, o.now);
    if (typeof event === 'string') {
      skipped.push({ conversion: c, name: name ?? '', reason: event });
      continue;
    }
    data.push(event);
    const note = missingHashNote(c, event);
    if (note) notes.push({ conversion: c, name: name!, reason: note });
  }
  return { text: JSON.stringify({ data }, null, 2) + '\n', written: data.length, skipped, notes };
}
