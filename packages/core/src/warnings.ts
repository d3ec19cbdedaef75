/**
 * Every warning the tracker gives, by code, and the one function that gives them.
 *
 * Only a developer reads a warning, so only a development build carries the texts: the npm
 * package explains each warning unless `process.env.NODE_ENV` is "production" (a bundler
 * replaces it, and drops TEXTS from the bundle with the branch that reads it); the script tag's
 * `leadbeacon.min.js` gives the code and a link to README's list, and `leadbeacon.debug.js`
 * explains. The arguments go to the console either way (the key, the event's name, the error).
 *
 * A code never changes meaning once released: a new warning takes the next number, and one
 * that goes away leaves its number unused. packages/core/README.md lists them
 * (`node scripts/warnings-doc.mjs --write`).
 */
import type { NodeProcess } from './outside';
import type { Logger } from './types';

// Starting: the config, the script tag's attributes, the page.
export const NO_ENDPOINT = 1;
export const BAD_ENDPOINT = 2;
export const CONFIG_NOT_OBJECT = 3;
export const UNKNOWN_CONFIG_KEY = 4;
export const BAD_CONFIG_VALUE = 5;
export const BATCH_DELAY_CAPPED = 6;
export const UNKNOWN_ATTRIBUTE = 7;
export const ATTRIBUTE_NOT_JSON = 8;
export const BROKEN_BUILTINS = 9;
export const ALREADY_RUNNING = 10;
export const NOT_STARTED = 11;
export const SCRIPT_NOT_STARTED = 12;
export const GLOBAL_NOT_WRITABLE = 13;
export const NOT_A_DETECTOR = 14;
export const DETECTOR_FAILED = 15;
// The site's calls.
export const UNKNOWN_COMMAND = 16;
export const TRACK_WITHOUT_NAME = 17;
export const IDENTIFY_WITHOUT_ID = 18;
export const BAD_CONSENT = 19;
export const NOT_A_CLICK_EVENT = 20;
// Events fitted to the wire format (@leadbeacon/wire), and the queue.
export const PROP_REFUSED_FIXED = 21;
export const PROP_MISSING_FIXED = 22;
export const PROP_REFUSED_DROPPED = 23;
export const PROP_MISSING_DROPPED = 24;
export const TOO_LONG = 25;
export const CURRENCY_FIXED = 26;
export const CURRENCY_DROPPED = 27;
export const EVENT_TOO_BIG = 28;
export const EVENT_FAILED = 29;
export const QUEUE_FULL = 30;
// Delivery and storage.
export const COLLECTOR_REFUSED_SOME = 31;
export const COLLECTOR_REFUSED_EVENTS = 32;
export const COLLECTOR_REFUSED_EVENT = 33;
export const SEND_FAILED = 34;
export const FLUSH_FAILED = 35;
export const STORAGE_UNAVAILABLE = 36;
export const STORED_NOT_JSON = 37;
// Optional features and the unexpected.
export const LAZY_FILE_WITHOUT_SRC = 38;
export const NOT_LOADED = 39;
export const VITALS_NOT_A_DETECTOR = 40;
export const VITALS_NOT_LOADED = 41;
export const INTERNAL_ERROR = 42;

/**
 * What each code says. `{name}` stands for the argument given in its place; arguments beyond
 * the placeholders (an error, a value) follow the text in the console. Made by a call marked
 * pure, so that a bundler drops the table when nothing reads it (a production build): an object
 * with computed keys would be kept.
 */
export const TEXTS = /* @__PURE__ */ (() =>
  ({
    [NO_ENDPOINT]: 'no endpoint configured: set data-endpoint or `endpoint`; tracking is off',
    [BAD_ENDPOINT]: 'endpoint "{endpoint}" is not a URL; tracking is off',
    [CONFIG_NOT_OBJECT]: 'config must be an object, got {kind}',
    [UNKNOWN_CONFIG_KEY]: 'unknown config key "{key}" ignored',
    [BAD_CONFIG_VALUE]: 'config "{key}" must be {expected}, got {value}; using the default',
    [BATCH_DELAY_CAPPED]: 'config "batchDelay" is capped at 5000 ms',
    [UNKNOWN_ATTRIBUTE]: 'unknown script attribute "{attribute}" ignored',
    [ATTRIBUTE_NOT_JSON]: 'script attribute "{attribute}" is not valid JSON; ignored',
    [BROKEN_BUILTINS]: 'this page has replaced JSON or Array methods with ones that do not work; tracking is off',
    [ALREADY_RUNNING]: 'a tracker is already running on this page; this one stays inert (two would double-count leads)',
    [NOT_STARTED]: 'could not start; tracking is off',
    [SCRIPT_NOT_STARTED]: 'could not start',
    [GLOBAL_NOT_WRITABLE]: 'window.leadbeacon is not writable; leadbeacon(…) commands are not available on this page',
    [NOT_A_DETECTOR]: 'ignored a detector that is not { name, setup }',
    [DETECTOR_FAILED]: 'detector "{name}" failed to start',
    [UNKNOWN_COMMAND]: 'unknown command "{command}"',
    [TRACK_WITHOUT_NAME]: 'track(name, props?) needs a name',
    [IDENTIFY_WITHOUT_ID]: 'identify(userId, traits?) needs a userId string',
    [BAD_CONSENT]: 'consent must be "granted", "denied", "pending" or { analytics, ads }, got {value}',
    [NOT_A_CLICK_EVENT]: 'not a click event: data-leadbeacon-event={name}',
    [PROP_REFUSED_FIXED]: 'event "{name}": props.{key} {value} is not allowed; sent as {standIn}',
    [PROP_MISSING_FIXED]: 'event "{name}": props.{key} is missing; sent as {standIn}',
    [PROP_REFUSED_DROPPED]: 'event "{name}": props.{key} {value} is not allowed; not recorded',
    [PROP_MISSING_DROPPED]: 'event "{name}": props.{key} is missing; not recorded',
    [TOO_LONG]: 'event "{name}": {field} is over {max} characters; sent cut',
    [CURRENCY_FIXED]: 'event "{name}": currency "{currency}" is not allowed; sent as "{code}"',
    [CURRENCY_DROPPED]: 'event "{name}": currency "{currency}" is not allowed; sent without it',
    [EVENT_TOO_BIG]: 'event "{name}": it is over {max} bytes; not recorded',
    [EVENT_FAILED]: 'event "{name}" not recorded',
    [QUEUE_FULL]: 'queue full: dropped the {count} oldest event(s)',
    [COLLECTOR_REFUSED_SOME]: 'collector refused {count} of {total} event(s), e.g. "{name}": {reason}',
    [COLLECTOR_REFUSED_EVENTS]: 'collector refused {count} events with HTTP {status}; dropped',
    [COLLECTOR_REFUSED_EVENT]: 'collector refused event "{name}" with HTTP {status}; dropped',
    [SEND_FAILED]: 'sending failed; trying again later',
    [FLUSH_FAILED]: 'flush failed',
    [STORAGE_UNAVAILABLE]: 'localStorage is full or blocked; keeping events in memory',
    [STORED_NOT_JSON]: 'stored "{key}" was not JSON; starting afresh',
    [LAZY_FILE_WITHOUT_SRC]: '{file} is loaded from beside the script: load the script by src',
    [NOT_LOADED]: 'could not load {what}',
    [VITALS_NOT_A_DETECTOR]: 'pass webVitals() as a detector',
    [VITALS_NOT_LOADED]: 'web vitals could not load',
    [INTERNAL_ERROR]: 'internal error (ignored)',
  }) as const)();

export type WarningCode = keyof typeof TEXTS;

/** Where a code is explained: README's list, one anchor per code (`#w12`). */
export const WARNINGS_URL = 'https://github.com/leadbeacon/leadbeacon/blob/main/packages/core/README.md#w';

/** The text of `code` with `args` in its placeholders, and the arguments left over. */
export function explain(code: WarningCode, args: unknown[]): [string, unknown[]] {
  let used = 0;
  const text = TEXTS[code].replace(/\{\w+\}/g, () => String(args[used++]));
  return [text, args.slice(used)];
}

/**
 * Warns through `log`: the text in a development build; in a production one the code, the link
 * that explains it and the arguments (`W4 https://…#w4 colour`).
 */
export function warn(log: Logger, code: WarningCode, ...args: unknown[]): void {
  try {
    // A bundler replaces `process.env.NODE_ENV`; where none did and there is no `process` (an
    // ES module loaded as it is), reading it throws, and the code is given.
    if (process.env.NODE_ENV !== 'production') {
      const [text, rest] = explain(code, args);
      return log.warn(text, ...rest);
    }
  } catch {
    // No process: the code below.
  }
  log.warn(`W${code} ${WARNINGS_URL}${code}`, ...args);
}

/** Node's, or replaced by a bundler; declared for this module only (the core's types name no Node global). */
declare const process: NodeProcess;
