/**
 * A call the provider reports, recorded: matched to the visit that held the number (the last
 * lease of that number before the call, while it was still held), merged with what earlier
 * webhooks of the same call said, and made a `call` lead once it counts (answered and at least
 * `countSeconds` long), or attached to the visit's `call_click` lead when the visitor tapped
 * the number first (one lead, not two). The lead's event id is the call's, so every later webhook of the call
 * finds the same lead and never adds a second; a call that matches no lease is kept the same
 * way, without attribution. The caller's number is kept as a SHA-256 hash only, unless the
 * operator's `storeCallerNumbers` keeps it in clear too.
 */
import { createHash } from 'node:crypto';
import type { CallRecord, NumberLease } from '../store/number-types';
import type { EventStore } from '../store/types';
import type { Touch, WireEvent } from '../types';

export interface CallUpdate {
  provider: string;
  callId: string;
  to: string;
  from?: string;
  status: string;
  /** When the call started (or, lacking that, when the provider sent this). */
  at: Date;
  duration?: number;
  answered?: boolean;
}

export interface CallRules {
  countSeconds: number;
  storeCallerNumbers: boolean;
}

const FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export const hashCaller = (from: string): string => createHash('sha256').update(from.trim()).digest('hex');

/** The lease the call goes to: the number's last lease taken before the call, if still held when it started. */
async function leaseFor(store: EventStore, to: string, at: Date): Promise<NumberLease | undefined> {
  const lease = await store.lastLease(to, at);
  return lease && Date.parse(lease.until) >= at.getTime() ? lease : undefined;
}

const E164ISH = /^\+?\d{5,16}$/;

/** The caller as kept: hashed always, in clear only with `storeCallerNumbers`; an earlier webhook's kept. */
function callerFields(old: CallRecord | undefined, u: CallUpdate, rules: CallRules): Pick<CallRecord, 'callerHash' | 'caller'> {
  const from = u.from && E164ISH.test(u.from) ? u.from : undefined;
  const callerHash = old?.callerHash ?? (from ? hashCaller(from) : undefined);
  const caller = old?.caller ?? (rules.storeCallerNumbers ? from : undefined);
  return { ...(callerHash ? { callerHash } : {}), ...(caller ? { caller } : {}) };
}

/** A final status is kept over a later non-final one (callbacks may arrive out of order). */
const statusOf = (old: CallRecord | undefined, u: CallUpdate) =>
  old && FINAL.has(old.status) && !FINAL.has(u.status) ? old.status : u.status;

const answeredOf = (old: CallRecord | undefined, u: CallUpdate) =>
  Boolean(old?.answered || u.answered || (u.status === 'completed' && (u.duration ?? 0) > 0));

function merge(old: CallRecord | undefined, u: CallUpdate, rules: CallRules, leaseId: number | undefined): CallRecord {
  const duration = Math.max(old?.duration ?? -1, u.duration ?? -1);
  return {
    provider: u.provider,
    callId: u.callId,
    to: old?.to ?? u.to,
    ...callerFields(old, u, rules),
    status: statusOf(old, u),
    startedAt: old?.startedAt ?? u.at.toISOString(),
    ...(duration >= 0 ? { duration } : {}),
    answered: answeredOf(old, u),
    ...(leaseId !== undefined ? { leaseId } : {}),
    ...(old?.eventId ? { eventId: old.eventId } : {}),
    updatedAt: new Date().toISOString(),
  };
}

const DIRECT = (ts: string): Touch => ({ source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: '', ts });

/** The `call` lead's event: the visit's ids, attribution and consent from its lease (none when unmatched). */
export function callEvent(call: CallRecord, lease: NumberLease | undefined): WireEvent {
  const touch = lease?.touch ?? DIRECT(call.startedAt);
  return {
    id: `call-${call.provider}-${call.callId}`.slice(0, 128),
    type: 'call',
    name: 'call',
    ts: call.startedAt,
    anonymousId: lease?.visitor ?? `call-${(call.callerHash ?? call.callId).slice(0, 32)}`,
    sessionId: lease?.session ?? `call-${call.provider}-${call.callId}`.slice(0, 128),
    page: { url: String(touch.landingPage ?? ''), path: '', title: '', referrer: '' },
    attribution: { first: touch, last: touch },
    ...(lease?.ads ? { consent: { ads: lease.ads } } : {}),
    props: {
      to: call.to,
      duration: call.duration ?? 0,
      answered: call.answered,
      provider: call.provider,
      ...(call.callerHash ? { callerHash: call.callerHash } : {}),
      ...(lease ? { pool: lease.pool } : {}),
    },
  } as unknown as WireEvent;
}

export const callCounts = (c: CallRecord, rules: CallRules): boolean => c.answered && (c.duration ?? 0) >= rules.countSeconds;

const DAY = 86_400_000;

/**
 * The rule for a tel: click then a call: one lead. When the visit that held the number already
 * has a `call_click` lead before the call (the visitor tapped the number), the call is that
 * lead's call: it is attached to it (the call's `eventId`) and adds no `call` lead.
 */
async function tapLead(store: EventStore, lease: NumberLease, call: CallRecord): Promise<string | undefined> {
  const since = new Date(Date.parse(lease.leasedAt) - DAY);
  const until = new Date(Date.parse(call.startedAt) + 1);
  const taps = await store.leads({ types: ['call_click'], since, until, order: 'desc' });
  return taps.find((l) => l.sessionId === lease.session)?.eventId;
}

/** Records one webhook (or import row) of a call; returns the call as stored. */
export async function recordCall(store: EventStore, u: CallUpdate, rules: CallRules, forward = false): Promise<CallRecord> {
  const old = await store.call(u.provider, u.callId);
  const lease = old ? (old.leaseId !== undefined ? await store.lease(old.leaseId) : undefined) : await leaseFor(store, u.to, u.at);
  const call = merge(old, u, rules, lease?.id);
  if (!call.eventId && callCounts(call, rules)) {
    const tapped = lease ? await tapLead(store, lease, call) : undefined;
    const event = tapped ? undefined : callEvent(call, lease);
    if (event) await store.insert([event], { receivedAt: new Date(), forward });
    call.eventId = tapped ?? event!.id;
  }
  await store.saveCall(call);
  return call;
}
