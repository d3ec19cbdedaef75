import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../src/index';
import { readHooksConfig, HooksConfigError } from '../src/crm/hooks-config';
import { parsePath, readPath } from '../src/crm/json-path';
import { createHmac } from 'node:crypto';
import { googleEmail, sha256Hex } from '../src/platforms/identifiers';
import { leadEvent } from './helpers';
import { openTestStore, STORE_KINDS, type StoreKind } from './stores';

const env = {
  TEST_HUBSPOT_CLIENT_SECRET: 'hubspot-client-secret-0123',
  TEST_ZAPIER_SECRET: 'zapier-secret',
  TEST_PIPEDRIVE_BASIC: 'crm:pa55word',
};
const configFile = new URL('./fixtures/crm/hooks.config.json', import.meta.url).pathname;
const hooks = readHooksConfig(configFile, env);

/** HubSpot's v3 recipe, written out here: base64 HMAC-SHA256 of method + URI + body + timestamp. */
const hubspotV3Signature = (secret: string, r: { method: string; url: string; body: string; timestamp: string }) =>
  createHmac('sha256', secret).update(`${r.method}${r.url}${r.body}${r.timestamp}`, 'utf8').digest('base64');
/** Ours: sha256=<hex HMAC-SHA256 of the raw body>. */
const hmacSignature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(async (c) => (await c.close(), c.store.close().catch(() => {}))));
});
let kind: StoreKind = 'sqlite';
async function start(): Promise<Collector> {
  const store = await openTestStore(kind);
  await store.insert(
    [
      leadEvent({ id: 'lead-lan', ts: '2026-11-02T02:00:00Z' }),
      leadEvent({ id: 'lead-minh', ts: '2026-11-03T02:00:00Z', props: { hashedEmail: sha256Hex(googleEmail('minh@example.com')!) } }),
    ],
    { receivedAt: new Date() },
  );
  const c = await createCollector({ port: 0, store, hooks });
  open.push(c);
  return c;
}

/** A HubSpot delivery: an array of events, signed as HubSpot signs (v3), `age` ms ago. */
function hubspotDelivery(c: Collector, events: unknown[], options: { age?: number; secret?: string } = {}) {
  const url = `${c.url}/api/hooks/hubspot`;
  const body = JSON.stringify(events);
  const timestamp = String(Date.now() - (options.age ?? 0));
  const signature = hubspotV3Signature(options.secret ?? env.TEST_HUBSPOT_CLIENT_SECRET, { method: 'POST', url, body, timestamp });
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp },
    body,
  });
}

const dealEvent = (objectId: number, stage: string, properties: Record<string, string> = {}) => ({
  eventId: objectId * 10,
  subscriptionType: 'deal.propertyChange',
  objectId,
  propertyName: 'dealstage',
  propertyValue: stage,
  occurredAt: Date.parse('2026-11-20T07:30:00Z'),
  properties,
});

describe.each(STORE_KINDS)('%s store: POST /api/hooks/{name}', (each) => {
  beforeAll(() => {
    kind = each;
  });

  it('HubSpot v3: saves a signed delivery of several events, reports matches by key, and a resent one changes nothing', async () => {
    const c = await start();
    const events = [
      dealEvent(9001, 'closedwon', { lb_lead_id: 'lead-lan', amount: '2500000', deal_currency_code: 'VND' }),
      dealEvent(9002, 'closedlost'),
      dealEvent(9003, 'appointmentscheduled'),
      dealEvent(9004, 'presentationscheduled', { lb_lead_id: 'lead-lan' }),
    ];
    const res = await hubspotDelivery(c, events);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      received: 4,
      inserted: 1,
      updated: 0,
      unchanged: 0,
      matched: 1,
      matchedBy: { leadId: 1 },
      unmatched: [],
      rejected: [
        { index: 1, reason: 'no lead reference: give event_id, user_id, click_id, email, phone or anonymous_id' },
        {
          index: 3,
          reason:
            "status 'presentationscheduled' is not mapped: add it to hooks.hubspot.statuses in the config file (or null to leave it out)",
        },
      ],
      leftOut: [{ index: 2, status: 'appointmentscheduled' }],
    });
    const again = await hubspotDelivery(c, events.slice(0, 1));
    expect(await again.json()).toMatchObject({ inserted: 0, unchanged: 1, matched: 1 });
    // The same deal at the same stage later (a resend with a new occurredAt) is the same outcome.
    const later = await hubspotDelivery(c, [{ ...events[0], occurredAt: Date.parse('2026-11-21T00:00:00Z') }]);
    expect(await later.json()).toMatchObject({ inserted: 0, unchanged: 1 });
    expect((await c.store.outcomes()).map((o) => [o.recordId, o.status, o.time, o.value, o.leadEventId])).toEqual([
      ['9001', 'won', '2026-11-20T07:30:00.000Z', 2500000, 'lead-lan'],
    ]);
  });

  it('HubSpot v3: refuses a forged signature, another secret, and a timestamp over 5 minutes old, saving nothing', async () => {
    const c = await start();
    const event = dealEvent(9001, 'closedwon', { lb_lead_id: 'lead-lan' });
    const forged = await hubspotDelivery(c, [event], { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'hook hubspot: wrong X-HubSpot-Signature-v3' });
    const old = await hubspotDelivery(c, [event], { age: 5 * 60_000 + 5_000 });
    expect(old.status).toBe(401);
    expect((await old.json()).error).toContain('more than 5 minutes old');
    // A valid signature of one body, sent with another.
    const url = `${c.url}/api/hooks/hubspot`;
    const timestamp = String(Date.now());
    const signature = hubspotV3Signature(env.TEST_HUBSPOT_CLIENT_SECRET, { method: 'POST', url, body: JSON.stringify([event]), timestamp });
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp },
      body: JSON.stringify([{ ...event, properties: { lb_lead_id: 'lead-minh' } }]),
    });
    expect(tampered.status).toBe(401);
    expect(await c.store.outcomes()).toEqual([]);
    expect((await fetch(`${c.url}/api/hooks/nobody`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('hmac-sha256 (ours): X-Leadbeacon-Signature over the raw body; a forged one is refused', async () => {
    const c = await start();
    const body = JSON.stringify({ deal: { id: 'D-7', stage: 'Won', updated: '2026-11-20 10:00' }, person: { email: 'Minh@Example.com' } });
    const post = (signature: string) =>
      fetch(`${c.url}/api/hooks/zapier`, { method: 'POST', headers: { 'x-leadbeacon-signature': signature }, body });
    expect((await post(hmacSignature('wrong', body))).status).toBe(401);
    const res = await post(hmacSignature(env.TEST_ZAPIER_SECRET, body));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ inserted: 1, matched: 1, matchedBy: { email: 1 } });
    expect((await c.store.outcomes())[0]).toMatchObject({
      time: '2026-11-20T09:00:00.000Z',
      leadEventId: 'lead-minh',
      matchedBy: 'hashedEmail',
    });
  });

  it("basic (Pipedrive's webhook auth): right and wrong user:password", async () => {
    const c = await start();
    const body = JSON.stringify({
      meta: { action: 'change', entity: 'deal' },
      data: { id: 101, status: 'won', value: 2500000, currency: 'VND', won_time: '2026-11-20 07:30:00', lb_lead_id: 'lead-lan' },
    });
    const post = (userPass: string) =>
      fetch(`${c.url}/api/hooks/pipedrive`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(userPass).toString('base64')}` },
        body,
      });
    expect((await post('crm:wrong')).status).toBe(401);
    expect((await fetch(`${c.url}/api/hooks/pipedrive`, { method: 'POST', body })).status).toBe(401);
    const res = await post(env.TEST_PIPEDRIVE_BASIC);
    expect(await res.json()).toMatchObject({ inserted: 1, matchedBy: { leadId: 1 } });
  });

  it('answers 503 when the store cannot save, so the CRM sends the delivery again', async () => {
    const c = await start();
    await c.store.close();
    const res = await hubspotDelivery(c, [dealEvent(9001, 'closedwon', { lb_lead_id: 'lead-lan' })]);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
  });
});

describe('HubSpot v3 over a URL with a query', () => {
  it('signs the URI with the characters HubSpot decodes (%3A, %2F…) decoded, and others kept', async () => {
    kind = 'sqlite';
    const c = await start();
    const path = '/api/hooks/hubspot?source=crm%3Adeals&x=%2Fa%20b';
    const body = JSON.stringify([dealEvent(9001, 'closedwon', { lb_lead_id: 'lead-lan' })]);
    const timestamp = String(Date.now());
    const signed = `${c.url}/api/hooks/hubspot?source=crm:deals&x=/a%20b`;
    const signature = hubspotV3Signature(env.TEST_HUBSPOT_CLIENT_SECRET, { method: 'POST', url: signed, body, timestamp });
    const headers = { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp };
    const res = await fetch(`${c.url}${path}`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    const undecoded = hubspotV3Signature(env.TEST_HUBSPOT_CLIENT_SECRET, { method: 'POST', url: `${c.url}${path}`, body, timestamp });
    const wrong = await fetch(`${c.url}${path}`, { method: 'POST', headers: { ...headers, 'x-hubspot-signature-v3': undecoded }, body });
    expect(wrong.status).toBe(401);
  });
});

describe('JSON paths', () => {
  it('reads names, indexes and quoted names, and refuses what it cannot read', () => {
    const event = { a: { 'b c': [{ d: 5 }] } };
    expect(readPath(event, parsePath("$.a['b c'][0].d"))).toBe(5);
    expect(readPath(event, parsePath('$.a.x.d'))).toBeUndefined();
    expect(readPath(event, parsePath('$.a[0]'))).toBeUndefined();
    expect(() => parsePath('a.b')).toThrow("JSON path 'a.b' must start with $");
    expect(() => parsePath('$.a[*]')).toThrow("cannot read '[*]'");
  });
});

describe('the hooks config', () => {
  it('names the hook and key at fault, never a secret', () => {
    expect(() => readHooksConfig(configFile, {})).toThrow(HooksConfigError);
    expect(() => readHooksConfig(configFile, {})).toThrow(
      'hooks.hubspot.secret: environment variable TEST_HUBSPOT_CLIENT_SECRET is not set',
    );
  });
});
