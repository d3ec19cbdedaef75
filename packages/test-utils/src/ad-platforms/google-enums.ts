// The Data Manager API's enums, by name and number (protos of @google-ads/datamanager 0.3,
// google/ads/datamanager/v1). REST clients send the names; the official Node client's REST
// fallback sends the numbers (numericEnums, `$alt=json;enum-encoding=int`). [P-*][GAX-FB]

export const ENUMS = {
  Encoding: ['ENCODING_UNSPECIFIED', 'HEX', 'BASE64'],
  AccountType: [
    'ACCOUNT_TYPE_UNSPECIFIED',
    'GOOGLE_ADS',
    'DISPLAY_VIDEO_PARTNER',
    'DISPLAY_VIDEO_ADVERTISER',
    'DATA_PARTNER',
    'GOOGLE_ANALYTICS_PROPERTY',
    'GOOGLE_AD_MANAGER_AUDIENCE_LINK',
  ],
  /** The deprecated ProductAccount.product (Product enum). */
  Product: ['PRODUCT_UNSPECIFIED', 'GOOGLE_ADS', 'DISPLAY_VIDEO_PARTNER', 'DISPLAY_VIDEO_ADVERTISER', 'DATA_PARTNER'],
  ConsentStatus: ['CONSENT_STATUS_UNSPECIFIED', 'CONSENT_GRANTED', 'CONSENT_DENIED'],
  EventSource: ['EVENT_SOURCE_UNSPECIFIED', 'WEB', 'APP', 'IN_STORE', 'PHONE', 'OTHER', 'MESSAGE'],
} as const;

export type EnumName = keyof typeof ENUMS;

/**
 * The member name of `value` (a name or a number), or undefined when it is neither; absent
 * (undefined/null) stays null, which the proto reads as the UNSPECIFIED member.
 */
export function enumMember(type: EnumName, value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  const members: readonly string[] = ENUMS[type];
  if (typeof value === 'number') return members[value];
  if (typeof value === 'string' && members.includes(value)) return value;
  return undefined;
}
