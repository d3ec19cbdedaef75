/**
 * Call tracking over HTTP (issue 23): GET /api/number, Twilio's webhooks signed by the official
 * `twilio` package (forged ones refused), Telnyx's documented payloads signed with Ed25519, and
 * the call becoming one `call` lead with the visit's attribution in GET /events.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { validBatch, validEvent } from '@leadbeacon/test-utils';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../src/index';
import type { NumbersConfig } from '../src/numbers/config';
import { openTestStore, STORE_KINDS } from './stores';

const TOKEN = 'twilio-auth-token-0123456789abcdef';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const TELNYX_KEY = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
const numbers: NumbersConfig = {
  pools: [
    {
      name: 'paid',
      numbers: ['+842812345601', '+842812345602'],
      businessNumber: '+842812345678',
      match: { channel: ['Paid Search', 'Paid Social'] },
      holdMinutes: 30,
      fallback: '+842812345699',
    },
  ],
  countSeconds: 60,
  storeCallerNumbers: false,
  twilioAuthToken: TOKEN,
  telnyxPublicKey: TELNYX_KEY,
};

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(async (c) => (await c.close(), c.store.close())));
});

async function start(kind: (typeof STORE_KINDS)[number], extra: { rateLimit?: { rate: number; burst: number } } = {}) {
  const c = await createCollector({ port: 0, store: await openTestStore(kind), numbers, ...extra });
  open.push(c);
  return c;
}

const paidQuery =
  'visitor=v-lan&session=s-lan&pool=paid&utm_source=google&utm_medium=cpc&utm_campaign=aircon&gclid=Cj0-test-gclid&ads=granted&landing=https%3A%2F%2Fshop.example%2F';

/** A form POST as Twilio sends it, signed with the twilio package's own signing. */
async function twilioPost(c: Collector, params: Record<string, string>, token = TOKEN) {
  const url = `${c.url}/api/calls/twilio`;
  const signature = twilio.getExpectedTwilioSignature(token, url, params);
  expect(twilio.validateRequest(TOKEN, signature, url, params)).toBe(token === TOKEN);
  return fetch(url, {
    method: 'POST',
    headers: { 'x-twilio-signature': signature, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
}

const voice = (sid: string, to: string) => ({
  AccountSid: 'AC' + '0'.repeat(32),
  CallSid: sid,
  From: '+84901234567',
  To: to,
  CallStatus: 'ringing',
  Direction: 'inbound',
  ApiVersion: '2010-04-01',
});

describe.each(STORE_KINDS)('%s: call tracking over HTTP', (kind) => {
  it('leases a pool number to a paid visit, keeps it, and leaves other visits the business number', async () => {
    const c = await start(kind);
    const res = await fetch(`${c.url}/api/number?${paidQuery}`, { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const lease = (await res.json()) as { number: string; until: string };
    expect(numbers.pools[0]!.numbers).toContain(lease.number);
    expect(Object.keys(lease).sort()).toEqual(['number', 'until']);
    const again = (await (await fetch(`${c.url}/api/number?${paidQuery}`)).json()) as { number: string };
    expect(again.number).toBe(lease.number);
    const direct = await (await fetch(`${c.url}/api/number?visitor=v-x&session=s-x&pool=paid`)).json();
    expect(direct).toMatchObject({ number: '+842812345678', matched: false });
    expect((await fetch(`${c.url}/api/number?visitor=v-x&session=s-x&pool=nope`)).status).toBe(404);
    expect((await fetch(`${c.url}/api/number?visitor=&session=s-x&pool=paid`)).status).toBe(400);
  });

  it('gives the fallback, marked, once both numbers are held', async () => {
    const c = await start(kind);
    for (const v of ['a', 'b']) await fetch(`${c.url}/api/number?${paidQuery.replace('v-lan', v).replace('s-lan', `s-${v}`)}`);
    const third = await (await fetch(`${c.url}/api/number?${paidQuery.replace('v-lan', 'c').replace('s-lan', 's-c')}`)).json();
    expect(third).toMatchObject({ number: '+842812345699', fallback: true });
  });

  it('is rate-limited per client', async () => {
    const c = await start(kind, { rateLimit: { rate: 1, burst: 2 } });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await fetch(`${c.url}/api/number?${paidQuery}`)).status);
    expect(codes).toEqual([200, 200, 429]);
  });

  it('makes an answered Twilio call of 75 s to the leased number one call lead with the visit attribution and gclid', async () => {
    const c = await start(kind);
    const { number } = (await (await fetch(`${c.url}/api/number?${paidQuery}`)).json()) as { number: string };
    const sid = 'CA' + '1'.repeat(32);
    const answer = await twilioPost(c, voice(sid, number));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<Dial action="' + `${c.url}/api/calls/twilio` + '">+842812345678</Dial>');
    const dial = {
      ...voice(sid, number),
      CallStatus: 'in-progress',
      DialCallStatus: 'completed',
      DialCallDuration: '75',
      DialCallSid: 'CA' + '2'.repeat(32),
    };
    expect((await twilioPost(c, dial)).status).toBe(200);
    const status = {
      ...voice(sid, number),
      CallStatus: 'completed',
      CallDuration: '80',
      CallbackSource: 'call-progress-events',
      SequenceNumber: '3',
    };
    expect((await twilioPost(c, status)).status).toBe(200);
    const events = (
      (await (await fetch(`${c.url}/events?type=call`)).json()) as { events: { id: string; props: Record<string, unknown> }[] }
    ).events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'call',
      anonymousId: 'v-lan',
      sessionId: 's-lan',
      props: { to: number, answered: true, provider: 'twilio', duration: 75 },
    });
    expect(events[0]!.props.callerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(events[0])).not.toContain('84901234567');
    const leads = await c.store.leads({ types: ['call'] });
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      last: { source: 'google', medium: 'cpc', channel: 'Paid Search', campaign: 'aircon' },
      adsConsent: 'granted',
    });
    expect(leads[0]!.clickIds.map((x) => [x.name, x.value])).toEqual([['gclid', 'Cj0-test-gclid']]);
    const calls = ((await (await fetch(`${c.url}/api/calls`)).json()) as { calls: Record<string, unknown>[] }).calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ status: 'completed', duration: 80, answered: true, eventId: events[0]!.id });
    expect(calls[0]!.caller).toBeUndefined();
  });

  it('refuses a forged or unsigned Twilio request and stores nothing', async () => {
    const c = await start(kind);
    const forged = await twilioPost(c, voice('CA' + '3'.repeat(32), '+842812345601'), 'another-token');
    expect(forged.status).toBe(403);
    const unsigned = await fetch(`${c.url}/api/calls/twilio`, {
      method: 'POST',
      body: new URLSearchParams(voice('CA' + '4'.repeat(32), '+842812345601')),
    });
    expect(unsigned.status).toBe(403);
    expect(await c.store.calls()).toEqual([]);
  });

  it('keeps a missed call and a call that matches no lease, without a lead', async () => {
    const c = await start(kind);
    const { number } = (await (await fetch(`${c.url}/api/number?${paidQuery}`)).json()) as { number: string };
    const missed = 'CA' + '5'.repeat(32);
    await twilioPost(c, voice(missed, number));
    await twilioPost(c, { ...voice(missed, number), CallStatus: 'completed', DialCallStatus: 'no-answer', DialCallDuration: '0' });
    const stray = 'CA' + '6'.repeat(32);
    const other = numbers.pools[0]!.numbers.find((n) => n !== number)!;
    await twilioPost(c, voice(stray, other));
    await twilioPost(c, { ...voice(stray, other), CallStatus: 'completed', DialCallStatus: 'completed', DialCallDuration: '90' });
    const calls = await c.store.calls();
    expect(calls.find((x) => x.callId === missed)).toMatchObject({ status: 'no-answer', answered: false });
    expect(calls.find((x) => x.callId === missed)!.leaseId).toBeDefined();
    expect(calls.find((x) => x.callId === missed)!.eventId).toBeUndefined();
    const unattributed = calls.find((x) => x.callId === stray)!;
    expect(unattributed.leaseId).toBeUndefined();
    const leads = await c.store.leads({ types: ['call'] });
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ eventId: unattributed.eventId, last: { channel: 'Direct' }, clickIds: [] });
  });

  it("takes Telnyx's documented call.initiated, call.answered and call.hangup, signed, and refuses a bad signature", async () => {
    const c = await start(kind);
    const { number } = (await (await fetch(`${c.url}/api/number?${paidQuery}`)).json()) as { number: string };
    const payload = {
      call_control_id: 'v3:abc',
      connection_id: '7267',
      call_leg_id: 'leg-1',
      call_session_id: 'sess-1',
      client_state: null,
      from: '+84901234567',
      to: number,
      direction: 'incoming',
      state: 'parked',
      start_time: new Date().toISOString(),
    };
    const post = async (event_type: string, extra: object = {}, badSig = false, ageS = 0) => {
      const body = JSON.stringify({
        data: {
          record_type: 'event',
          event_type,
          id: crypto.randomUUID(),
          occurred_at: new Date().toISOString(),
          payload: { ...payload, ...extra },
        },
      });
      const ts = String(Math.floor(Date.now() / 1000) - ageS);
      const sig = sign(null, Buffer.from(`${ts}|${badSig ? body + ' ' : body}`), privateKey).toString('base64');
      return fetch(`${c.url}/api/calls/telnyx`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'telnyx-timestamp': ts, 'telnyx-signature-ed25519': sig },
        body,
      });
    };
    expect((await post('call.initiated')).status).toBe(200);
    expect((await post('call.answered', { state: 'answered' })).status).toBe(200);
    expect((await post('call.hangup', {}, true)).status).toBe(403);
    expect((await post('call.hangup', {}, false, 301)).status).toBe(403); // signed, but older than 5 minutes
    const end = new Date(Date.parse(payload.start_time) + 65_000).toISOString();
    expect((await post('call.hangup', { hangup_cause: 'normal_clearing', hangup_source: 'caller', end_time: end })).status).toBe(200);
    const [call] = await c.store.calls();
    expect(call).toMatchObject({ provider: 'telnyx', callId: 'sess-1', status: 'completed', duration: 65, answered: true });
    expect((await c.store.leads({ types: ['call'] }))[0]).toMatchObject({ anonymousId: 'v-lan', eventId: call!.eventId });
  });

  it('refuses a call lead sent to /collect by a browser, storing the rest of the batch', async () => {
    const c = await start(kind);
    const forged = validEvent({
      type: 'call',
      name: 'call',
      props: { to: '+842812345601', provider: 'twilio', answered: true, duration: 600 },
    });
    const page = validEvent();
    const res = await fetch(`${c.url}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validBatch([forged, page])),
    });
    const body = (await res.json()) as { accepted: number; rejected: { id: string; reason: string }[] };
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([{ id: forged.id, reason: expect.stringContaining('telephony provider') }]);
    expect(await c.store.leads({ types: ['call'] })).toEqual([]);
  });

  it('shows calls by source, answered and missed, and warns that a pool is too small for its traffic', async () => {
    const c = await start(kind);
    for (const v of ['a', 'b', 'c', 'd', 'e'])
      await fetch(`${c.url}/api/number?${paidQuery.replace('v-lan', v).replace('s-lan', `s-${v}`)}`);
    const held = (await c.store.leases({})).find((l) => l.visitor === 'a')!;
    const sid = 'CA' + '7'.repeat(32);
    await twilioPost(c, voice(sid, held.number));
    await twilioPost(c, { ...voice(sid, held.number), CallStatus: 'completed', DialCallStatus: 'completed', DialCallDuration: '61' });
    const missed = 'CA' + '8'.repeat(32);
    await twilioPost(c, { ...voice(missed, '+842812345699'), CallStatus: 'completed', DialCallStatus: 'no-answer' });
    const view = (await (await fetch(`${c.url}/api/dashboard`)).json()) as { calls: Record<string, unknown> };
    expect(view.calls).toMatchObject({
      calls: 2,
      answered: 1,
      missed: 1,
      unattributed: 1,
      bySource: [
        { key: 'google / cpc · aircon', calls: 1, answered: 1, leads: 1 },
        { key: 'unattributed', calls: 1, answered: 0, leads: 0 },
      ],
      pools: [{ name: 'paid', size: 2, peakHeld: 2, fallbacks: 3, busiestHourVisits: 5, holdMinutes: 30, tooSmall: true }],
    });
    const html = await (await fetch(`${c.url}/dashboard`)).text();
    expect(html).toContain('data-section="calls"');
    expect(html).toMatch(
      /data-figure="pool-too-small">Too small: 5 visits in the busiest hour × 30 min hold needs about 3 numbers; it has 2/,
    );
  });
});
