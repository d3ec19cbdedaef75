import type { ConsentState, EventType, Props, TouchFacts } from '@leadbeacon/wire';
import type { FeatureName, Features } from './features/features';

export type { ConsentState, EventConsent, EventType, Page, Props } from '@leadbeacon/wire';
/** What this tracker sends: wire format version 2, facts for the collector to interpret (@leadbeacon/wire). */
export type { AttributionFacts as Attribution, BatchV2 as Batch, TouchFacts as Touch, WireEventV2 as WireEvent } from '@leadbeacon/wire';

/**
 * Consent per category: `analytics` governs storing and sending anything at all; `ads`
 * governs ad identifiers (click ids, hashed email/phone) and forwarding to ad platforms.
 */
export interface ConsentStates {
  analytics: ConsentState;
  ads: ConsentState;
}

/** A state for every category at once, or some categories. */
export type ConsentInput = ConsentState | Partial<ConsentStates>;

/** Where and when an action happened: what is cheap to read at the moment it happens. */
export interface Stamp {
  now: number;
  url: string;
  path: string;
  title: string;
  referrer: string;
}

/** What a detector hands to `emit`. */
export interface EmitInput {
  type: EventType;
  name?: string;
  props?: Props;
  value?: number;
  currency?: string;
  /**
   * The page is about to leave (native form post, a link that replaces the page): besides the
   * normal immediate send, the event goes out by beacon at once.
   */
  leaving?: boolean;
  /** The element acted on: its (or an ancestor's) `data-leadbeacon-value` sets the value. */
  el?: Element;
  /**
   * Recorded once per visitor session under this key: a repeat in the same session, on any
   * page or tab, is dropped (a chat conversation that goes on over several pages).
   */
  once?: string;
  /**
   * Where and when the action happened, taken with `ctx.stamp()` when it did; else now. A form
   * submitted by script is judged when its answer comes, and by then a router may have moved
   * on to the next page (a Next.js Server Action that redirects).
   */
  at?: Stamp;
  /** The event's id (else a new one): a form's lead id, which its hidden field gave the CRM (`fillFields`). */
  id?: string;
}

export interface Logger {
  warn(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

/** Everything a detector may use: the page (through `window`), its options, the tracker's clock and timers. */
export interface DetectorContext {
  window: Window & typeof globalThis;
  config: TrackerConfig;
  emit(input: EmitInput): void;
  log: Logger;
  /** Wraps a listener so that nothing it throws reaches the page. */
  guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  /** The tracker's clock (ms since the epoch); tests give it a fake one. */
  now(): number;
  /** The page and time of now (in work put off by `later`: of then), for an `emit` that comes later. */
  stamp(): Stamp;
  /** The tracker's timers; a detector clears its own on teardown. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /**
   * Sees each `track(name, props)` call before it is recorded; returning `false` drops it (the
   * forms detector: the site's own call for a submission it already counted).
   */
  onTrack(fn: (name: string, props: Props) => boolean | void): Teardown;
  /**
   * Runs `fn` a task later (or when the page hides first), its `emit` calls stamped with the
   * page, referrer and time of now: the site's handler pays only for taking the stamp. Not for
   * actions whose page may be leaving (those emit at once).
   */
  later(fn: () => void): void;
  /**
   * Hands an optional built-in feature (chat widget hooks, form plugin hooks, hashing, …) to
   * `use`: at once when it is bundled, else once its lazy file or chunk has arrived. If it cannot
   * load (the loader warns once, naming the file), `failed` runs instead.
   */
  load<K extends FeatureName>(name: K, use: (feature: Features[K]) => void, failed?: () => void): void;
  /** The visitor as hidden fields carry it (`fillFields`); undefined without analytics consent. */
  visitor?(): VisitorFacts | undefined;
}

/** What a lead form's hidden fields carry: the visitor's anonymous id, latest touch, and whether ads consent lets click ids go. */
export interface VisitorFacts {
  anonymousId: string;
  last: TouchFacts;
  ads: boolean;
}

/**
 * Hidden fields (`fillFields`): `names` maps a documented field (`lb_lead_id`, `lb_gclid`, …) to
 * the name the site's form uses; `add: true` adds the hidden inputs a lead form lacks.
 */
export interface FillFieldsOptions {
  names?: Record<string, string>;
  add?: boolean;
}

export type Teardown = () => void;

/** A detector: a plain object from a factory. Everything `setup` adds, its teardown removes. */
export interface Detector {
  name: string;
  setup(ctx: DetectorContext): Teardown | void;
}

export interface TrackerConfig {
  /**
   * Hidden fields: the lead's ids written into the site's lead forms (`lb_lead_id`, `lb_gclid`,
   * `lb_source`, …), so the CRM record carries them. `true` fills the hidden inputs a form has;
   * `"add"` (or `{ add: true }`) adds the missing ones; `{ names }` maps a field to the form's name.
   * Loaded lazily (leadbeacon-fields.min.js). Off by default.
   */
  fillFields?: boolean | 'add' | FillFieldsOptions;
  /** Collector URL the batches are POSTed to. Required. */
  endpoint: string;
  /**
   * The site's public write key: sent in every batch (`writeKey`), so that a collector started
   * with `--write-key` accepts this site's batches and refuses strangers'. With `format:
   * "segment"`, the Segment source's write key.
   */
  writeKey?: string;
  /**
   * `"segment"`: batches in the Segment HTTP API's format to `<endpoint>/v1/batch` (RudderStack,
   * Jitsu and Segment accept it), with `writeKey`; `"native"` (default): leadbeacon's wire format.
   */
  format?: 'native' | 'segment';
  /**
   * `true`: each event leaves with its touches' source, medium and GA4 channel named in the
   * browser (`leadbeacon/channel`, loaded lazily), for an endpoint of your own. The bundled
   * collector names them itself from the facts the tracker sends (wire format version 2).
   */
  channel?: boolean;
  /** Extra request headers; setting any switches the body to application/json (needs CORS). */
  headers?: Record<string, string>;
  /** Initial consent, for every category or per category. `pending` keeps everything in memory until granted. */
  consent?: ConsentInput;
  /** Longest wait (ms) before non-lead events are sent; at most 5000. */
  batchDelay?: number;
  /** Queue bounds: the oldest events are dropped (and counted) beyond either. */
  maxQueueEvents?: number;
  maxQueueBytes?: number;
  /** Minutes of inactivity after which a new session starts. */
  sessionTimeout?: number;
  /** Record page views on load and on single-page-app navigations. */
  pageViews?: boolean;
  /** Debug logging to the console (compiled out of the script-tag build). */
  debug?: boolean;
  /** Detectors to run. `createTracker` from `leadbeacon` adds the built-in ones unless switched off. */
  detectors?: Detector[];
  /** Conversion value per action type or event name, e.g. `{ form_submit: 50, call_click: 30 }`. */
  values?: Record<string, number>;
  /** ISO 4217 currency of the values. */
  currency?: string;
  /** Days the first touch is kept (default 90). */
  firstTouchDays?: number;
  /** Referring hosts that never start a touch (payment gateways, the site's other domains). */
  referrerExclusions?: string[];
  /** Query parameters removed from every URL sent, besides the built-in list of personal data. */
  scrubParams?: string[];
  /** Global Privacy Control / Do Not Track deny `ads` by default (default true). */
  respectGpc?: boolean;
  /** Follow Google Consent Mode updates the site pushes through gtag (default true). */
  consentMode?: boolean;
  /** Push every lead event to `window.dataLayer` for Google Tag Manager. */
  dataLayer?: boolean;
  /** `gtag('event', 'conversion', { send_to })` per event name, e.g. `{ form_submit: 'AW-1/abc' }`. */
  gtagConversions?: Record<string, string>;
  /** `fbq('track', <event>)` per event name, e.g. `{ form_submit: 'Lead', call_click: 'Contact' }`. */
  metaPixel?: Record<string, string>;
}

export interface Tracker {
  /** Records a custom event (or a lead type by its name, e.g. `track('form_submit', {...})`). */
  track(name: string, props?: Props): void;
  identify(userId: string, traits?: Props): void;
  /** `consent('granted')` sets every category; `consent({ ads: 'denied' })` some. */
  consent(state: ConsentInput): void;
  /** Sends everything queued now; resolves when this attempt has finished. */
  flush(): Promise<void>;
  /** Records a page view if the URL changed since the last one (adapters call this on route changes). */
  page(): void;
  /** Removes every listener, timer and patch the tracker added. */
  destroy(): void;
}
