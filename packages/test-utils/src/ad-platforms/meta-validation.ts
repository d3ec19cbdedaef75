// The checks the Conversions API applies to a batch of server events, as the reference lists
// them [M-SE][M-PARAMS][M-CIP][M-FBC][M-USE][SDK-CD]. Meta answers the first problem it finds.
// Subcodes: 2804050 (insufficient customer information) is seen in real answers; every other
// subcode/title here is UNVERIFIED (Meta does not publish the list) — tests should assert code 100
// and the title, not the subcode.
import { invalidParameter, type MetaRefusal } from './meta-errors';

type Json = Record<string, unknown>;

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_EVENT_AGE_SECONDS = 7 * 24 * 3600;

export const ACTION_SOURCES = [
  'website',
  'email',
  'app',
  'phone_call',
  'chat',
  'physical_store',
  'system_generated',
  'business_messaging',
  'other',
];
/** user_data keys Meta wants SHA-256-hashed (64 lowercase hex). */
export const HASHED_KEYS = ['em', 'ph', 'fn', 'ln', 'db', 'ge', 'ct', 'st', 'zp', 'country'];
/** Keys that count as customer information (any one makes an event matchable). */
export const CUSTOMER_KEYS = [
  ...HASHED_KEYS,
  'external_id',
  'client_ip_address',
  'client_user_agent',
  'fbc',
  'fbp',
  'lead_id',
  'subscription_id',
  'fb_login_id',
  'anon_id',
  'madid',
];
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** fb.{subdomainIndex}.{creationTimeMs}.{fbclid} [M-FBC]. */
const FBC = /^fb\.[0-2]\.\d{13}\.[^\s.][^\s]*$/;
const FBP = /^fb\.[0-2]\.\d{13}\.\d+(\.[^\s]+)?$/;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const present = (value: unknown) => value !== undefined && value !== null && value !== '';
const at = (index: number, what: string) => `Event ${index}: ${what}`;

function checkHashed(userData: Json, index: number): MetaRefusal | undefined {
  for (const key of HASHED_KEYS) {
    if (!present(userData[key])) continue;
    const values = Array.isArray(userData[key]) ? (userData[key] as unknown[]) : [userData[key]];
    const bad = values.find((v) => !(typeof v === 'string' && SHA256_HEX.test(v)));
    if (bad !== undefined)
      return invalidParameter(
        2804010,
        'Unhashed customer information',
        at(index, `user_data.${key} must be a SHA-256 hash (64 lowercase hex digits); got ${JSON.stringify(bad).slice(0, 40)}`),
      );
  }
  return undefined;
}

function checkClickIds(userData: Json, index: number): MetaRefusal | undefined {
  if (present(userData.fbc) && !(typeof userData.fbc === 'string' && FBC.test(userData.fbc)))
    return invalidParameter(
      2804015,
      'Invalid fbc',
      at(index, `user_data.fbc must be fb.<subdomain index>.<ms>.<fbclid>; got ${JSON.stringify(userData.fbc)}`),
    );
  if (present(userData.fbp) && !(typeof userData.fbp === 'string' && FBP.test(userData.fbp)))
    return invalidParameter(
      2804016,
      'Invalid fbp',
      at(index, `user_data.fbp must be fb.<subdomain index>.<ms>.<random>; got ${JSON.stringify(userData.fbp)}`),
    );
  return undefined;
}

function checkUserData(event: Json, index: number): MetaRefusal | undefined {
  const userData = event.user_data;
  if (!isObject(userData) || !CUSTOMER_KEYS.some((k) => present(userData[k])))
    return invalidParameter(2804050, 'Customer information parameters', at(index, 'This event has insufficient customer information.'));
  return checkHashed(userData, index) ?? checkClickIds(userData, index);
}

function checkTime(event: Json, index: number, nowSeconds: number): MetaRefusal | undefined {
  const time = event.event_time;
  if (!(typeof time === 'number' && Number.isInteger(time)))
    return invalidParameter(
      2804001,
      'Invalid event time',
      at(index, `event_time must be a Unix time in seconds; got ${JSON.stringify(time)}`),
    );
  if (time > nowSeconds) return invalidParameter(2804004, 'Event time in the future', at(index, 'event_time is in the future.'));
  if (time < nowSeconds - MAX_EVENT_AGE_SECONDS)
    return invalidParameter(
      2804003,
      'Event timestamp too old',
      at(index, 'event_time is more than 7 days in the past; the request was not processed.'),
    );
  return undefined;
}

function checkSource(event: Json, index: number): MetaRefusal | undefined {
  if (!(typeof event.action_source === 'string' && ACTION_SOURCES.includes(event.action_source)))
    return invalidParameter(
      2804008,
      'Invalid action_source',
      at(index, `action_source must be one of ${ACTION_SOURCES.join(', ')}; got ${JSON.stringify(event.action_source)}`),
    );
  if (event.action_source !== 'website') return undefined;
  if (!present(event.event_source_url))
    return invalidParameter(2804020, 'Missing event_source_url', at(index, 'website events need event_source_url.'));
  const userAgent = isObject(event.user_data) ? event.user_data.client_user_agent : undefined;
  if (!present(userAgent))
    return invalidParameter(2804021, 'Missing client_user_agent', at(index, 'website events need user_data.client_user_agent.'));
  return undefined;
}

function checkCustomData(event: Json, index: number): MetaRefusal | undefined {
  const custom = isObject(event.custom_data) ? event.custom_data : {};
  const { value, currency } = custom;
  if (present(value) && !(typeof value === 'number' && Number.isFinite(value)))
    return invalidParameter(2804030, 'Invalid value', at(index, `custom_data.value must be a number; got ${JSON.stringify(value)}`));
  // Currency is case-insensitive: the SDK sends it lowercased [SDK-CD].
  if (present(currency) && !(typeof currency === 'string' && CURRENCIES.has(currency.toUpperCase())))
    return invalidParameter(
      2804031,
      'Invalid currency',
      at(index, `custom_data.currency must be an ISO 4217 code; got ${JSON.stringify(currency)}`),
    );
  if (present(value) && !present(currency))
    return invalidParameter(2804032, 'Missing currency', at(index, 'custom_data.currency is required when value is sent.'));
  if (event.event_name === 'Purchase' && !(present(value) && present(currency)))
    return invalidParameter(
      2804033,
      'Purchase needs value and currency',
      at(index, 'Purchase events need custom_data.value and custom_data.currency.'),
    );
  return undefined;
}

function checkEvent(event: unknown, index: number, nowSeconds: number): MetaRefusal | undefined {
  if (!isObject(event)) return invalidParameter(2804000, 'Invalid event', at(index, 'each event must be an object'));
  if (!(typeof event.event_name === 'string' && event.event_name.trim() !== ''))
    return invalidParameter(2804002, 'Missing event_name', at(index, 'event_name is required.'));
  if (present(event.event_id) && typeof event.event_id !== 'string')
    return invalidParameter(2804005, 'Invalid event_id', at(index, 'event_id must be a string.'));
  return checkTime(event, index, nowSeconds) ?? checkSource(event, index) ?? checkUserData(event, index) ?? checkCustomData(event, index);
}

/** The first reason Meta would refuse this `data` batch, or undefined when it would accept all of it. */
export function validateServerEvents(data: unknown, nowSeconds: number): MetaRefusal | undefined {
  if (data === undefined) return { status: 400, message: '(#100) The parameter data is required', code: 100 };
  if (!Array.isArray(data) || data.length === 0) return { status: 400, message: '(#100) param data must be an array.', code: 100 };
  if (data.length > MAX_EVENTS_PER_REQUEST)
    return { status: 400, message: `(#100) param data must be an array of at most ${MAX_EVENTS_PER_REQUEST} elements.`, code: 100 };
  // All-or-nothing: one event too old (or otherwise invalid) refuses the whole request [M-SE].
  for (const [index, event] of data.entries()) {
    const refusal = checkEvent(event, index, nowSeconds);
    if (refusal) return refusal;
  }
  return undefined;
}
