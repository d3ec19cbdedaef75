/**
 * POST /api/calls/twilio and /api/calls/telnyx: the providers' call webhooks, public but signed
 * (a request without a valid signature is refused with 403 and changes nothing). Each records the
 * call (calls.ts); Twilio's voice webhook is answered with TwiML that forwards the call to the
 * pool's business number.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody, sendJson } from '../http/util';
import type { EventStore } from '../store/types';
import { recordCall, type CallUpdate } from './calls';
import type { NumbersConfig } from './config';
import { telnyxUpdate, validTelnyxSignature } from './telnyx';
import { twiml, twilioUpdate, validTwilioSignature } from './twilio';

const MAX_BODY = 64 * 1024;

export interface CallsRouteOptions {
  store: EventStore;
  numbers: NumbersConfig;
  log: (line: string) => void;
  forward?: boolean;
  now?: () => Date;
}

/** The URL Twilio requested, as it signed it: the proxy's scheme when one says so, the Host header. */
function requestedUrl(req: IncomingMessage): string {
  const proto =
    String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]!
      .trim() || 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
}

export function callsRoute(o: CallsRouteOptions) {
  const rules = { countSeconds: o.numbers.countSeconds, storeCallerNumbers: o.numbers.storeCallerNumbers };
  const business = new Map(
    o.numbers.pools.flatMap((p) => [...p.numbers, ...(p.fallback ? [p.fallback] : [])].map((n) => [n, p.businessNumber])),
  );
  const record = async (u: CallUpdate | undefined) => {
    if (!u) return undefined;
    const call = await recordCall(o.store, u, rules, o.forward);
    o.log(
      `call ${u.provider} ${u.callId}: ${call.status}${call.leaseId !== undefined ? '' : ' (no lease: unattributed)'}${call.eventId ? ', lead' : ''}`,
    );
    return call;
  };

  async function twilio(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = o.numbers.twilioAuthToken;
    if (!token) throw new HttpError(404, 'Twilio is not set up: --twilio-auth-token or "twilio": {"authToken": …} in the config');
    const raw = await readBody(req, MAX_BODY);
    if (raw === null) throw new HttpError(413, 'body too large');
    const params = new URLSearchParams(raw.toString('utf8'));
    const url = requestedUrl(req);
    const header = req.headers['x-twilio-signature'];
    if (!validTwilioSignature(token, typeof header === 'string' ? header : undefined, url, params))
      throw new HttpError(403, 'bad X-Twilio-Signature');
    const update = twilioUpdate(params, o.now?.() ?? new Date());
    await record(update);
    // The voice webhook (no Dial result, no status callback) is answered with the forward.
    const voice = update && !params.has('DialCallStatus') && !params.has('CallbackSource') && !params.has('CallDuration');
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(twiml(voice ? business.get(update.to) : undefined, url));
  }

  async function telnyx(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = o.numbers.telnyxPublicKey;
    if (!key) throw new HttpError(404, 'Telnyx is not set up: "telnyx": {"publicKey": …} in the config');
    const raw = await readBody(req, MAX_BODY);
    if (raw === null) throw new HttpError(413, 'body too large');
    const now = o.now?.() ?? new Date();
    const sig = req.headers['telnyx-signature-ed25519'];
    const ts = req.headers['telnyx-timestamp'];
    const delivery = {
      signature: typeof sig === 'string' ? sig : undefined,
      timestamp: typeof ts === 'string' ? ts : undefined,
      body: raw,
    };
    if (!validTelnyxSignature(key, delivery, now)) throw new HttpError(403, 'bad telnyx-signature-ed25519');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
    await record(telnyxUpdate(body, now));
    sendJson(res, 200, { ok: true });
  }

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
    const provider = url.pathname.slice('/api/calls/'.length);
    if (provider === 'twilio') return twilio(req, res);
    if (provider === 'telnyx') return telnyx(req, res);
    throw new HttpError(404, `no call provider '${provider.slice(0, 32)}' (twilio, telnyx)`);
  };
}
