/**
 * `@leadbeacon/wire/identifiers`: emails and phone numbers normalised as each ad platform wants
 * them before hashing, defined once for both sides: the tracker hashes a form's fields with these
 * (enhanced conversions), the collector hashes a CRM's values with the same, so the two hashes
 * of one value match. An entry of its own, importing nothing from the rest of the package, so a
 * site's bundler keeps it in the tracker's lazy hashing chunk.
 */

/**
 * Calling code and trunk prefix of national numbers, per ISO country: `VN84` is calling code
 * 84 with the common trunk prefix 0; `US1.1` has trunk prefix 1; a bare `.` (`SG65.`) means
 * numbers are dialled without a trunk prefix (Italy keeps the leading 0 of landlines inside the
 * national number). A string, not a library: no phone library enters the browser bundle.
 */
const TABLE =
  ' VN84 KH855 LA856 TH66 MY60 SG65. ID62 PH63 MM95 IN91 PK92 BD880 LK94 CN86 HK852. TW886 JP81' +
  ' KR82 AU61 NZ64 AE971 SA966 IL972 TR90 EG20 ZA27 NG234 KE254 US1.1 CA1.1 MX52. BR55 AR54 CO57.' +
  ' CL56. PE51 GB44 IE353 DE49 FR33 NL31 BE32 CH41 AT43 IT39. ES34. PT351. PL48. SE46 NO47. DK45.' +
  ' FI358 CZ420. GR30. HU36.06 RU7.8 KZ7.8 RO40 UA380 ';

/**
 * E.164 where it can be normalised: `+` numbers and `00` international prefixes as written;
 * national numbers with the default country's calling code (trunk prefix removed); otherwise
 * the digits as written.
 *
 *   toE164('0901 234 567', 'VN')        // '+84901234567'
 *   toE164('+44 (0)20 7946 0958')       // '+442079460958'
 */
export function toE164(raw: string, country?: string): string {
  // Extensions, pauses and tel: parameters are not part of the number.
  let s = raw.replace(/(;|\?|,|ext|x).*$/i, '').trim();
  // "+44 (0)20 …": the trunk prefix printed after the calling code is not dialled.
  if (/^(\+|00)/.test(s)) s = s.replace('(0)', '');
  const digits = s.replace(/\D/g, '');
  if (!digits) return raw.trim();
  if (s[0] === '+') return '+' + digits;
  if (/^00/.test(digits)) return '+' + digits.slice(2);
  return national(digits, country) || digits;
}

/** A national number in E.164 with the country's calling code and trunk prefix; undefined when it is not one. */
function national(digits: string, country?: string): string | undefined {
  const c = /^[a-z]{2}$/i.test(country || '') && new RegExp(` ${country!.toUpperCase()}(\\d+)(?:\\.(\\d*))? `).exec(TABLE);
  if (!c) return undefined;
  const [, code = '', trunkGiven] = c;
  const trunk = trunkGiven ?? '0';
  if (trunk && digits.startsWith(trunk) && digits.length > 7) return '+' + code + digits.slice(trunk.length);
  // North America dials 011 abroad and writes national numbers without the trunk 1.
  if (code === '1' && /^011/.test(digits)) return '+' + digits.slice(3);
  if (code === '1' && digits.length === 10) return '+1' + digits;
  if (!trunk && digits.length >= 8) return '+' + code + digits;
  return undefined;
}

/**
 * Google's (Data Manager API, enhanced conversions): without any whitespace, lowercased; for
 * gmail.com and googlemail.com without the dots and the `+tag` of the local part. Empty when it
 * is not an email address.
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

/** E.164 (`+` country code, digits only): Google's phone. Empty when it cannot be normalised to one. */
export function normalizePhone(raw: string, country?: string): string {
  const p = toE164(String(raw), country);
  return /^\+[1-9]\d{6,14}$/.test(p) ? p : '';
}

/** Meta's: E.164's digits, without the `+` (so with the country code and no leading zero); empty when it cannot be one. */
export function normalizeMetaPhone(raw: string, country?: string): string {
  return normalizePhone(raw, country).slice(1);
}
