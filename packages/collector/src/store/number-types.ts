/**
 * What the store keeps for call tracking (issue 23): the leases of pool numbers to visits, and the
 * calls the telephony provider reports. See numbers/ for the rules that use them.
 */
import type { Touch } from '../types';

export interface LeaseRequest {
  pool: string;
  /** The pool's numbers (E.164). */
  numbers: readonly string[];
  /** Shown when every number is held: the pool's fallback, else its business number. */
  fallback: string;
  visitor: string;
  session: string;
  now: Date;
  /** How long the number stays with the visit after this request (its last activity). */
  holdMs: number;
  /** The visit's last touch as the collector interpreted it (source, medium, channel, click ids). */
  touch: Touch;
  /** The visit's `ads` consent as the script told it. */
  ads?: 'granted' | 'denied';
}

export interface NumberLease {
  id: number;
  pool: string;
  number: string;
  visitor: string;
  session: string;
  /** When the visit took this number (UTC ISO). */
  leasedAt: string;
  /** Held until (UTC ISO): moved on by each request of the visit. */
  until: string;
  /** The pool had no free number: the visit was shown the fallback. */
  fallback: boolean;
  touch: Touch;
  ads?: 'granted' | 'denied';
}

/** A call as the provider reported it, merged over its webhooks. */
export interface CallRecord {
  provider: string;
  /** The provider's id of the call (Twilio's CallSid). */
  callId: string;
  /** The number dialled (E.164). */
  to: string;
  /** SHA-256 (hex) of the caller's E.164 number; absent when the provider did not give it. */
  callerHash?: string;
  /** The caller's number in clear: only with the operator's `storeCallerNumbers`. */
  caller?: string;
  status: string;
  /** When the call started (UTC ISO). */
  startedAt: string;
  /** Seconds, once known. */
  duration?: number;
  answered: boolean;
  /** The lease it was matched to (the visit that held the number), when one was. */
  leaseId?: number;
  /** The `call` lead's event id, once the call counts. */
  eventId?: string;
  updatedAt: string;
}

export interface CallQuery {
  since?: Date;
  until?: Date;
  limit?: number;
}

export interface NumberStore {
  /** The visit's number: its held one (held longer), else a free one, else the fallback (a lease that says so). */
  leaseNumber(req: LeaseRequest): Promise<NumberLease>;
  /** The last lease of `number` taken at or before `at` (whether or not still held then). */
  lastLease(number: string, at: Date): Promise<NumberLease | undefined>;
  lease(id: number): Promise<NumberLease | undefined>;
  leases(query: CallQuery): Promise<NumberLease[]>;
  call(provider: string, callId: string): Promise<CallRecord | undefined>;
  saveCall(call: CallRecord): Promise<void>;
  calls(query?: CallQuery): Promise<CallRecord[]>;
}
