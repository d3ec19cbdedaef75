/**
 * The split schemas (a batch's envelope, each event on its own) accept what the whole batch's
 * schema accepts; Segment's times as Segment takes them; the Segment mapping both ways.
 */
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  eventSchema,
  isDateTime,
  isSegmentTime,
  nativeEvent,
  segmentBatchSchema,
  segmentEnvelopeSchema,
  segmentMessageSchema,
  segmentTimeToRfc3339,
  wireEnvelopeSchemaV1,
  wireEventSchemaV1,
  wireSchemaV1,
  type WireEvent,
} from '../src/index';
import { segmentMessage } from '../src/segment-mapping';

const ajv = () => new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } });
type Check = (data: unknown) => boolean;
const compile = (schema: object): Check => ajv().compile(schema);
const touch = {
  source: 'google',
  medium: 'cpc',
  channel: 'Paid Search',
  landingPage: 'https://example.com/?gclid=G',
  ts: '2026-11-23T07:59:00.000Z',
  campaign: 'spring',
  clickIds: { gclid: 'G' },
};
const event = (over: Partial<WireEvent> = {}): WireEvent => ({
  id: 'e1',
  type: 'form_submit',
  name: 'form_submit',
  ts: '2026-11-23T08:00:00.000Z',
  anonymousId: 'a1',
  sessionId: 's1',
  page: { url: 'https://example.com/contact?x=1', path: '/contact', title: 'Contact', referrer: '' },
  attribution: { first: touch, last: touch },
  props: { formId: 'contact', fieldNames: ['email'], via: 'script' },
  ...over,
});
const batch = (events: unknown[]) => ({ v: 1, sentAt: '2026-11-23T08:00:01.000Z', sdk: { name: 'leadbeacon', version: '0.1.0' }, events });

describe('the envelope and event schemas', () => {
  it('together accept exactly what wireSchemaV1 accepts', () => {
    const [whole, envelope, one] = [wireSchemaV1, wireEnvelopeSchemaV1, wireEventSchemaV1].map(compile) as [Check, Check, Check];
    const bodies: unknown[] = [
      batch([event()]),
      batch([event(), event({ props: { formId: 'f', fieldNames: [], via: 'widget' } })]),
      batch([event({ id: 'x'.repeat(65) })]),
      batch([]),
      { ...batch([event()]), v: 2 },
      { events: [event()] },
      batch([42]),
      [],
    ];
    for (const body of bodies) {
      const events = (body as { events?: unknown[] }).events ?? [];
      expect(!!envelope(body) && events.every((e) => one(e)), JSON.stringify(body).slice(0, 80)).toBe(!!whole(body));
    }
  });

  it('eventSchema(n) bounds the ids at n characters (a Segment messageId up to 99)', () => {
    const long = event({ id: 'm'.repeat(80) });
    expect(ajv().compile(eventSchema())(long)).toBe(false);
    expect(ajv().compile(eventSchema(99))(long)).toBe(true);
  });

  it('the Segment envelope and message schemas accept exactly what segmentBatchSchema accepts', () => {
    const [whole, envelope, one] = [segmentBatchSchema, segmentEnvelopeSchema, segmentMessageSchema].map(compile) as [Check, Check, Check];
    const bodies: unknown[] = [
      { batch: [{ type: 'track', userId: 'u', event: 'E' }] },
      { batch: [{ type: 'track', userId: 'u' }] },
      { batch: [{ type: 'page' }] },
      { batch: [] },
      { batch: 'no' },
      { batch: [{ type: 'page', userId: 'u' }], sentAt: 'yesterday' },
    ];
    for (const body of bodies) {
      const messages = (body as { batch: unknown }).batch;
      const split = !!envelope(body) && (messages as unknown[]).every((m) => one(m));
      expect(split, JSON.stringify(body)).toBe(!!whole(body));
    }
  });
});

describe('Segment times', () => {
  it.each([
    ['2026-11-20T10:00:00.123Z', '2026-11-20T10:00:00.123Z'],
    ['2026-11-20T10:00:00', '2026-11-20T10:00:00Z'],
    ['2026-11-20T10:00', '2026-11-20T10:00:00Z'],
    ['2026-11-20T10:00:00+0700', '2026-11-20T10:00:00+07:00'],
    ['2026-11-20T10:00:00+07', '2026-11-20T10:00:00+07:00'],
    ['2026-11-20 10:00:00,5', '2026-11-20T10:00:00.5Z'],
    ['2026-11-20', '2026-11-20T00:00:00Z'],
  ])('reads %s as %s', (given, rfc3339) => {
    expect(segmentTimeToRfc3339(given)).toBe(rfc3339);
    expect(isDateTime(rfc3339)).toBe(true);
  });

  it.each(['2015-2-02T00:30:08.276Z', '2026-02-30T10:00:00Z', 'yesterday', '1732096800', '2026-11-20T25:00:00'])('refuses %s', (given) => {
    expect(isSegmentTime(given)).toBe(false);
  });
});

describe('the Segment mapping, both ways', () => {
  const reading = { receivedAt: new Date('2026-11-23T08:00:02Z') };
  const roundTrip = (e: WireEvent) =>
    nativeEvent(JSON.parse(JSON.stringify(segmentMessage(e, '2026-11-23T08:00:01Z', { name: 'leadbeacon', version: '1' }))), {}, reading);

  it('restores every field of every kind of event', () => {
    const events = [
      event({ value: 200000, currency: 'VND', score: 350, consent: { ads: 'denied' }, userId: 'u-1' }),
      event({ type: 'page_view', name: 'page_view', props: { hash: true }, consent: { ads: 'granted' } }),
      event({ type: 'web_vital', name: 'web_vital', props: { metric: 'LCP', value: 1234.5, rating: 'good' }, score: 0 }),
      event({ type: 'custom', name: 'form_submit', props: {} }),
      event({ type: 'custom', name: 'quote', value: 5, currency: 'USD', props: { size: 'L' } }),
    ];
    for (const e of events) expect(roundTrip(e)).toEqual(e);
  });

  it('identify keeps its traits, session and consent (its touch does not travel: Segment gives identify no properties)', () => {
    const e = event({ type: 'identify', name: 'identify', userId: 'u-1', props: { traits: { plan: 'pro' } }, consent: { ads: 'denied' } });
    const back = roundTrip(e) as WireEvent;
    expect({ ...back, attribution: e.attribution }).toEqual(e);
  });

  it('reads another source: RudderStack’s session id, a campaign touch with the channel asked for, screen ignored, no messageId refused', () => {
    const channelOf = () => 'Paid Search';
    const m = {
      type: 'track' as const,
      messageId: 'm1',
      anonymousId: 'a',
      event: 'Signed Up',
      timestamp: '2026-11-20T10:00:00',
      properties: { value: 9.5, currency: 'usd', score: 'high' },
      context: { sessionId: 1732096800000, campaign: { source: 'google', medium: 'cpc', name: 'spring' } },
    };
    expect(nativeEvent(m, {}, { ...reading, channelOf })).toMatchObject({
      type: 'custom',
      name: 'Signed Up',
      ts: '2026-11-20T10:00:00Z',
      sessionId: '1732096800000',
      value: 9.5,
      currency: 'USD',
      props: { score: 'high' },
      attribution: { last: { source: 'google', medium: 'cpc', campaign: 'spring', channel: 'Paid Search' } },
    });
    expect(nativeEvent({ type: 'screen', anonymousId: 'a', messageId: 's' }, {}, reading)).toBeUndefined();
    expect(nativeEvent({ type: 'page', anonymousId: 'a' }, {}, reading)).toMatch(/needs a messageId/);
  });
});
