import type { Batch, Open, Page, ReceivedEvent, Touch as SentTouch } from '@leadbeacon/wire';
import type { ClockCorrection } from './ingest/clock';

/**
 * What the collector receives and stores: wire format v1 as @leadbeacon/wire defines it, each
 * object open to fields added since (the contract lets them come without a version bump).
 */

export type { ConsentState, EventType } from '@leadbeacon/wire';

/** A marketing touch as received. */
export type Touch = Open<SentTouch>;

/** The page an event happened on, as received. */
export type PageInfo = Open<Page>;

/** An event as received (its `consent`, when there, names `ads`: the wire schema requires it). */
export type WireEvent = ReceivedEvent & {
  /**
   * Set by the collector when the client's clock was off: `ts` (and the touches' `ts`) were moved
   * by `offsetMs`, and `clientTs` is the time the client gave. Never sent by a tracker.
   */
  clockCorrection?: ClockCorrection;
};

/** A batch as received (@leadbeacon/wire's ReceivedBatch, with the collector's view of its events). */
export type WireBatch = Open<Omit<Batch, 'sdk' | 'events'>> & { sdk: Open<Batch['sdk']>; events: WireEvent[] };

/** An event as the collector hands it back: the event as received plus where it sits in the store. */
export type StoredEvent = WireEvent & {
  /** Store-assigned, strictly increasing: a cursor for `after` and the SSE `Last-Event-ID`. */
  seq: number;
  /** Server time (ISO 8601 UTC) at which the batch holding this event was committed. */
  receivedAt: string;
};
