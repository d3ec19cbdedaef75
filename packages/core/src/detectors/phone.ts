/**
 * Calling code and trunk prefix of national numbers, per ISO country: `VN84.0` is calling code
 * 84, trunk prefix 0; no `.x` means numbers are dialled without a trunk prefix (Italy keeps
 * the leading 0 of landlines inside the national number). A string, not a library: no phone
 * library enters the browser bundle.
 */
const TABLE =
  ' VN84.0 KH855.0 LA856.0 TH66.0 MY60.0 SG65 ID62.0 PH63.0 MM95.0 IN91.0 PK92.0 BD880.0 LK94.0' +
  ' CN86.0 HK852 TW886.0 JP81.0 KR82.0 AU61.0 NZ64.0 AE971.0 SA966.0 IL972.0 TR90.0 EG20.0' +
  ' ZA27.0 NG234.0 KE254.0 US1.1 CA1.1 MX52 BR55.0 AR54.0 CO57 CL56 PE51.0 GB44.0 IE353.0' +
  ' DE49.0 FR33.0 NL31.0 BE32.0 CH41.0 AT43.0 IT39 ES34 PT351 PL48 SE46.0 NO47 DK45 FI358.0' +
  ' CZ420 GR30 HU36.06 RO40.0 UA380.0 RU7.8 KZ7.8 ';

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
  const c = /^[a-z]{2}$/i.test(country || '') && new RegExp(` ${country!.toUpperCase()}(\\d+)\\.?(\\d*) `).exec(TABLE);
  if (c) {
    const code = c[1]!;
    const trunk = c[2]!;
    if (trunk && digits.startsWith(trunk) && digits.length > 7) return '+' + code + digits.slice(trunk.length);
    // North America dials 011 abroad and writes national numbers without the trunk 1.
    if (code === '1' && /^011/.test(digits)) return '+' + digits.slice(3);
    if (code === '1' && digits.length === 10) return '+1' + digits;
    if (!trunk && digits.length >= 8) return '+' + code + digits;
  }
  return digits;
}
