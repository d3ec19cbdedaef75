/** Event types of wire format v1 (contract §2). */
export type EventType =
  | 'page_view'
  | 'form_submit'
  | 'call_click'
  | 'email_click'
  | 'chat_start'
  | 'web_vital'
  | 'identify'
  | 'custom';

export type Props = Record<string, unknown>;

export interface Page {
  url: string;
  path: string;
  title: string;
  referrer: string;
}

/** One marketing touch: where a visit came from. */
export interface Touch {
  source: string;
  medium: string;
  campaign?: string;
  term?: string;
  content?: string;
  id?: string;
  channel: string;
  clickIds?: Record<string, string>;
  referrer?: string;
  landingPage: string;
  ts: string;
}

export interface Attribution {
  first: Touch;
  last: Touch;
}

/** An event exactly as it goes on the wire. */
export interface WireEvent {
  id: string;
  type: EventType;
  name: string;
  ts: string;
  anonymousId: string;
  sessionId: string;
  userId?: string;
  page: Page;
  attribution: Attribution;
  value?: number;
  currency?: string;
  props: Props;
}

export interface Batch {
  v: 1;
  sentAt: string;
  sdk: { name: 'leadbeacon'; version: string };
  events: WireEvent[];
  /** Events the client had to drop from its bounded queue since the last accepted batch. */
  dropped?: number;
}

export type ConsentState = 'granted' | 'denied' | 'pending';

/** What a detector hands to `emit`. */
export interface EmitInput {
  type: EventType;
  name?: string;
  props?: Props;
  value?: number;
  currency?: string;
  /**
   * The page is about to leave (native form post, `tel:` app switch): besides the normal
   * immediate send, the event goes out by beacon at once.
   */
  leaving?: boolean;
}

export interface Logger {
  warn(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

/** What a detector may use: the page (through `window`), its options, `emit` and `log`. */
export interface DetectorContext {
  window: Window & typeof globalThis;
  config: TrackerConfig;
  emit(input: EmitInput): void;
  log: Logger;
  /** Wraps a listener so that nothing it throws reaches the page. */
  guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}

export type Teardown = () => void;

/** A detector: a plain object from a factory. Everything `setup` adds, its teardown removes. */
export interface Detector {
  name: string;
  setup(ctx: DetectorContext): Teardown | void;
}

export interface TrackerConfig {
  /** Collector URL the batches are POSTed to. Required. */
  endpoint: string;
  /** Extra request headers; setting any switches the body to application/json (needs CORS). */
  headers?: Record<string, string>;
  /** Initial consent. `pending` keeps everything in memory until `consent('granted')`. */
  consent?: ConsentState;
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
}

export interface Tracker {
  /** Records a custom event (or a lead type by its name, e.g. `track('form_submit', {...})`). */
  track(name: string, props?: Props): void;
  identify(userId: string, traits?: Props): void;
  consent(state: ConsentState): void;
  /** Sends everything queued now; resolves when this attempt has finished. */
  flush(): Promise<void>;
  /** Records a page view if the URL changed since the last one (adapters call this on route changes). */
  page(): void;
  /** Removes every listener, timer and patch the tracker added. */
  destroy(): void;
}
