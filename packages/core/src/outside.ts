/**
 * Shapes the tracker shares with code it does not build: what it keeps in localStorage (read
 * back by other tabs and by later versions), the page's globals and the vendor APIs it calls.
 * The build renames the tracker's own property names to short ones; it never renames a name
 * declared here, in the public types or in the wire format (scripts/rollup/mangle.mjs).
 */
import type { TouchFacts as Touch, WireEventV2 as WireEvent } from '@leadbeacon/wire';

/**
 * Node's `process`, of which the tracker reads `process.env.NODE_ENV` (where a bundler has not
 * replaced it already): development or production, for the warnings (warnings.ts).
 */
export interface NodeProcess {
  env: { NODE_ENV?: string };
}

/** The visitor, in localStorage under `lb`: one key, so start-up costs one read. */
export interface StoredVisitor {
  /** anonymousId */
  a: string;
  /** sessionId */
  s: string;
  /** last activity (ms) */
  t: number;
  /** userId from identify */
  u?: string;
  /** first and last touch */
  f?: Touch;
  l?: Touch;
  /** each click id's value and when it was first seen (ms) */
  k?: Record<string, [value: string, seen: number]>;
  /** lead score: the sum of the values of this visitor's lead actions */
  v?: number;
  /** keys of the events recorded once per session (EmitInput.once), this session's */
  o?: string[];
}

/** Call tracking: the collector's answer to GET /api/number. */
export interface NumberAnswer {
  number?: unknown;
  until?: unknown;
}

/** Call tracking: the number held for a pool, in localStorage under `lb_n:<pool>`. */
export interface StoredNumber {
  /** the number shown */
  n: string;
  /** held until (ms) */
  u: number;
}

/** A tab's queue, in localStorage under `lb_q:<tab id>`. */
export interface StoredQueue {
  q: StoredEntry[];
  /** Events dropped by the bounds and not yet reported to the collector. */
  d: number;
  /** Last write (ms): where Web Locks are missing, how other tabs tell this queue was abandoned. */
  t: number;
}

/** A queued event and its size in bytes. */
export interface StoredEntry {
  e: WireEvent;
  b: number;
  /** Taken to be sent once: its body (consent's last look applied) is final. */
  s?: 1;
}

/** Globals of the page the tracker reads or sets. */
export interface PageGlobals {
  /** The script tag's command function (and the stub's queue before it loads). */
  leadbeacon?: ((command: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: boolean; tracker?: unknown };
  /** The window's live tracker (`createTracker` and the script tag alike). */
  __leadbeacon__?: unknown;
  dataLayer?: unknown[];
  gtag?: (...args: unknown[]) => void;
  fbq?: (...args: unknown[]) => void;
  jQuery?: JQueryLike;
}

/** What the tracker hands to `dataLayer`, `gtag` and `fbq`. */
export interface ForwardedLead {
  event: string;
  leadbeacon: Record<string, unknown>;
  send_to: string;
  transaction_id: string;
  eventID: string;
}

/** Enough of jQuery to hear the events form plugins trigger through it. */
export type JQueryLike = ((target: unknown) => { on(events: string, fn: unknown): unknown; off(events: string, fn: unknown): unknown }) & {
  fn?: unknown;
};

/** HubSpot's form messages (postMessage) and its newer forms' event detail. */
export interface HubSpotFormSignal {
  type?: string;
  eventName?: string;
  id?: string;
  formId?: string;
}

/** What a chat vendor passes to a callback: the members the hooks read are named here. */
export interface VendorArg {
  /** LiveChat's message author. */
  author?: { type?: string };
  /** Chatwoot's event detail. */
  detail?: { hasConversation?: boolean };
  conversation?: { conversationId?: string };
  conversationId?: string;
  [key: string]: unknown;
}

/** A chat vendor's global. Vendor APIs are untyped by nature; the members the hooks use are named here. */
export interface ChatVendorApi {
  (...args: unknown[]): unknown;
  on(event: string, fn: unknown): unknown;
  off(event: string, fn: unknown): unknown;
  push(command: unknown[]): unknown;
  /** LiveChat's getters (`chat_data`). */
  get(name: string): { chatId?: string };
  onChatStarted?: unknown;
  [key: string]: unknown;
}
