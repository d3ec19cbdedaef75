import type { StoredEvent, WireEvent } from './types';

export interface InsertMeta {
  /** Server time the batch arrived; stored as each event's `receivedAt`. */
  receivedAt: Date;
}

export interface InsertResult {
  /** Events stored by this call. */
  inserted: number;
  /** Events whose id was already stored (an earlier retry, or twice in this batch). */
  duplicates: number;
  /** The newly stored events, in seq order: what the live stream pushes. */
  stored: StoredEvent[];
}

export interface EventQuery {
  /** Any of these types; all when absent or empty. */
  type?: string[];
  /** Event `ts` at or after this instant. */
  since?: Date;
  /** Event `ts` strictly before this instant. */
  until?: Date;
  /** Only events with a greater seq. */
  afterSeq?: number;
  /** Maximum rows; the store may apply its own default. */
  limit?: number;
  /** By seq; default 'asc'. 'desc' gives the latest events (the live page's first fill). */
  order?: 'asc' | 'desc';
}

/**
 * Where the collector keeps events. Async throughout so a networked database (PostgreSQL) can
 * implement it; `insert` must resolve only once the batch is durably committed, because the
 * collector acknowledges the batch to the tracker right after, and must store each event id once.
 */
export interface EventStore {
  /** A short name for /health, e.g. 'sqlite'. */
  readonly kind: string;
  insert(events: readonly WireEvent[], meta: InsertMeta): Promise<InsertResult>;
  query(query?: EventQuery): Promise<StoredEvent[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}

/** Builds the public shape from the stored row; seq/receivedAt win over same-named event fields. */
export function toStored(seq: number, receivedAt: string, event: WireEvent): StoredEvent {
  return Object.assign({ seq, receivedAt }, event, { seq, receivedAt });
}
