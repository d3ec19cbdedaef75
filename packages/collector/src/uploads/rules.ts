/**
 * When a conversion may go to a platform: now, later (and until when, why), or never (why).
 * The export's checks decide what both share (exports/formats.ts `commonSkip`, Meta's event in
 * exports/meta-capi.ts); the rest are the platforms' time rules (shared/reference):
 * Google: no click under 6 hours old (wait until click + 6 h), no conversion more than 90 days
 * after its click, nothing dated in the future (wait until then), only leads with ads consent.
 * Meta: inside its 7-day window only (given up after it).
 */
import { clickFor, identifiers, type Conversion } from '../exports/conversions';
import { commonSkip, DAY_MS, GOOGLE_CLICK_DAYS, GOOGLE_IDS } from '../exports/formats';
import { metaEvent, type MetaEvent } from '../exports/meta-capi';
import type { ClickId } from '../leads/lead';
import { HELD_PREFIX } from '../quality/held';

export const HOUR_MS = 3_600_000;
/** Google refuses a click conversion whose click is under 6 hours old (TOO_RECENT_EVENT): it waits until then. */
export const GOOGLE_MIN_CLICK_AGE_MS = 6 * HOUR_MS;
/** A conversion of a held-back lead is looked at again after this long (released meanwhile: it goes). */
export const HELD_RECHECK_MS = HOUR_MS;
/** An outcome not matched to a lead yet is looked at again after this long. */
export const UNMATCHED_RECHECK_MS = 6 * HOUR_MS;

export type Verdict<T> = { send: T } | { waitUntil: Date; reason: string } | { giveUp: string };

/** What the shared checks say: undefined when they let the conversion through. */
function common(c: Conversion, name: string, now: Date): Verdict<never> | undefined {
  const skip = commonSkip(c, name, now);
  if (skip === null) return undefined;
  if (!c.lead) return { waitUntil: new Date(now.getTime() + UNMATCHED_RECHECK_MS), reason: 'outcome not matched to a lead yet' };
  if (skip === 'in the future') return { waitUntil: new Date(c.time), reason: 'dated in the future' };
  // Held back (quality/held.ts): looked at again, so that a lead released meanwhile goes.
  if (skip.startsWith(HELD_PREFIX)) return { waitUntil: new Date(now.getTime() + HELD_RECHECK_MS), reason: skip };
  return { giveUp: skip };
}

/** A Google conversion ready to build: its click (if any) and its hashes. */
export interface GoogleReady {
  click?: ClickId;
  email?: string;
  phone?: string;
}

export function googleVerdict(c: Conversion, name: string, now: Date): Verdict<GoogleReady> {
  const shared = common(c, name, now);
  if (shared) return shared;
  const lead = c.lead!;
  if (lead.adsConsent !== 'granted') return { giveUp: 'no ads consent' };
  const { email, phone } = identifiers(c, 'google');
  const click = clickFor(lead, GOOGLE_IDS, c.time);
  const hashes = { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
  if (!click) return email || phone ? { send: hashes } : { giveUp: 'no Google click id, email or phone' };
  const clickAt = Date.parse(click.firstSeen);
  if (Date.parse(c.time) < clickAt) return { giveUp: 'earlier than its click' };
  if (Date.parse(c.time) - clickAt > GOOGLE_CLICK_DAYS * DAY_MS) return { giveUp: `more than ${GOOGLE_CLICK_DAYS} days after its click` };
  if (now.getTime() < clickAt + GOOGLE_MIN_CLICK_AGE_MS)
    return { waitUntil: new Date(clickAt + GOOGLE_MIN_CLICK_AGE_MS), reason: 'click under 6 h' };
  return { send: { click, ...hashes } };
}

export function metaVerdict(c: Conversion, name: string, now: Date): Verdict<MetaEvent> {
  const shared = common(c, name, now);
  if (shared) return shared;
  const event = metaEvent(c, name, now);
  return typeof event === 'string' ? { giveUp: event } : { send: event };
}
