/**
 * Normalising and hashing for enhanced conversions (shared/reference/channels-clickids.md §4):
 * the offline "qualified lead" upload is matched on the same hash, so both sides normalise with
 * the one module they share, `@leadbeacon/wire/identifiers`.
 */
export { normalizeEmail, normalizeMetaEmail, normalizeMetaPhone, normalizePhone } from '@leadbeacon/wire/identifiers';

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
