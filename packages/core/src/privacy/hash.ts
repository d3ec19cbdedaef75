/**
 * Normalising and hashing for Google enhanced conversions (shared/reference/channels-clickids.md
 * §4): the offline "qualified lead" upload is matched on the same hash, so both sides must
 * normalise exactly alike.
 */
import { toE164 } from '../detectors/phone';

/**
 * Google's: without any whitespace, lowercased; for gmail.com and googlemail.com without the dots
 * and the `+tag` of the local part. Empty when it is not an email address.
 */
export function normalizeEmail(raw: string): string {
  const s = String(raw).replace(/\s+/g, '').toLowerCase();
  // The dots and +tag removed are those followed, before any '@', by "@gmail.com" (or googlemail) at the end.
  const g = s.replace(/(\+[^@]*)?(?=@(gmail|googlemail)\.com$)/, '').replace(/\.(?=[^@]*@(gmail|googlemail)\.com$)/g, '');
  return /^[^@]+@[^@]+\.[^@]+$/.test(g) ? g : '';
}

/** Meta's (Conversions API): trimmed and lowercased, nothing else. Empty when it is not an email address. */
export function normalizeMetaEmail(raw: string): string {
  const s = String(raw).trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s) ? s : '';
}

/** Meta's: E.164's digits, without the `+` (so with the country code and no leading zero); empty when it cannot be one. */
export function normalizeMetaPhone(raw: string, country?: string): string {
  return normalizePhone(raw, country).slice(1);
}

/** E.164 (`+` country code, digits only); empty when it cannot be normalised to one. */
export function normalizePhone(raw: string, country?: string): string {
  const p = toE164(String(raw), country);
  return /^\+[1-9]\d{6,14}$/.test(p) ? p : '';
}

/**
 * SHA-256 of the UTF-8 bytes, lowercase hex. Web Crypto exists only in secure contexts (https, localhost).
 * A loop, not `Array.from(bytes, toHex)`: Prototype.js 1.7 and MooTools 1.5 replace `Array.from`
 * with versions that ignore the map function (the hex came out as decimal byte values).
 */
export async function sha256Hex(text: string, subtle: SubtleCrypto = crypto.subtle): Promise<string> {
  let hex = '';
  for (const b of new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text)))) hex += (b + 256).toString(16).slice(1);
  return hex;
}
