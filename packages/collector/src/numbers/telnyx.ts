/**
 * Telnyx Call Control webhooks (JSON): `{"data": {"event_type": "call.initiated" | "call.answered"
 * | "call.hangup", "occurred_at", "payload": {call_session_id, from, to, start_time, end_time,
 * hangup_cause}}}`, signed with Ed25519 over `timestamp|body` (headers `telnyx-timestamp`,
 * `telnyx-signature-ed25519`), checked with the account's public key; a timestamp more than
 * 5 minutes off is refused (shared/reference/call-tracking.md §3).
 */
import { createPublicKey, verify } from 'node:crypto';
import type { CallUpdate } from './calls';

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
export const TELNYX_TOLERANCE_S = 300;

export interface TelnyxDelivery {
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
}

export function validTelnyxSignature(publicKeyB64: string, { signature, timestamp, body }: TelnyxDelivery, now: Date): boolean {
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TELNYX_TOLERANCE_S) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, Buffer.from(publicKeyB64, 'base64')]), format: 'der', type: 'spki' });
    return verify(null, Buffer.concat([Buffer.from(`${timestamp}|`), body]), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

const HANGUP_STATUS: Record<string, string> = {
  normal_clearing: 'completed',
  user_busy: 'busy',
  timeout: 'no-answer',
  no_answer: 'no-answer',
};

/** The call's status after an event: ringing, in-progress (answered), or the hangup's cause as Twilio's words. */
function statusOf(type: string, cause: string | undefined): string {
  if (type === 'call.hangup') return HANGUP_STATUS[cause ?? ''] ?? 'canceled';
  return type === 'call.answered' ? 'in-progress' : 'ringing';
}

/** Seconds from start to end, when both are there. */
function secondsBetween(start: number, end: string | undefined): number | undefined {
  const to = Date.parse(end ?? '');
  return Number.isFinite(start) && Number.isFinite(to) ? Math.max(0, Math.round((to - start) / 1000)) : undefined;
}

/** The event's type, call and number called; undefined for anything but an inbound call's event. */
function inboundCall(body: unknown) {
  const data = (body as { data?: Json } | null)?.data;
  const p = (data?.payload ?? {}) as Json;
  const type = str(data?.event_type) ?? '';
  const callId = str(p.call_session_id) ?? str(p.call_control_id);
  const to = str(p.to);
  if (!type.startsWith('call.') || !callId || !to || p.direction === 'outgoing') return undefined;
  return { data: data!, p, type, callId, to };
}

export function telnyxUpdate(body: unknown, now: Date): CallUpdate | undefined {
  const call = inboundCall(body);
  if (!call) return undefined;
  const { data, p, type, callId, to } = call;
  const start = Date.parse(str(p.start_time) ?? str(data?.occurred_at) ?? '');
  const duration = type === 'call.hangup' ? secondsBetween(start, str(p.end_time)) : undefined;
  const status = statusOf(type, str(p.hangup_cause));
  const from = str(p.from);
  return {
    provider: 'telnyx',
    callId,
    to,
    ...(from ? { from } : {}),
    status,
    at: Number.isFinite(start) ? new Date(start) : now,
    ...(duration !== undefined ? { duration } : {}),
    answered: type === 'call.answered' || (status === 'completed' && (duration ?? 0) > 0),
  };
}
