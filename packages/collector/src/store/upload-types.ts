/**
 * The upload ledger (issue 20): one row per (conversion, destination) saying where its delivery
 * to that ad platform stands. Kept in SQLite and PostgreSQL alike; a lease per row lets several
 * collectors on one database work side by side without taking the same conversion twice.
 */

export const DESTINATIONS = ['google', 'meta'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/**
 * - waiting: not sent yet (`waitingUntil`: not before then; `reason`: why it waits);
 * - sent: the platform took the request (`requestId`), its verdict not known yet;
 * - accepted / rejected: the platform's verdict (`reason`: the rejection as the platform gave it);
 * - given_up: not sent and never will be (`reason` says why: too old, retries spent…).
 */
export const UPLOAD_STATES = ['waiting', 'sent', 'accepted', 'rejected', 'given_up'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

/**
 * A conversion to deliver: the lead's event id or the outcome's id, with its funnel step. An
 * outcome whose value changed is a conversion per value: `<outcome id>` for its first value,
 * `<outcome id>~2`, `~3`… for the later ones (uploads/revisions.ts).
 */
export interface UploadKey {
  conversionId: string;
  step: string;
  destination: Destination;
}

/** A ledger row as `GET /api/uploads` lists it. */
export interface Upload extends UploadKey {
  state: UploadState;
  /** Failed or refused attempts so far. */
  attempts: number;
  /** UTC ISO 8601: not to be tried (or its status asked) before then. */
  waitingUntil?: string;
  reason?: string;
  sentAt?: string;
  acceptedAt?: string;
  /** The platform's id of the request that carried it (Google's requestId). */
  requestId?: string;
  /** Taking it back, asked when its lead turned out spam after the upload. */
  retraction?: Retraction;
}

export interface UploadQuery {
  destination?: Destination;
  state?: UploadState;
  /** Only these conversions. */
  conversionIds?: readonly string[];
  limit?: number;
}

export interface UploadClaim {
  destination: Destination;
  /** Rows in this state ('waiting' to send, 'sent' to ask for their verdict). */
  state: 'waiting' | 'sent';
  limit: number;
  leaseMs: number;
  /** Who holds the lease (a collector's id): only it may record what came of the attempt. */
  owner: string;
}

/** What came of an attempt on one claimed row; the lease is released with it. */
export interface UploadChange {
  conversionId: string;
  destination: Destination;
  state: UploadState;
  reason?: string;
  /** For `waiting` (and `sent`): not before this instant. */
  waitingUntil?: Date;
  requestId?: string;
  /** Count one more attempt (a failure or a refusal). */
  attempted?: boolean;
}

/** The ledger's part of the EventStore. */
export interface UploadLedger {
  /** Adds each key as `waiting` unless the ledger has it already (its state is kept); resolves with how many were added. */
  planUploads(keys: readonly UploadKey[]): Promise<number>;
  /**
   * Up to `limit` rows of the destination in `state` that are due (no `waitingUntil` or past it)
   * and not leased, oldest first, leased to `owner` for `leaseMs`. A process that dies holding a
   * lease lets it run out.
   */
  claimUploads(claim: UploadClaim): Promise<Upload[]>;
  /**
   * Records what came of the attempts on rows `owner` holds the lease of, and releases them;
   * a row whose lease ran out and went to another collector is left alone. Resolves with how
   * many rows changed. `sent` stamps `sentAt`, `accepted` stamps `acceptedAt`.
   */
  recordUploads(owner: string, changes: readonly UploadChange[]): Promise<number>;
  uploads(query?: UploadQuery): Promise<Upload[]>;
  /**
   * Gives up the rows of these conversions that are `waiting` and not leased (nobody is sending
   * them now), with `reason`: an outcome's earlier value superseded by a newer one. Resolves with
   * the conversion ids given up; a row leased by a collector that is sending it is left alone.
   */
  giveUpWaiting(destination: Destination, conversionIds: readonly string[], reason: string): Promise<string[]>;
}

export const RETRACTION_STATES = ['waiting', 'retracted', 'refused', 'impossible'] as const;
export type RetractionState = (typeof RETRACTION_STATES)[number];

/** What became of taking back one uploaded conversion. */
export interface Retraction {
  state: RetractionState;
  reason?: string;
  /** UTC ISO 8601: when the platform took it back (or refused). */
  at?: string;
  /** Failed tries so far. */
  attempts: number;
  /** UTC ISO 8601: not to be tried before then. */
  due?: string;
  /** The lead it is taken back for. */
  leadId?: string;
}

/** Retractions to ask for: the conversions of one lead at one platform, as `waiting` (to send) or `impossible` (with why). */
export interface RetractionRequest {
  leadId: string;
  destination: Destination;
  conversionIds: readonly string[];
  state: 'waiting' | 'impossible';
  reason: string;
}

export interface RetractionClaim {
  destination: Destination;
  limit: number;
  leaseMs: number;
  owner: string;
}

/** What came of one retraction the owner holds the lease of; the lease is released with it. */
export interface RetractionChange {
  conversionId: string;
  destination: Destination;
  state: RetractionState;
  reason?: string;
  /** For `waiting`: not before this instant. */
  due?: Date;
  /** Count one more failed try. */
  attempted?: boolean;
}

/** A retraction leased to be sent: its conversion, step, lead and failed tries so far. */
export interface ClaimedRetraction {
  conversionId: string;
  step: string;
  leadId?: string;
  attempts: number;
}

export interface RetractionLedger {
  /**
   * Asks for the retraction of the conversions the platform has (`sent` or `accepted`) and has
   * none asked yet; resolves with the conversion ids it was asked for.
   */
  requestRetractions(request: RetractionRequest): Promise<string[]>;
  /** Up to `limit` `accepted` rows whose retraction is waiting and due, not leased; leased to `owner`. */
  claimRetractions(claim: RetractionClaim): Promise<ClaimedRetraction[]>;
  /** Records what came of the retractions `owner` holds; resolves with how many changed. */
  recordRetractions(owner: string, changes: readonly RetractionChange[]): Promise<number>;
}
