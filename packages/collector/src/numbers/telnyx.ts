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

export function validTelnyxSignature(publicKeyB64: string, signature: string | undefined, timestamp: string | undefined, body: Buffer, now: Date): boolean {
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

export function telnyxUpdate(body: unknown, now: Date): CallUpdate | undefined {
  const data = (body as { data?: Json } | null)?.data;
  const p = data?.payload as Json | undefined;
  const type = str(data?.event_type);
  const callId = str(p?.call_session_id) ?? str(p?.call_control_id);
  const to = str(p?.to);
  if (!type?.startsWith('call.') || !callId || !to || p?.direction === 'outgoing') return undefined;
  const start = Date.parse(str(p?.start_time) ?? str(data?.occurred_at) ?? '');
  const end = Date.parse(str(p?.end_time) ?? '');
  const at = Number.isFinite(start) ? new Date(start) : now;
  const hangup = type === 'call.hangup';
  const duration = hangup && Number.isFinite(end) && Number.isFinite(start) ? Math.max(0, Math.round((end - start) / 1000)) : undefined;
  const cause = str(p?.hangup_cause);
  const status = hangup ? (cause === 'normal_clearing' ? 'completed' : cause === 'user_busy' ? 'busy' : cause === 'timeout' || cause === 'no_answer' ? 'no-answer' : 'canceled') : type === 'call.answered' ? 'in-progress' : 'ringing';
  const from = str(p?.from);
  return {
    provider: 'telnyx',
    callId,
    to,
    ...(from ? { from } : {}),
    status,
    at,
    ...(duration !== undefined ? { duration } : {}),
    answered: type === 'call.answered' || (hangup && cause === 'normal_clearing' && (duration ?? 0) > 0),
  };
}
