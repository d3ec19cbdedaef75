/**
 * Twilio's voice webhook and status callbacks (form-encoded), and its X-Twilio-Signature:
 * HMAC-SHA1 with the account's Auth Token over the full URL Twilio requested followed by each
 * POST parameter's name and value, names sorted (values of a repeated name sorted), Base64;
 * checked on the URL with and without its port as twilio-node's validateRequest does
 * (shared/reference/call-tracking.md §2). Implemented here so the collector does not carry the
 * `twilio` package (19 MB with axios and jsonwebtoken); the tests sign with that package.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallUpdate } from './calls';

export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  let data = url;
  for (const name of names) for (const value of [...new Set(params.getAll(name))].sort()) data += name + value;
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The URL with its default port added, and without any port. */
function urlVariants(url: string): string[] {
  const u = new URL(url);
  const withoutPort = new URL(url);
  withoutPort.port = '';
  const withPort = new URL(url);
  if (!u.port) withPort.host = `${u.hostname}:${u.protocol === 'https:' ? 443 : 80}`;
  // new URL drops a default port: put it back by hand.
  const explicit = u.port ? url : url.replace(`//${u.host}`, `//${u.hostname}:${u.protocol === 'https:' ? 443 : 80}`);
  return [...new Set([url, withoutPort.toString(), explicit, withPort.toString()])];
}

export function validTwilioSignature(authToken: string, header: string | undefined, url: string, params: URLSearchParams): boolean {
  if (!header) return false;
  const got = Buffer.from(header);
  return urlVariants(url).some((u) => {
    const want = Buffer.from(twilioSignature(authToken, u, params));
    return want.length === got.length && timingSafeEqual(want, got);
  });
}

const num = (v: string | null): number | undefined => (v !== null && /^\d+$/.test(v) ? Number(v) : undefined);

const FINAL = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

/**
 * The call's status and whether the business answered: with a <Dial>, the forwarded leg's result
 * (DialCallStatus) decides, as Twilio answers the inbound leg itself; without, the call's own.
 */
function outcome(p: URLSearchParams, duration: number | undefined): { status: string; answered: boolean } {
  const status = p.get('CallStatus') ?? 'ringing';
  const dial = p.get('DialCallStatus');
  if (!dial) return { status, answered: status === 'completed' && (duration ?? 0) > 0 };
  return { status: FINAL.includes(status) || dial !== 'completed' ? dial : status, answered: dial === 'completed' };
}

/** The call facts of one Twilio request; undefined when it names no call. */
export function twilioUpdate(p: URLSearchParams, now: Date): CallUpdate | undefined {
  const callId = p.get('CallSid');
  const to = p.get('To') ?? p.get('Called');
  if (!callId || !to) return undefined;
  const duration = num(p.get('DialCallDuration')) ?? num(p.get('CallDuration'));
  const stamp = Date.parse(p.get('Timestamp') ?? '');
  const sent = Number.isFinite(stamp) ? stamp : now.getTime();
  const { status, answered } = outcome(p, duration);
  const from = p.get('From') ?? p.get('Caller');
  return {
    provider: 'twilio',
    callId,
    to,
    ...(from ? { from } : {}),
    status,
    // A final callback comes at the end: the call started its duration earlier.
    at: new Date(sent - (FINAL.includes(status) && duration ? duration * 1000 : 0)),
    ...(duration !== undefined ? { duration } : {}),
    answered,
  };
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** TwiML for the voice webhook: forward to the business (with the Dial's result posted back), or nothing more. */
export function twiml(forwardTo: string | undefined, actionUrl: string): string {
  const dial = forwardTo ? `<Dial action="${xml(actionUrl)}">${xml(forwardTo)}</Dial>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${dial}</Response>`;
}
