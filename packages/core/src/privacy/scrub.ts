/**
 * Removes query parameters that carry personal data from a URL before it leaves the browser:
 * by name (email, phone, tokens, passwords…) and by value (anything that looks like an email
 * address or a phone number). Click ids and UTM tags are kept: attribution needs them.
 */
const PII_NAME =
  /^(e-?mail|mail|email_?address|phone|phone_?number|tel|telephone|mobile|cell|whatsapp|name|first_?name|last_?name|full_?name|address|street|zip|postcode|password|passwd|pass|pwd|token|access_?token|id_?token|refresh_?token|auth|authorization|code|secret|api_?key|key|session|sessionid|sid|jwt|otp|ssn|card|cc|cvv|iban)$/i;
const EMAIL_VALUE = /[^\s@]+@[^\s@]+\.[^\s@]+/;
// A phone number as people write one: '+' or a trunk '0', then 9 to 15 digits with punctuation.
// Plain numeric ids (`?product=12345678`) do not start that way and are kept.
const PHONE_VALUE = /^(\+|\(?0)[\d\s().-]{8,20}$/;
const KEEP = /^(utm_|gclid$|gbraid$|wbraid$|dclid$|gad_|fbclid$|msclkid$|ttclid$|li_fat_id$|twclid$|sccid$|epik$|rdt_cid$|qclid$|yclid$|irclid$)/i;

/**
 * `drop`: more parameter names to remove (case-insensitive): the site's own list, and the ad
 * click ids while `ads` consent is not granted.
 */
export function scrubUrl(href: string, drop: readonly string[] = []): string {
  if (!href) return href;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href.split(/[?#]/)[0] || '';
  }
  const params = url.searchParams;
  let changed = false;
  for (const [name, value] of [...params]) {
    const dropped = drop.includes(name.toLowerCase());
    if (!dropped && KEEP.test(name) && !EMAIL_VALUE.test(value)) continue;
    if (dropped || PII_NAME.test(name) || EMAIL_VALUE.test(value) || PHONE_VALUE.test(value.trim())) {
      params.delete(name);
      changed = true;
    }
  }
  // A fragment can carry tokens too (OAuth implicit flow): keep it only when it holds no '=' pairs or emails.
  if (url.hash && (/[=&]/.test(url.hash) || EMAIL_VALUE.test(decodeURIComponent(url.hash)))) {
    url.hash = '';
    changed = true;
  }
  if (url.username || url.password) {
    url.username = url.password = '';
    changed = true;
  }
  return changed ? url.toString() : href;
}
