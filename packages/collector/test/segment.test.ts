import { validEvent } from '@leadbeacon/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector, segmentBatch, validateSegmentBatch } from '../src/index';
import type { Collector, StoredEvent, WireEvent } from '../src/index';
import { segmentMessage } from '@leadbeacon/wire/segment';
import { googleClick, leadEvent } from './helpers';
import { openTestStore, STORE_KINDS } from './stores';

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(async (c) => (await c.close(), c.store.close())));
});
const LIB = { name: 'leadbeacon', version: '0.1.0' };
const post = (c: Collector, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** One event of every native type, with what each carries. */
function everyType(): WireEvent[] {
  const click = googleClick('2026-11-20T09:00:00Z', { gclid: 'Cj0-abc' });
  return [
    leadEvent({ type: 'page_view', ts: '2026-11-20T09:00:01Z', touch: click, props: {} }),
    leadEvent({
      type: 'form_submit',
      ts: '2026-11-20T09:01:00Z',
      touch: click,
      userId: 'u-1',
      value: 200000,
      currency: 'VND',
      props: { hashedEmail: 'a'.repeat(64) },
    }),
    leadEvent({
      type: 'call_click',
      ts: '2026-11-20T09:02:00Z',
      props: { phone: '+84901234567', href: 'tel:+84901234567' },
      consent: { ads: 'granted' },
    }),
    leadEvent({ type: 'email_click', ts: '2026-11-20T09:03:00Z', props: { email: 'sales@example.com', href: 'mailto:sales@example.com' } }),
    leadEvent({ type: 'chat_start', ts: '2026-11-20T09:04:00Z', props: { provider: 'crisp', via: 'widget' } }),
    validEvent({ type: 'web_vital', ts: '2026-11-20T09:05:00.000Z', props: { metric: 'LCP', value: 1234.5, rating: 'good' } }),
    validEvent({ type: 'identify', ts: '2026-11-20T09:06:00.000Z', userId: 'u-1', props: { traits: { plan: 'pro' } } }),
    validEvent({
      type: 'custom',
      name: 'quote_requested',
      ts: '2026-11-20T09:07:00.000Z',
      value: 5,
      currency: 'USD',
      props: { size: 'L' },
    }),
  ];
}

describe('the Segment batch schema (written from Segment’s HTTP API and common-fields spec)', () => {
  it('accepts the spec’s own shapes: every call type, batch context, writeKey', () => {
    const common = {
      anonymousId: '507f191e810c19729de860ea',
      messageId: '022bb90c-bbac-11e4-8dfc-aa07a5b093db',
      timestamp: '2015-12-10T04:08:31.905Z',
      sentAt: '2015-12-10T04:08:31.581Z',
      version: 2,
    };
    const r = validateSegmentBatch({
      batch: [
        { ...common, type: 'identify', userId: '019mr8mf4r', traits: { email: 'jake@yahoo.com', age: 26 } },
        {
          ...common,
          type: 'track',
          event: 'Song Played',
          properties: { name: 'Fallin for You' },
          context: {
            campaign: { name: 'TPS', source: 'Newsletter', medium: 'email' },
            library: { name: 'analytics.js', version: '2.11.1' },
          },
        },
        { ...common, type: 'page', name: 'Tracking HTTP API', properties: { url: 'https://example.com/' } },
        { ...common, type: 'screen', name: 'Home' },
        { ...common, type: 'group', groupId: '8e9df332ac', traits: { employees: 420 } },
        { type: 'alias', previousId: '39239-239239', userId: '019mr8mf4r', timestamp: '2012-12-02T00:31:29.738Z' },
      ],
      context: { device: { type: 'phone', name: 'Apple iPhone 6' } },
      writeKey: 'YOUR_WRITE_KEY',
    });
    expect(r).toMatchObject({ ok: true });
  });

  it.each<[string, unknown, RegExp]>([
    ['no batch', { events: [] }, /must have required property 'batch'/],
    ['an empty batch', { batch: [] }, /\/batch must NOT have fewer than 1 items/],
    ['no type', { batch: [{ userId: 'u' }] }, /\/batch\/0 must have required property 'type'/],
    ['an unknown type', { batch: [{ type: 'click', userId: 'u' }] }, /\/batch\/0\/type must be one of/],
    ['track without event', { batch: [{ type: 'track', userId: 'u' }] }, /\/batch\/0 must have required property 'event'/],
    ['neither userId nor anonymousId', { batch: [{ type: 'page' }] }, /\/batch\/0 needs a userId or an anonymousId/],
    [
      'a timestamp that is not ISO 8601',
      { batch: [{ type: 'page', userId: 'u', timestamp: '2015-2-02T00:30:08.276Z' }] },
      /\/batch\/0\/timestamp must match format "date-time"/,
    ],
  ])('refuses %s', (_, body, reason) => {
    const r = validateSegmentBatch(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.join('\n')).toMatch(reason);
  });
});

describe.each(STORE_KINDS)('POST /v1/batch (%s store)', (kind) => {
  async function start(options: Parameters<typeof createCollector>[0] = {}) {
    const c = await createCollector({ port: 0, store: await openTestStore(kind), ...options });
    open.push(c);
    return c;
  }
  const stored = async (c: Collector) => c.store.query();

  it('stores the Segment messages of native events as the same native events (the round trip of the mapping)', async () => {
    const c = await start();
    const events = everyType();
    const batch = segmentBatch(events, LIB);
    expect(validateSegmentBatch(batch)).toMatchObject({ ok: true });
    expect(batch.batch.map((m) => [m.type, m.event])).toEqual([
      ['page', undefined],
      ['track', 'form_submit'],
      ['track', 'call_click'],
      ['track', 'email_click'],
      ['track', 'chat_start'],
      ['track', 'web_vital'],
      ['identify', undefined],
      ['track', 'quote_requested'],
    ]);
    const res = await post(c, batch);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, accepted: 8, duplicates: 0, ignored: 0 });
    const got = await stored(c);
    // Segment's identify carries no properties: its touch comes back from context.campaign (Direct here).
    const strip = ({ seq: _s, receivedAt: _r, ...e }: StoredEvent | WireEvent) =>
      e.type === 'identify' ? { ...e, attribution: undefined } : e;
    expect(got.map(strip)).toEqual(events.map(strip));
    expect(got[6]!.attribution.last).toMatchObject({ source: '(direct)', medium: '(none)', channel: 'Direct' });
    const [lead] = (await c.store.leads()).filter((l) => l.type === 'form_submit');
    expect(lead).toMatchObject({
      value: 200000,
      currency: 'VND',
      last: { channel: 'Paid Search' },
      clickIds: [{ name: 'gclid', value: 'Cj0-abc' }],
    });
    // The same batch again (a retry): each messageId once.
    expect(await (await post(c, batch)).json()).toEqual({ success: true, accepted: 0, duplicates: 8, ignored: 0 });
  });

  it('round trip: the tracker’s Segment batch, read back through the admin API, is the native events it came from (ids, sessions, consent, score, values, touches, props, pages)', async () => {
    const c = await start();
    const click = googleClick('2026-11-20T09:00:00Z', { gclid: 'Cj0-rt' });
    const events = [
      leadEvent({
        type: 'page_view',
        ts: '2026-11-20T09:00:01Z',
        touch: click,
        sessionId: 'sess-a',
        props: {},
        consent: { ads: 'denied' },
      }),
      leadEvent({
        type: 'form_submit',
        ts: '2026-11-20T09:01:00Z',
        touch: click,
        sessionId: 'sess-a',
        value: 200000,
        currency: 'VND',
        consent: { ads: 'denied' },
        props: { formId: 'quote', fieldNames: ['email', 'phone'], via: 'native' },
      }),
      leadEvent({
        type: 'call_click',
        ts: '2026-11-20T09:02:00Z',
        sessionId: 'sess-b',
        consent: { ads: 'granted' },
        props: { phone: '+84901234567', href: 'tel:+84901234567' },
      }),
      validEvent({
        type: 'web_vital',
        ts: '2026-11-20T09:05:00.000Z',
        sessionId: 'sess-b',
        props: { metric: 'INP', value: 180, rating: 'good' },
      }),
      validEvent({ type: 'custom', name: 'form_submit', ts: '2026-11-20T09:06:00.000Z', sessionId: 'sess-b', props: { step: 2 } }),
    ];
    events[1]!.score = 350;
    events[2]!.score = 500;
    // The body exactly as the tracker's lazy Segment file builds it (core's transport/segment.ts).
    const sentAt = new Date().toISOString();
    const library = { name: 'leadbeacon', version: '0.2.0' };
    const body = { batch: events.map((e) => segmentMessage(e, sentAt, library)), sentAt, context: { library } };
    const res = await post(c, body);
    expect(await res.json()).toEqual({ success: true, accepted: 5, duplicates: 0, ignored: 0 });
    const read = (await (await fetch(`${c.url}/events`)).json()) as { events: StoredEvent[] };
    const back = read.events.map(({ seq: _s, receivedAt: _r, ...e }) => e);
    expect(back).toEqual(JSON.parse(JSON.stringify(events)));
    const leads = await c.store.leads();
    expect(leads.map((l) => [l.type, l.adsConsent])).toEqual([
      ['form_submit', 'denied'],
      ['call_click', 'granted'],
    ]);
  });

  it('maps a third-party Segment source: campaign to a touch with its GA4 channel, page properties, traits; skips screen/group/alias', async () => {
    const c = await start();
    const base = {
      anonymousId: 'anon-77',
      timestamp: '2026-11-20T10:00:00.000Z',
      context: {
        campaign: { source: 'google', medium: 'cpc', name: 'spring' },
        page: { url: 'https://shop.example/p?x=1', title: 'P', referrer: '' },
      },
    };
    const res = await post(c, {
      batch: [
        { ...base, type: 'track', messageId: 'm-1', event: 'Signed Up', properties: { plan: 'pro', value: 9.5, currency: 'usd' } },
        {
          ...base,
          type: 'page',
          messageId: 'm-2',
          name: 'Pricing',
          properties: { url: 'https://shop.example/pricing', path: '/pricing', title: 'Pricing', referrer: 'https://www.google.com/' },
        },
        { ...base, type: 'identify', messageId: 'm-3', userId: 'crm-9', traits: { plan: 'pro' } },
        { ...base, type: 'screen', messageId: 'm-4', name: 'Home' },
      ],
    });
    expect(await res.json()).toEqual({ success: true, accepted: 3, duplicates: 0, ignored: 1 });
    const [track, page, identify] = await stored(c);
    expect(track).toMatchObject({
      id: 'm-1',
      type: 'custom',
      name: 'Signed Up',
      value: 9.5,
      currency: 'USD',
      props: { plan: 'pro' },
      sessionId: 'day:2026-11-20:anon-77',
    });
    expect(track!.attribution.last).toMatchObject({
      source: 'google',
      medium: 'cpc',
      campaign: 'spring',
      channel: 'Paid Search',
      landingPage: 'https://shop.example/p?x=1',
    });
    expect(page).toMatchObject({
      type: 'page_view',
      page: { url: 'https://shop.example/pricing', path: '/pricing', title: 'Pricing', referrer: 'https://www.google.com/' },
      props: {},
    });
    expect(identify).toMatchObject({ type: 'identify', userId: 'crm-9', props: { traits: { plan: 'pro' } } });
  });

  it('rejects a message that is not a valid leadbeacon event on its own (200, named in rejected), and stores the others', async () => {
    const c = await start();
    const res = await post(c, {
      batch: [
        { type: 'page', anonymousId: 'a', messageId: 'p' },
        { type: 'track', anonymousId: 'a', messageId: 'f', event: 'form_submit', properties: { formId: 'f' } },
        { type: 'track', anonymousId: 'a', event: 'form_submit', properties: { formId: 'f' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      success: true,
      accepted: 1,
      duplicates: 0,
      ignored: 0,
      rejected: [
        { id: 'f', reason: expect.stringContaining("as a leadbeacon event: /props must have required property 'fieldNames'") },
        { id: 'batch/2', reason: expect.stringContaining("/props must have required property 'fieldNames'") },
      ],
    });
    expect((await c.store.query()).map((e) => e.id)).toEqual(['p']);
  });

  it('answers 400 as Segment does for a body that is no batch, with success: false', async () => {
    const c = await start();
    const res = await post(c, { events: [] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      success: false,
      error: 'malformed Segment batch',
      reasons: ["/ must have required property 'batch'"],
    });
  });

  it('checks the write key in the body or as Basic auth, as Segment’s API takes it', async () => {
    const c = await start({ writeKeys: ['wk-segment-0123'] });
    const batch = segmentBatch([validEvent()], LIB);
    expect((await post(c, batch)).status).toBe(401);
    expect((await post(c, { ...batch, writeKey: 'wk-segment-0123' })).status).toBe(200);
    const basic = `Basic ${Buffer.from('wk-segment-0123:').toString('base64')}`;
    expect((await post(c, segmentBatch([validEvent()], LIB), { authorization: basic })).status).toBe(200);
    expect(await c.store.count()).toBe(2);
  });
});
