import {
  CHAT_VIA,
  CURRENCY_PATTERN,
  FORM_VIA,
  MAX_EVENT_BYTES,
  MAX_NAME_LENGTH,
  MAX_URL_LENGTH,
  REQUIRED_PROPS,
  WEB_VITAL_METRICS,
  type EventType,
  type Props,
} from '@leadbeacon/wire';
import type { Logger, WireEvent } from '../types';
import { byteLength, toJson } from '../util';
import {
  CURRENCY_DROPPED,
  CURRENCY_FIXED,
  EVENT_TOO_BIG,
  PROP_MISSING_DROPPED,
  PROP_MISSING_FIXED,
  PROP_REFUSED_DROPPED,
  PROP_REFUSED_FIXED,
  TOO_LONG,
  warn,
  type WarningCode,
} from '../warnings';

/** The values the wire format allows for a required prop, where it names them. */
const ALLOWED: Partial<Record<EventType, Record<string, readonly string[]>>> = {
  form_submit: { via: FORM_VIA },
  chat_start: { via: CHAT_VIA },
  web_vital: { metric: WEB_VITAL_METRICS },
};

/**
 * What a lead's required prop becomes when the site's call leaves it out or gives it of another
 * kind (the kind is this value's): a lead the collector would refuse is a lead lost. A `track`
 * call comes from a script, so a form sent through it was sent `via: 'script'`. A required prop
 * without a stand-in here (a web vital's) cannot be made up: its event is dropped.
 */
const STAND_INS: Partial<Record<EventType, Props>> = {
  form_submit: { formId: '', fieldNames: [], via: 'script' },
  call_click: { phone: '', href: '' },
  email_click: { email: '', href: '' },
  chat_start: { provider: 'other', via: 'link' },
};

const sameKind = (value: unknown, like: unknown) =>
  like === undefined ? value !== undefined : Array.isArray(like) ? Array.isArray(value) : typeof value === typeof like;

/** Warns of what the wire format refuses in the event and what becomes of it: `code` (a warning about an event) and its arguments after the event's name. */
type Fix = (code: WarningCode, ...args: unknown[]) => void;

/** Gives the event the props its type requires (REQUIRED_PROPS); false when one is missing that cannot be made up. */
function fitProps(e: WireEvent, fix: Fix): boolean {
  const p = e.props;
  for (const key of REQUIRED_PROPS[e.type] || []) {
    const allowed = (ALLOWED[e.type] || {})[key];
    const standIn = (STAND_INS[e.type] || {})[key];
    if (allowed ? allowed.includes(p[key] as string) : sameKind(p[key], standIn)) continue;
    const given = key in p;
    if (standIn === undefined) return (given ? fix(PROP_REFUSED_DROPPED, key, toJson(p[key])) : fix(PROP_MISSING_DROPPED, key), false);
    if (given) fix(PROP_REFUSED_FIXED, key, toJson(p[key]), toJson(standIn));
    else fix(PROP_MISSING_FIXED, key, toJson(standIn));
    p[key] = standIn;
  }
  if (Array.isArray(p.fieldNames)) p.fieldNames = p.fieldNames.map(String);
  return true;
}

/** The text, cut to `max` characters when it is longer. */
const cut = (text: string, what: string, max: number, fix: Fix) =>
  text.length > max ? (fix(TOO_LONG, what, max), text.slice(0, max)) : text;

/** Fits the event's name, page and currency to the wire format's limits, in place. */
function fitFields(e: WireEvent, fix: Fix): void {
  e.name = cut(e.name, 'name', MAX_NAME_LENGTH, fix);
  e.page.url = cut(e.page.url, 'page.url', MAX_URL_LENGTH, fix);
  e.page.referrer = cut(e.page.referrer, 'page.referrer', MAX_URL_LENGTH, fix);
  if (!e.currency) return;
  const code = e.currency.toUpperCase();
  const ok = new RegExp(CURRENCY_PATTERN).test(code);
  if (ok && code === e.currency) return;
  if (ok) {
    fix(CURRENCY_FIXED, e.currency, code);
    e.currency = code;
  } else {
    fix(CURRENCY_DROPPED, e.currency);
    delete e.currency;
  }
}

/**
 * The event as the wire format accepts it (@leadbeacon/wire's limits and required props), so
 * that the collector never refuses the batch it travels in: fixed where it can be, with a
 * warning naming the event and the fix; undefined (dropped, with a warning) where it cannot, or
 * when it is over MAX_EVENT_BYTES (it would crowd a request on its own).
 */
export function fitToWire(event: WireEvent, log: Logger): WireEvent | undefined {
  // Named as given, but not at any length: a name may be what is too long.
  const name = event.name.slice(0, 60);
  const fix: Fix = (code, ...args) => warn(log, code, name, ...args);
  fitFields(event, fix);
  if (!fitProps(event, fix)) return undefined;
  if (byteLength(toJson(event)) <= MAX_EVENT_BYTES) return event;
  fix(EVENT_TOO_BIG, MAX_EVENT_BYTES);
  return undefined;
}
