/**
 * The wire format (the project's contract §2): what a tracker posts and a collector accepts.
 * Version 1 carries the browser's conclusions (a touch's source, medium and channel; a phone in
 * E.164); version 2 carries the facts they come from (a touch's UTM tags, click ids and referrer;
 * a phone as written and the site's default country), which the collector interprets. An event
 * says its version in `v` (absent: 1). Every field may gain siblings without a version bump, so
 * receivers keep every object open.
 */

import type { LeadQuality } from './quality';

/**
 * The lead types: the four top-of-funnel actions, sent at once rather than batched, and `call`:
 * a phone call the telephony provider reported, made by the collector (never sent by a browser).
 */
export const LEAD_TYPES = ['form_submit', 'call_click', 'email_click', 'chat_start', 'call'] as const;

/** Every event type, in the contract's order. */
export const EVENT_TYPES = ['page_view', ...LEAD_TYPES, 'web_vital', 'identify', 'custom'] as const;

export type LeadType = (typeof LEAD_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (name: unknown): name is EventType => EVENT_TYPES.includes(name as EventType);
export const isLeadType = (name: unknown): name is LeadType => LEAD_TYPES.includes(name as LeadType);

export type Props = Record<string, unknown>;

/** A consent category's state: asked and granted, refused, or not answered yet. */
export const CONSENT_STATES = ['granted', 'denied', 'pending'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/**
 * The consent an event was recorded under. `ads` governs its ad identifiers (click ids, hashed
 * email and phone): a receiver reports a lead without `ads: "granted"` as having no ads consent.
 */
export interface EventConsent {
  ads: ConsentState;
}

/** The page an event happened on. */
export interface Page {
  /** With personal data removed from the query and fragment. */
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
  /** GA4 default channel group: `Direct`, `Organic Search`, `Paid Search`, … */
  channel: string;
  /** The ad click ids the landing URL carried, under their own names (see CLICK_IDS). */
  clickIds?: Record<string, string>;
  referrer?: string;
  landingPage: string;
  ts: string;
}

export interface Attribution {
  first: Touch;
  last: Touch;
}

/** A landing URL's UTM tags (`utm_source` as `source`, …), exactly as received. */
export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
  id?: string;
}

/**
 * Version 2: one touch as the browser saw it, for the receiver to interpret (`trafficSource`
 * names its source and medium, the collector its channel). A touch that names `source` and
 * `medium` already (stored by a version-1 script, or interpreted in the browser by
 * `leadbeacon/channel`) is kept as it is.
 */
export interface TouchFacts extends Partial<Omit<Touch, 'landingPage' | 'ts'>> {
  /** The landing URL (personal data removed). */
  landingPage: string;
  /** When the visitor landed. */
  ts: string;
  /** Present when the landing URL had `utm_source`, `utm_medium` or `utm_campaign`. */
  utm?: Utm;
  /** The ad click ids the landing URL carried (see CLICK_IDS). */
  clickIds?: Record<string, string>;
  /** When a click id was first seen, where that was before `ts` (the same click landing again). */
  clickIdsSeen?: Record<string, string>;
  /** The referrer, when it was another site (not the site's own, not one of its exclusions). */
  referrer?: string;
}

export interface AttributionFacts {
  first: TouchFacts;
  last: TouchFacts;
}

/** An event exactly as it goes on the wire. */
export interface WireEvent {
  /** Unique per event and unchanged across retries: the collector stores each id once. */
  id: string;
  type: EventType;
  /** For `custom`, the name given to `track`; otherwise equal to `type`. */
  name: string;
  /** ISO 8601 client time of the action. */
  ts: string;
  anonymousId: string;
  sessionId: string;
  userId?: string;
  page: Page;
  attribution: Attribution;
  value?: number;
  /** ISO 4217. */
  currency?: string;
  /** The visitor's lead score: the running sum of the values of their lead actions. */
  score?: number;
  /** The consent it was recorded under (trackers before 0.2 leave it out). */
  consent?: EventConsent;
  props: Props;
}

/**
 * A version-2 event: facts in its touches, and a `call_click`'s `phone` as written with the
 * site's default country in `props.country`, for the receiver to write in E.164.
 */
export type WireEventV2 = Omit<WireEvent, 'attribution'> & {
  v: 2;
  attribution: AttributionFacts;
  /** On a lead: how it was made (booleans and numbers only, see LeadQuality). */
  quality?: LeadQuality;
};

/** The envelope of one POST. */
export interface Batch {
  /** 2 from a tracker that sends version-2 events; its batch may still hold version-1 events queued by an older script. */
  v: 1 | 2;
  /** Client clock when this request left. */
  sentAt: string;
  sdk: { name: string; version: string };
  events: WireEvent[];
  /** Events the client had to drop from its bounded queue since its last accepted batch. */
  dropped?: number;
  /**
   * The site's public write key, when it has one: a collector started with a write key refuses
   * batches without it. In the body (not a header), so beacons and cross-origin posts still
   * need no CORS preflight. Public by nature: it is in the page.
   */
  writeKey?: string;
}

/** An event a collector refused on its own: the rest of its batch was stored. */
export interface RejectedEvent {
  id: string;
  /** Why, for a person: e.g. `/props/via must be one of "native", "script"`. */
  reason: string;
}

/**
 * The body of a collector's 200 answer to a batch: how many events it stored, how many it had
 * already, and the events it refused one by one (none for an older collector, which refuses a
 * batch with one bad event as a whole with 400). A tracker acknowledges the whole batch.
 */
export interface CollectAnswer {
  accepted: number;
  duplicates: number;
  rejected?: RejectedEvent[];
}

/** What a receiver should expect: the same shapes, with fields it does not know yet. */
export type Open<T> = T & { [key: string]: unknown };
export type ReceivedEvent = Open<Omit<WireEvent, 'page' | 'attribution' | 'consent'>> & {
  consent?: Open<EventConsent>;
  page: Open<Page>;
  attribution: Open<{ first: Open<Touch>; last: Open<Touch> }>;
};
/**
 * A batch as a version-2 tracker sends it. (An event queued by an older script before the site
 * updated it may still be of version 1, without `v`: receivers check each event by its own `v`.)
 */
export type BatchV2 = Omit<Batch, 'v' | 'events'> & { v: 2; events: WireEventV2[] };
export type ReceivedBatch = Open<Omit<Batch, 'sdk' | 'events'>> & { sdk: Open<Batch['sdk']>; events: ReceivedEvent[] };
