// The synchronous checks of IngestEvents, as the reference lists them: any violation fails the
// whole request (fast-fail) and nothing is ingested. [D-ERR][D-MAP][P-ING][P-EVT][P-DST][P-UD][D-LIM]
import type { Violation } from './google-errors';
import { enumMember, type EnumName } from './google-enums';

export const MAX_DESTINATIONS = 10;
export const MAX_EVENTS = 2000;
export const MAX_USER_IDENTIFIERS = 10;

type Json = Record<string, unknown>;

export interface IngestRules {
  /** The conversion action ids (productDestinationId) the fake's Google Ads accounts have. */
  conversionActionIds: ReadonlySet<string>;
  now: number;
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

class Collector {
  readonly violations: Violation[] = [];
  add(field: string, reason: string, description: string): void {
    this.violations.push({ field, reason, description });
  }
  /** Checks an enum field; returns its member name (null when absent). */
  enumField(type: EnumName, value: unknown, field: string): string | null | undefined {
    const member = enumMember(type, value);
    if (member === undefined) this.add(field, 'INVALID_ENUM_VALUE', `${JSON.stringify(value)} is not a ${type}`);
    return member;
  }
}

/** Milliseconds since the epoch of an RFC 3339 timestamp (the REST form of google.protobuf.Timestamp), else NaN. */
export function parseTimestamp(value: unknown): number {
  return typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : NaN;
}

function checkAccount(account: unknown, field: string, out: Collector): void {
  if (!isObject(account)) return out.add(field, 'REQUIRED_FIELD_MISSING', 'a ProductAccount is required');
  if (!nonEmpty(account.accountId)) out.add(`${field}.accountId`, 'REQUIRED_FIELD_MISSING', 'accountId is required');
  // UNVERIFIED reason: a Google Ads customer id is 10 digits without hyphens [D-CALLSEND]; which reason Google gives is not documented.
  else if (!/^\d{10}$/.test(account.accountId))
    out.add(`${field}.accountId`, 'INVALID_DESTINATION', 'a Google Ads account id is 10 digits without hyphens');
  const type = out.enumField('AccountType', account.accountType, `${field}.accountType`);
  const product = out.enumField('Product', account.product, `${field}.product`);
  const given = [type, product].filter((t) => t && !t.endsWith('_UNSPECIFIED'));
  if (given.length === 0) out.add(`${field}.accountType`, 'REQUIRED_FIELD_MISSING', 'accountType (or the deprecated product) is required');
  else if (given.some((t) => t !== given[0])) out.add(`${field}.accountType`, 'INVALID_ARGUMENT', 'accountType and product disagree');
  else if (given[0] !== 'GOOGLE_ADS') out.add(`${field}.accountType`, 'INVALID_DESTINATION', 'this fake serves Google Ads accounts only');
}

function checkDestination(destination: unknown, field: string, rules: IngestRules, out: Collector): void {
  if (!isObject(destination)) return out.add(field, 'INVALID_DESTINATION', 'a Destination object is required');
  checkAccount(destination.operatingAccount, `${field}.operatingAccount`, out);
  if (destination.loginAccount !== undefined) checkAccount(destination.loginAccount, `${field}.loginAccount`, out);
  const id = destination.productDestinationId;
  if (!nonEmpty(id))
    out.add(`${field}.productDestinationId`, 'REQUIRED_FIELD_MISSING', 'productDestinationId (the conversion action id) is required');
  else if (!rules.conversionActionIds.has(id))
    out.add(`${field}.productDestinationId`, 'INVALID_CONVERSION_ACTION_ID', `no conversion action ${id} in the operating account`);
}

function checkDestinations(destinations: unknown, rules: IngestRules, out: Collector): Set<string> {
  const references = new Set<string>();
  if (!Array.isArray(destinations) || destinations.length === 0) {
    out.add('destinations', 'REQUIRED_FIELD_MISSING', 'at least one destination is required');
    return references;
  }
  if (destinations.length > MAX_DESTINATIONS)
    out.add('destinations', 'TOO_MANY_DESTINATIONS', `${destinations.length} destinations; at most ${MAX_DESTINATIONS} per request`);
  destinations.forEach((destination, i) => {
    checkDestination(destination, `destinations[${i}]`, rules, out);
    const reference = isObject(destination) ? destination.reference : undefined;
    if (!nonEmpty(reference)) return;
    if (references.has(reference))
      out.add(`destinations[${i}].reference`, 'DUPLICATE_DESTINATION_REFERENCE', `reference ${reference} is used twice`);
    references.add(reference);
  });
  return references;
}

/** A SHA-256 digest in `encoding`: HEX = 64 lowercase hex digits, BASE64 = 32 bytes. */
function checkHash(value: unknown, field: string, encoding: string | null | undefined, out: Collector): void {
  if (!nonEmpty(value)) return out.add(field, 'REQUIRED_FIELD_MISSING', 'a hashed value is required');
  if (encoding === 'BASE64') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return out.add(field, 'INVALID_BASE64_ENCODING', 'not Base64');
    if (Buffer.from(value, 'base64').length !== 32) out.add(field, 'INVALID_SHA256_FORMAT', 'not a SHA-256 digest (32 bytes)');
    return;
  }
  // UNVERIFIED: uppercase hex. Google's formatter writes lowercase [DMN-FMT]; this fake refuses uppercase so the collector never relies on it.
  if (!/^[0-9a-f]+$/.test(value)) return out.add(field, 'INVALID_HEX_ENCODING', 'not lowercase hex');
  if (value.length !== 64) out.add(field, 'INVALID_SHA256_FORMAT', `${value.length} hex digits; a SHA-256 digest has 64`);
}

function checkAddress(address: Json, field: string, encoding: string | null | undefined, out: Collector): void {
  checkHash(address.givenName, `${field}.givenName`, encoding, out);
  checkHash(address.familyName, `${field}.familyName`, encoding, out);
  if (!(typeof address.regionCode === 'string' && /^[A-Z]{2}$/i.test(address.regionCode)))
    out.add(`${field}.regionCode`, 'INVALID_COUNTRY_CODE', 'an ISO 3166-1 alpha-2 region code (not hashed) is required');
  if (!nonEmpty(address.postalCode)) out.add(`${field}.postalCode`, 'INVALID_POSTAL_CODE', 'a postal code (not hashed) is required');
}

function checkUserIdentifier(identifier: unknown, field: string, encoding: string | null | undefined, out: Collector): void {
  const set = isObject(identifier) ? ['emailAddress', 'phoneNumber', 'address'].filter((k) => identifier[k] !== undefined) : [];
  if (!isObject(identifier) || set.length !== 1)
    return out.add(field, 'INVALID_ARGUMENT', 'a UserIdentifier holds exactly one of emailAddress, phoneNumber, address');
  const [kind] = set as [string];
  if (kind === 'address') {
    if (!isObject(identifier.address)) return out.add(`${field}.address`, 'INVALID_FORMAT', 'address must be an object');
    return checkAddress(identifier.address, `${field}.address`, encoding, out);
  }
  checkHash(identifier[kind], `${field}.${kind}`, encoding, out);
}

/** The event's user identifiers (checked), or 0 when it has none. */
function checkUserData(userData: unknown, field: string, encoding: string | null | undefined, out: Collector): number {
  if (userData === undefined || userData === null) return 0;
  const identifiers = isObject(userData) ? userData.userIdentifiers : undefined;
  if (!Array.isArray(identifiers)) return 0;
  if (identifiers.length > MAX_USER_IDENTIFIERS)
    out.add(`${field}.userIdentifiers`, 'TOO_MANY_USER_IDENTIFIERS', `${identifiers.length} identifiers; at most ${MAX_USER_IDENTIFIERS}`);
  identifiers.forEach((identifier, i) => checkUserIdentifier(identifier, `${field}.userIdentifiers[${i}]`, encoding, out));
  return identifiers.length;
}

function hasAdIdentifier(adIdentifiers: unknown): boolean {
  return isObject(adIdentifiers) && ['gclid', 'gbraid', 'wbraid'].some((k) => nonEmpty(adIdentifiers[k]));
}

function checkConsent(consent: unknown, field: string, out: Collector): void {
  if (consent === undefined || consent === null) return;
  if (!isObject(consent)) return out.add(field, 'INVALID_FORMAT', 'consent must be an object');
  out.enumField('ConsentStatus', consent.adUserData, `${field}.adUserData`);
  out.enumField('ConsentStatus', consent.adPersonalization, `${field}.adPersonalization`);
}

function checkTimestamp(value: unknown, field: string, rules: IngestRules, out: Collector): void {
  if (value === undefined || value === null || value === '') return out.add(field, 'REQUIRED_FIELD_MISSING', 'eventTimestamp is required');
  const at = parseTimestamp(value);
  if (Number.isNaN(at)) return out.add(field, 'INVALID_FORMAT', `${JSON.stringify(value)} is not an RFC 3339 timestamp`);
  // UNVERIFIED reason: Google Ads refuses conversion times in the future; the Data Manager reason for it is not documented.
  if (at > rules.now) out.add(field, 'INVALID_EVENT', 'the event time is in the future');
}

function checkValue(event: Json, field: string, out: Collector): void {
  if (event.currency !== undefined && event.currency !== '' && !(typeof event.currency === 'string' && CURRENCIES.has(event.currency)))
    out.add(`${field}.currency`, 'INVALID_CURRENCY_CODE', `${JSON.stringify(event.currency)} is not an ISO 4217 code`);
  const value = event.conversionValue;
  if (value !== undefined && value !== null && !(typeof value === 'number' && Number.isFinite(value)))
    out.add(`${field}.conversionValue`, 'INVALID_NUMBER_FORMAT', `${JSON.stringify(value)} is not a finite number`);
}

interface EventContext {
  rules: IngestRules;
  encoding: string | null | undefined;
  references: ReadonlySet<string>;
  out: Collector;
}

function checkEvent(event: unknown, field: string, { rules, encoding, references, out }: EventContext): void {
  if (!isObject(event)) return out.add(field, 'INVALID_EVENT', 'an Event object is required');
  if (!nonEmpty(event.transactionId)) out.add(`${field}.transactionId`, 'REQUIRED_FIELD_MISSING', 'transactionId is required');
  checkTimestamp(event.eventTimestamp, `${field}.eventTimestamp`, rules, out);
  const userIdentifiers = checkUserData(event.userData, `${field}.userData`, encoding, out);
  if (userIdentifiers === 0 && !hasAdIdentifier(event.adIdentifiers))
    out.add(field, 'NO_IDENTIFIERS_PROVIDED', 'neither adIdentifiers (gclid, gbraid, wbraid) nor userData.userIdentifiers');
  checkConsent(event.consent, `${field}.consent`, out);
  checkValue(event, field, out);
  out.enumField('EventSource', event.eventSource, `${field}.eventSource`);
  const targets = Array.isArray(event.destinationReferences) ? event.destinationReferences : [];
  targets.forEach((reference, i) => {
    // UNVERIFIED reason for a reference no destination carries.
    if (!references.has(reference as string))
      out.add(`${field}.destinationReferences[${i}]`, 'INVALID_DESTINATION', `no destination has reference ${String(reference)}`);
  });
}

/** Whether any event carries user identifiers (then `encoding` is required). */
function anyUserData(events: unknown[]): boolean {
  return events.some(
    (e) => isObject(e) && isObject(e.userData) && Array.isArray(e.userData.userIdentifiers) && e.userData.userIdentifiers.length > 0,
  );
}

function checkEncoding(request: Json, events: unknown[], out: Collector): string | null | undefined {
  const encoding = out.enumField('Encoding', request.encoding, 'encoding');
  if (anyUserData(events) && (!encoding || encoding === 'ENCODING_UNSPECIFIED'))
    out.add('encoding', 'REQUIRED_FIELD_MISSING', 'encoding (HEX or BASE64) is required when events carry userData');
  return encoding;
}

/** Every violation in an IngestEventsRequest (JSON), in request order; empty when Google would accept it. */
export function validateIngestRequest(request: unknown, rules: IngestRules): Violation[] {
  const out = new Collector();
  if (!isObject(request)) {
    out.add('', 'INVALID_ARGUMENT', 'the body must be a JSON object');
    return out.violations;
  }
  const references = checkDestinations(request.destinations, rules, out);
  const events = Array.isArray(request.events) ? request.events : [];
  if (events.length === 0) out.add('events', 'REQUIRED_FIELD_MISSING', 'at least one event is required');
  if (events.length > MAX_EVENTS) out.add('events', 'TOO_MANY_EVENTS', `${events.length} events; at most ${MAX_EVENTS} per request`);
  checkConsent(request.consent, 'consent', out);
  // Encrypted identifiers are not modelled: the fake would otherwise take ciphertext for malformed hashes.
  if (request.encryptionInfo !== undefined && request.encryptionInfo !== null)
    out.add('encryptionInfo', 'INVALID_ARGUMENT', 'this fake does not model encrypted identifiers');
  const encoding = checkEncoding(request, events, out);
  if (events.length <= MAX_EVENTS) events.forEach((event, i) => checkEvent(event, `events[${i}]`, { rules, encoding, references, out }));
  return out.violations;
}
