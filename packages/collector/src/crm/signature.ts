/**
 * Checking who sent a webhook delivery, before its body is read as outcomes:
 * - `hubspot-v3`: HubSpot's request signature v3: base64 of HMAC-SHA256 (the app's client secret)
 *   over method + URI + body + timestamp, in `X-HubSpot-Signature-v3`, the timestamp (ms) in
 *   `X-HubSpot-Request-Timestamp`; refused when more than 5 minutes away from our clock.
 * - `hmac-sha256`: ours, for Zapier, Make, n8n or a CRM's own automation: `X-Leadbeacon-Signature:
 *   sha256=<hex HMAC-SHA256 of the raw body with the secret>` (as GitHub signs its webhooks).
 * - `basic`: HTTP Basic auth with `user:password` as the secret (Pipedrive's webhooks take these).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SIGNATURES = ['hubspot-v3', 'hmac-sha256', 'basic'] as const;
export type SignatureKind = (typeof SIGNATURES)[number];

/** How far a HubSpot v3 timestamp may be from our clock. */
export const HUBSPOT_MAX_AGE_MS = 5 * 60_000;

export interface SignedRequest {
  method: string;
  /** The full URL the sender called (HubSpot signs it). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  now: number;
}

/** Equal in constant time, whatever the lengths (both hashed first). */
function same(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** HubSpot decodes these in the URI it signs (its docs' list); the others stay encoded. */
const HUBSPOT_DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export const hubspotUri = (url: string): string =>
  url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => HUBSPOT_DECODED[m.toUpperCase()]!);

/** The v3 signature of a request, as HubSpot computes it. */
export function hubspotV3Signature(secret: string, r: { method: string; url: string; body: Buffer | string; timestamp: string }): string {
  return createHmac('sha256', secret)
    .update(`${r.method}${hubspotUri(r.url)}${r.body.toString()}${r.timestamp}`)
    .digest('base64');
}

/** Our signature header's value for a body. */
export const hmacSignature = (secret: string, body: Buffer | string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Why the request is not from the configured sender, or undefined when it is. */
export function signatureFault(kind: SignatureKind, secret: string, r: SignedRequest): string | undefined {
  if (kind === 'hubspot-v3') {
    const signature = header(r.headers, 'x-hubspot-signature-v3');
    const timestamp = header(r.headers, 'x-hubspot-request-timestamp');
    if (!signature || !timestamp) return 'no X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp header';
    const at = Number(timestamp);
    if (!Number.isFinite(at) || Math.abs(r.now - at) > HUBSPOT_MAX_AGE_MS)
      return 'X-HubSpot-Request-Timestamp is more than 5 minutes old (or not a time)';
    return same(signature, hubspotV3Signature(secret, { ...r, timestamp })) ? undefined : 'wrong X-HubSpot-Signature-v3';
  }
  if (kind === 'hmac-sha256') {
    const signature = header(r.headers, 'x-leadbeacon-signature');
    if (!signature) return 'no X-Leadbeacon-Signature header';
    return same(signature.toLowerCase(), hmacSignature(secret, r.body)) ? undefined : 'wrong X-Leadbeacon-Signature';
  }
  const auth = header(r.headers, 'authorization');
  if (!auth?.startsWith('Basic ')) return 'no Basic Authorization header';
  return same(Buffer.from(auth.slice(6).trim(), 'base64').toString(), secret) ? undefined : 'wrong user or password';
}
