/**
 * Emails and phone numbers as each ad platform wants them hashed. The platforms normalise
 * differently (shared/reference/meta-capi.md §6), so one value has one hash per platform:
 * - Google (Data Manager API, enhanced conversions): email trimmed, lowercased, without any
 *   whitespace; for gmail.com and googlemail.com also without the dots of the local part and
 *   without a `+tag`. Phone in E.164 with its `+`.
 * - Meta (Conversions API): email trimmed and lowercased, nothing else. Phone as digits only,
 *   with the country code, without `+` and without leading zeros.
 * Both: SHA-256 of the UTF-8 bytes, lowercase hex. A value that already is 64 hex digits is
 * taken as a hash and passed through lowercased (as Meta's SDK does; for Google too, since no
 * email (it has an '@') nor E.164 number (at most 15 digits) looks like one).
 */
import { createHash } from 'node:crypto';
import { normalizeEmail, normalizeMetaEmail, normalizeMetaPhone, normalizePhone, toE164 } from '@leadbeacon/wire/identifiers';

export type Platform = 'google' | 'meta';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A 64-hex value, lowercased: a hash given in place of the value. */
function alreadyHashed(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  return SHA256_HEX.test(s) ? s : undefined;
}

// The normalisers are the tracker's own (`@leadbeacon/wire/identifiers`), so a CRM's value and a form's hash alike.

/** Google's email: no whitespace anywhere, lowercase; Gmail's local part without dots and `+tag`. '' when not an email. */
export const googleEmail = (raw: string): string => normalizeEmail(raw);

/** Meta's email: trimmed and lowercased, nothing else. '' when not an email (inner whitespace included). */
export const metaEmail = (raw: string): string => normalizeMetaEmail(raw);

/** Google's phone: E.164 with `+` (a national number takes `country`, e.g. 'VN'). '' when it cannot be one. */
export const googlePhone = (raw: string, country?: string): string => normalizePhone(raw, country);

/**
 * A phone number as a version-1 tracker sent it: E.164 where it can be normalised (a national
 * number takes `country`), else its digits as written (ingest/facts.ts, for version-2 events).
 */
export const e164 = (raw: string, country?: string): string => toE164(raw, country);

/** Meta's phone: E.164's digits, without the `+` (E.164 never starts with a zero). '' when it cannot be one. */
export const metaPhone = (raw: string, country?: string): string => normalizeMetaPhone(raw, country);

const NORMALISERS = {
  google: { email: googleEmail, phone: googlePhone },
  meta: { email: metaEmail, phone: metaPhone },
} as const;

/** The platform's hash of an email ('' when it is not one); a 64-hex value is passed through. */
export function hashEmail(platform: Platform, raw: string): string {
  const given = alreadyHashed(raw);
  if (given) return given;
  const normalised = NORMALISERS[platform].email(raw);
  return normalised ? sha256Hex(normalised) : '';
}

/** The platform's hash of a phone number ('' when it cannot be normalised); a 64-hex value is passed through. */
export function hashPhone(platform: Platform, raw: string, country?: string): string {
  const given = alreadyHashed(raw);
  if (given) return given;
  const normalised = NORMALISERS[platform].phone(raw, country);
  return normalised ? sha256Hex(normalised) : '';
}
