/**
 * The wire format's version a tracker sends: `v` of its batches and of each event it builds
 * (version 2: facts; see events.ts). A collector accepts 1 and 2.
 */
export const WIRE_VERSION = 2;

/** At most this many events in one batch (the schema's `maxItems`). */
export const MAX_BATCH_EVENTS = 500;

/**
 * The tracker refuses a single event larger than this (bytes of its JSON): it would crowd a
 * 64 KB request (the in-flight limit of `sendBeacon` and `fetch(keepalive)`) on its own.
 */
export const MAX_EVENT_BYTES = 32_000;

/** Event, visitor and session ids. */
export const MAX_ID_LENGTH = 64;
export const MAX_NAME_LENGTH = 200;
/** A site's public write key (`writeKey` of a batch). */
export const MAX_WRITE_KEY_LENGTH = 200;
/** `page.url` and `page.referrer`. */
export const MAX_URL_LENGTH = 4096;
/**
 * `currency`: an ISO 4217 code, upper case. A pattern's source (the schema's `pattern`; `new
 * RegExp(CURRENCY_PATTERN)` elsewhere): a RegExp read at the schema's top level would keep the
 * schema in bundles that never use it.
 */
export const CURRENCY_PATTERN = '^[A-Z]{3}$';

/**
 * The body's content type: a "simple" request, so neither `sendBeacon` nor a cross-origin
 * `fetch` needs a CORS preflight. The body is JSON all the same.
 */
export const CONTENT_TYPE = 'text/plain;charset=UTF-8';
