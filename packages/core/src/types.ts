import type { ConsentState, EventType, Props, TouchFacts, WireEventV2 as WireEvent } from '@leadbeacon/wire';
import type { segmentMessage } from '@leadbeacon/wire/segment';
import type { Logger } from './log';
import type { ChatVendorApi, PageGlobals, VendorArg } from './outside';
import type { Stamp } from './stamp';
import type { FieldsFeature, FillFields, HashWatch, PluginWatch, VisitorFacts } from './form-features';
export type {
  FieldsFeature,
  FieldsWatch,
  FillFields,
  FillFieldsOptions,
  FormValues,
  HashWatch,
  PluginWatch,
  VisitorFacts,
} from './form-features';

export type { ConsentState, EventConsent, EventType, Page, Props } from '@leadbeacon/wire';
export type { Logger } from './log';
export type { Stamp } from './stamp';
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

export type Teardown = () => void;

/**
 * What each optional feature provides (features/: how it is loaded; lazy/: the lazy files), said
 * here, beside the context that loads them, so the main script and the lazy files share one
 * contract and neither imports the other.
 */
export interface Features {
  /** Chat widget hooks (detectors/chat/hooks.ts), fetched when a known widget global appears. */
  chat: { allWidgets: ChatWidget[] };
  /** Form plugin success signals and form frameworks' answers (detectors/forms/plugins.ts). */
  plugins: {
    watchPlugins(ctx: DetectorContext, success: (form: HTMLFormElement | null, plugin: string, formId?: string) => void): PluginWatch;
    answerOk(framework: 'sveltekit' | 'next' | 'router', text: string): boolean;
  };
  /** Enhanced-conversion hashing of email and phone fields (detectors/forms/hashing.ts). */
  hashing: { watchHashes(ctx: DetectorContext, subtle: SubtleCrypto, country?: string): HashWatch };
  /** Forwarding leads to dataLayer, gtag and fbq (forward.ts). */
  forwarding: { forward(w: Window & PageGlobals, c: ForwardConfig, e: WireEvent, ads: boolean): void };
  /** Batches in the Segment HTTP API's format (transport/segment.ts). */
  segment: {
    segmentBatch(batch: { events: WireEvent[]; dropped: number }, sentAt: string, writeKey: string | undefined, version: string): string;
    segmentMessage: typeof segmentMessage;
  };
  /** Each event's source, medium and GA4 channel named in the browser (attribution/interpret.ts), with `channel: true` (`data-channel`). */
  channel: { withChannel(e: WireEvent): WireEvent; interpretTouch(t: TouchFacts): TouchFacts };
  /** Hidden fields in lead forms, the lead's ids for the CRM (detectors/forms/fields.ts), with `fillFields` (`data-fill-fields`). */
  fields: FieldsFeature<DetectorContext>;
  /** Call tracking's number swapping, with `numberPool` and `businessNumber` (`data-number-pool`, `data-business-number`). */
  numbers: Detector;
  /** The web vitals detector, with `webVitals: true` (the script tag's `data-web-vitals`). */
  vitals: Detector;
}

export type FeatureName = keyof Features;

/** What forwarding reads of the config. */
export type ForwardConfig = Pick<TrackerConfig, 'dataLayer' | 'gtagConversions' | 'metaPixel'>;

/**
 * Makes a vendor callback: guarded (nothing reaches the vendor's code or the page), and when it
 * runs it records `signal` unless `pick(...args)` returns `false`; anything else `pick`
 * returns is the conversation id (one `chat_start` per id; per page view without one).
 */
export type On = (signal: string, pick?: (...args: VendorArg[]) => unknown) => (...args: VendorArg[]) => void;

/** One chat widget: how to see that it is on the page and how to hook it. */
export interface ChatWidget {
  /** `provider` of its events. */
  provider: string;
  /**
   * The window property that shows the widget (its stub queue or its loaded API); hooking
   * waits until it is there. Empty: hook at once (window events).
   */
  global: string;
  /**
   * Registers callbacks on `api` (the global) through the vendor's own API or queue; returns
   * what undoes it, where the vendor can undo (callbacks made by `on` go quiet on teardown anyway).
   */
  hook(api: ChatVendorApi, on: On, w: Window & typeof globalThis): (() => void) | void;
  /**
   * Its signal is a visitor's message, which comes again on every page of a conversation: one
   * `chat_start` per visitor session (per conversation id where the vendor gives one).
   */
  messages?: boolean;
  /** A site may replace the whole global after we hooked it (Tawk.to's settings object): hook the new one too. */
  rehook?: boolean;
}

/** A detector: a plain object from a factory. Everything `setup` adds, its teardown removes. */
export interface Detector {
  name: string;
  setup(ctx: DetectorContext): Teardown | void;
}

export interface TrackerConfig {
  /** Hidden fields with the lead's ids in the site's lead forms (see FillFields). Off by default. */
  fillFields?: FillFields;
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
