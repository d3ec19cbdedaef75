import type { LeadType } from '@leadbeacon/wire';
import type { Lead } from '../leads/lead';
import type { Judgement } from '../quality/rules';
import type { Outcome, RefKey, StoredOutcome } from '../leads/outcome';
import type { StoredEvent, WireEvent } from '../types';
import type { QualityStore } from './quality-schema';
import type { RetractionLedger, UploadLedger } from './upload-types';
import type { NumberStore } from './number-types';

export type { QualityStore } from './quality-schema';

export interface InsertMeta {
  /** Server time the batch arrived; stored as each event's `receivedAt`. */
  receivedAt: Date;
  /** The sending browser's User-Agent header, kept on leads with ads consent (Meta needs it). */
  userAgent?: string;
  /** Also put the newly stored events in the outbox, in the same transaction (forwarding is on). */
  forward?: boolean;
  /** The leads' quality verdicts by event id, stored with each lead in the same transaction. */
  verdicts?: ReadonlyMap<string, Judgement>;
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

export interface LeadQuery {
  /** Lead time at or after this instant. */
  since?: Date;
  /** Lead time strictly before this instant. */
  until?: Date;
  /** Any of these types; all when absent or empty. */
  types?: LeadType[];
  /** The collector's channel of the last touch. */
  channel?: string;
  limit?: number;
  /** By lead time; default 'asc'. */
  order?: 'asc' | 'desc';
}

/** A lead with its outcomes, oldest first. */
export interface LeadRecord extends Lead {
  outcomes: StoredOutcome[];
}

export interface OutcomeQuery {
  /** Outcome time at or after this instant. */
  since?: Date;
  /** Outcome time strictly before this instant. */
  until?: Date;
  /** true: only matched ones; false: only those still waiting for their lead. */
  matched?: boolean;
  limit?: number;
  /** By time; default 'asc'. 'desc' gives the latest. */
  order?: 'asc' | 'desc';
}

/** An outcome with the lead it was matched to. */
export interface OutcomeRecord extends StoredOutcome {
  lead?: Lead;
}

export interface SaveOutcomeResult {
  id: string;
  /**
   * 'updated': the same reference, status and time were stored with another value or currency:
   * a new revision of the outcome (`revision`), the earlier values kept.
   * 'rejected': not stored: its lead is later than it (`reason` says which).
   */
  state: 'inserted' | 'updated' | 'unchanged' | 'rejected';
  /** For 'updated': the revision the outcome's value is at now (2 for its first change). */
  revision?: number;
  /** The lead it belongs to, when one matches (now or from an earlier import). */
  leadEventId?: string;
  /** The reference that found that lead (unknown for outcomes matched by collectors older than this field). */
  matchedBy?: RefKey;
  reason?: string;
}

/** What saving an outcome would do, without saving it: its lead, or why the store would refuse it. */
export interface OutcomePreview {
  leadEventId?: string;
  matchedBy?: RefKey;
  /** Set when the store would refuse it (earlier than its lead). */
  reason?: string;
}

/** One value an outcome had: revision 1 is the value it was first stored with. */
export interface OutcomeRevision {
  revision: number;
  value?: number;
  currency?: string;
  /** When the import that gave this value arrived. */
  receivedAt: string;
}

/** What the dashboard aggregates: the leads of a range and their outcomes, in compact form. */
export interface FactsQuery {
  since: Date;
  until: Date;
  types?: LeadType[];
  channel?: string;
}

export interface LeadFact {
  eventId: string;
  type: LeadType;
  ts: string;
  value?: number;
  currency?: string;
  /** Last touch. */
  channel: string;
  source: string;
  medium: string;
  campaign?: string;
}

export interface OutcomeFact {
  leadEventId: string;
  status: string;
  time: string;
  value?: number;
  currency?: string;
}

export interface DashboardFacts {
  leads: LeadFact[];
  /** The outcomes of those leads, whatever their time. */
  outcomes: OutcomeFact[];
  /** Sessions that started (their first page view) in the range; of the channel, when one is asked for. */
  visits: number;
  /** The same per channel: the collector's channel of the first page view's last touch. */
  visitsByChannel: Record<string, number>;
  /** Outcomes waiting for their lead (all time). */
  unmatchedOutcomes: number;
}

/** An event waiting in the outbox to be forwarded. */
export interface OutboxItem {
  seq: number;
  /** Failed deliveries so far. */
  attempts: number;
  event: StoredEvent;
}

/** An event the forward sink refused on its own: kept in the outbox, not sent again until requeued. */
export interface ParkedOutboxItem {
  seq: number;
  eventId: string;
  eventType: string;
  parkedAt: string;
  /** The sink's status and the start of its answer, or why it was never sent (over the sink's size limit). */
  reason: string;
}

export interface OutboxStats {
  /** Events waiting to be forwarded (parked ones not counted). */
  pending: number;
  /** Events parked: refused by the sink, kept with their reason. */
  parked: number;
  /** The receive time of the oldest pending event. */
  oldestReceivedAt?: string;
}

/**
 * Where the collector keeps events, the leads derived from them and the outcomes a CRM reports.
 * Async throughout and free of SQL dialect, so a networked database (PostgreSQL) can implement
 * it with the same tests. `insert` must resolve only once the batch is durably committed,
 * because the collector acknowledges the batch to the tracker right after; it stores each
 * event id once and, in the same transaction, keeps each page view's session (at its earliest
 * page view, with `eventChannel`), a lead for each lead event (`leadFromEvent`), and matches the
 * outcomes that were waiting for that lead.
 */
export interface EventStore extends UploadLedger, RetractionLedger, NumberStore, QualityStore {
  /** A short name for /health, e.g. 'sqlite'. */
  readonly kind: string;
  insert(events: readonly WireEvent[], meta: InsertMeta): Promise<InsertResult>;
  query(query?: EventQuery): Promise<StoredEvent[]>;
  count(): Promise<number>;
  leads(query?: LeadQuery): Promise<LeadRecord[]>;
  /**
   * Stores outcomes by id (same id again with another value or currency: a new revision, which
   * becomes the outcome's value; the same value again: nothing changes), and matches each
   * unmatched one to a lead: the first reference in REF_KEYS order (lead id, user id, click id,
   * email, phone, anonymous id) that names any lead
   * decides; among that reference's leads, the latest at or before the outcome's time, else
   * the earliest. A matched outcome keeps its lead. A new outcome whose lead is later than it
   * (no lead of its reference at or before its time) is not stored: 'rejected', with the reason.
   */
  saveOutcomes(outcomes: readonly Outcome[], meta: { receivedAt: Date }): Promise<SaveOutcomeResult[]>;
  /** What saveOutcomes would do with each (its lead, or its refusal), reading only: imports check a whole file first. */
  previewOutcomes(outcomes: readonly Outcome[]): Promise<OutcomePreview[]>;
  /** Outcomes with their current value (their latest revision). */
  outcomes(query?: OutcomeQuery): Promise<OutcomeRecord[]>;
  /** Every value the outcome had, first revision first; empty for an unknown id. */
  outcomeRevisions(outcomeId: string): Promise<OutcomeRevision[]>;
  /** Matched outcomes (all time) per reference that found their lead (a RefKey; `earlier` when not kept). */
  outcomeMatchCounts(): Promise<Record<string, number>>;
  facts(query: FactsQuery): Promise<DashboardFacts>;
  /**
   * Forwarding: up to `limit` outbox events that are due, oldest first, leased for `leaseMs`: no
   * other collector on the same database takes them meanwhile. A process that dies holding a
   * lease lets it run out, and the events go again.
   */
  claimOutbox(limit: number, leaseMs: number): Promise<OutboxItem[]>;
  /** Delivered: out of the outbox. */
  ackOutbox(seqs: readonly number[]): Promise<void>;
  /** Not delivered: due again in `delayMs`, one more attempt counted, with the error seen. */
  retryOutbox(seqs: readonly number[], delayMs: number, error: string): Promise<void>;
  /** Refused by the sink whatever we do: kept in the outbox with the reason, never claimed again. */
  parkOutbox(parked: readonly { seq: number; reason: string }[]): Promise<void>;
  /** Parked events, oldest first. */
  parkedOutbox(limit: number): Promise<ParkedOutboxItem[]>;
  /** Every parked event due again now, its attempts reset; resolves with how many. */
  requeueParked(): Promise<number>;
  /** Every parked event out of the outbox (the events themselves stay stored); resolves with how many. */
  discardParked(): Promise<number>;
  outboxStats(): Promise<OutboxStats>;
  close(): Promise<void>;
}

/** Builds the public shape from the stored row; seq/receivedAt win over same-named event fields. */
export function toStored(seq: number, receivedAt: string, event: WireEvent): StoredEvent {
  return Object.assign({ seq, receivedAt }, event, { seq, receivedAt });
}
