import type { ClockCorrection } from './ingest/clock';

/** TypeScript view of wire format v1 (contract §2). Unknown extra fields are allowed everywhere. */

export type EventType = 'page_view' | 'form_submit' | 'call_click' | 'email_click' | 'chat_start' | 'web_vital' | 'identify' | 'custom';

export interface Touch {
  source: string;
  medium: string;
  channel: string;
  landingPage: string;
  ts: string;
  campaign?: string;
  term?: string;
  content?: string;
  referrer?: string;
  id?: string;
  clickIds?: Record<string, string>;
  [key: string]: unknown;
}

export interface PageInfo {
  url: string;
  path: string;
  title: string;
  referrer: string;
  [key: string]: unknown;
}

export interface WireEvent {
  id: string;
  type: EventType;
  name: string;
  ts: string;
  anonymousId: string;
  sessionId: string;
  userId?: string;
  page: PageInfo;
  attribution: { first: Touch; last: Touch; [key: string]: unknown };
  value?: number;
  currency?: string;
  score?: number;
  props: Record<string, unknown>;
  /**
   * The visitor's consent when the event was made, where the tracker says so (optional; the
   * tracker today marks `ads` consent only by leaving click ids and hashes out). The collector
   * keeps no click id or hash of a lead whose `ads` is not 'granted'.
   */
  consent?: { analytics?: ConsentState; ads?: ConsentState; [key: string]: unknown };
  /**
   * Set by the collector when the client's clock was off: `ts` (and the touches' `ts`) were moved
   * by `offsetMs`, and `clientTs` is the time the client gave. Never sent by a tracker.
   */
  clockCorrection?: ClockCorrection;
  [key: string]: unknown;
}

export type ConsentState = 'granted' | 'denied' | 'pending';

export interface WireBatch {
  v: 1;
  sentAt: string;
  sdk: { name: string; version: string; [key: string]: unknown };
  events: WireEvent[];
  /** Events the client had to drop from its bounded queue before this request. */
  dropped?: number;
  /** The site's public write key, when the collector asks for one (`--write-key`). */
  writeKey?: string;
  [key: string]: unknown;
}

/** An event as the collector hands it back: the event as received plus where it sits in the store. */
export interface StoredEvent extends WireEvent {
  /** Store-assigned, strictly increasing: a cursor for `after` and the SSE `Last-Event-ID`. */
  seq: number;
  /** Server time (ISO 8601 UTC) at which the batch holding this event was committed. */
  receivedAt: string;
}
