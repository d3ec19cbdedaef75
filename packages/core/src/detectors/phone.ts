/**
 * Calling codes and trunk prefixes for national numbers, keyed by ISO country. Small on
 * purpose: no phone library enters the browser bundle.
 */
const COUNTRIES: Record<string, [code: string, trunk: string]> = {
  VN: ['84', '0'],
  US: ['1', '1'],
  CA: ['1', '1'],
  GB: ['44', '0'],
  AU: ['61', '0'],
  NZ: ['64', '0'],
  IE: ['353', '0'],
  DE: ['49', '0'],
  FR: ['33', '0'],
  NL: ['31', '0'],
  BE: ['32', '0'],
  CH: ['41', '0'],
  AT: ['43', '0'],
  IT: ['39', ''],
  ES: ['34', ''],
  PT: ['351', ''],
  PL: ['48', ''],
  SE: ['46', '0'],
  NO: ['47', ''],
  DK: ['45', ''],
  FI: ['358', '0'],
  IN: ['91', '0'],
  SG: ['65', ''],
  MY: ['60', '0'],
  TH: ['66', '0'],
  ID: ['62', '0'],
  PH: ['63', '0'],
  JP: ['81', '0'],
  KR: ['82', '0'],
  CN: ['86', '0'],
  HK: ['852', ''],
  TW: ['886', '0'],
  AE: ['971', '0'],
  SA: ['966', '0'],
  ZA: ['27', '0'],
  BR: ['55', '0'],
  MX: ['52', ''],
  AR: ['54', '0'],
};

/**
 * E.164 where it can be normalised: `+` numbers and `00` international prefixes as written;
 * national numbers with the default country's calling code (trunk prefix removed); otherwise
 * the digits as written.
 */
export function toE164(raw: string, country?: string): string {
  const s = raw.replace(/(;|\?|,|ext|x).*$/i, '').trim();
  const digits = s.replace(/\D/g, '');
  if (!digits) return raw.trim();
  if (/^\+/.test(s)) return '+' + digits;
  if (/^00/.test(digits)) return '+' + digits.slice(2);
  const c = country && COUNTRIES[country.toUpperCase()];
  if (c) {
    const [code, trunk] = c;
    if (trunk && digits.startsWith(trunk) && digits.length > 7) return '+' + code + digits.slice(trunk.length);
    // North America writes national numbers without the trunk 1: ten digits.
    if (code === '1' && digits.length === 10) return '+1' + digits;
    if (!trunk && digits.length >= 8) return '+' + code + digits;
  }
  return digits;
}
