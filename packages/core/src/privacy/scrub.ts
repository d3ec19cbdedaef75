import { isClickId } from '@leadbeacon/wire';
import { decode } from '../util';

/**
 * Removes query parameters that carry personal data from a URL before it leaves the browser:
 * by name (email, phone, tokens, passwords…) and by value (anything that looks like an email
 * address or a phone number). Click ids and UTM tags are kept: attribution needs them.
 */
const PII_NAME =
  /^((e-?)?mail|(email_?)?address|phone(_?number)?|tel(ephone)?|mobile|cell|whatsapp|((first|last|full)_?)?name|street|zip|postcode|pass(word|wd)?|pwd|((access|id|refresh)_?)?token|auth(orization)?|code|secret|(api_?)?key|session(id)?|sid|jwt|otp|ssn|card|cc|cvv|iban)$/i;
const EMAIL_VALUE = /[^\s@]+@[^\s@]+\.[^\s@]+/;
// A phone number as people write one: '+' or a trunk '0', then 9 to 15 digits with punctuation.
// Plain numeric ids (`?product=12345678`) do not start that way and are kept.
const PHONE_VALUE = /^(\+|\(?0)[\d\s().-]{8,20}$/;

/** A query parameter (`name=value`, as written) that must not leave the browser. */
function personal(pair: string, drop: readonly string[], clickIds?: boolean): boolean {
  const eq = pair.indexOf('=');
  const name = decode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
  const value = eq < 0 ? '' : decode(pair.slice(eq + 1).replace(/\+/g, ' '));
  const lower = name.toLowerCase();
  // UTM tags, gad_* and click ids (any case) are kept unless dropped or holding an email address.
  const id = isClickId(lower);
  const keep = id || /^(utm|gad)_/.test(lower);
  if ((clickIds && id) || drop.includes(lower) || EMAIL_VALUE.test(value)) return true;
  return !keep && (PII_NAME.test(name) || PHONE_VALUE.test(value.trim()));
}

/** Removes a fragment that carries `key=value` pairs or an email, and `user:password@`; true when it did. */
function scrubRest(url: URL): boolean {
  let changed = false;
  // A fragment can carry tokens too (OAuth implicit flow): keep it only when it holds no '=' pairs or emails.
  if (/[=&]/.test(url.hash) || EMAIL_VALUE.test(decode(url.hash))) {
    url.hash = '';
    changed = true;
  }
  if (url.username || url.password) {
    url.username = url.password = '';
    changed = true;
  }
  return changed;
}

/**
 * `drop`: more parameter names to remove (case-insensitive), the site's own list;
 * `clickIds`: remove the ad click ids too (while `ads` consent is denied). The parameters that
 * stay are kept exactly as written (SvelteKit's `?/contact` stays `?/contact`).
 */
export function scrubUrl(href: string, drop: readonly string[] = [], clickIds?: boolean): string {
  if (!href) return href;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href.split(/[?#]/)[0] || '';
  }
  const pairs = url.search.slice(1).split('&');
  const kept = pairs.filter((pair) => !pair || !personal(pair, drop, clickIds));
  const query = kept.length < pairs.length;
  if (query) url.search = kept.filter(Boolean).join('&');
  return scrubRest(url) || query ? url.href : href;
}
