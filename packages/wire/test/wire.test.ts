import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  CLICK_IDS,
  CONSENT_STATES,
  EVENT_TYPES,
  isClickId,
  isDateTime,
  isEventType,
  LEAD_TYPES,
  MAX_BATCH_EVENTS,
  REQUIRED_PROPS,
  trafficSource,
  WIRE_VERSION,
  wireSchemaV1,
  wireSchemaV2,
  type Batch,
} from '../src/index';

const event = (over: Record<string, unknown> = {}) => ({
  id: 'e1',
  type: 'form_submit',
  name: 'form_submit',
  ts: '2026-11-23T08:00:00.000Z',
  anonymousId: 'a1',
  sessionId: 's1',
  page: { url: 'https://example.com/', path: '/', title: 'Home', referrer: '' },
  attribution: {
    first: { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: 'https://example.com/', ts: '2026-11-23T08:00:00.000Z' },
    last: { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: 'https://example.com/', ts: '2026-11-23T08:00:00.000Z' },
  },
  props: { formId: 'contact', fieldNames: ['email'], via: 'script' },
  ...over,
});
const batch = (events: unknown[]): Batch =>
  ({ v: 1, sentAt: '2026-11-23T08:00:01.000Z', sdk: { name: 'leadbeacon', version: '0.1.0' }, events }) as Batch;

describe('@leadbeacon/wire', () => {
  it('checks the consent an event was recorded under and the write key', () => {
    const validate = new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile(wireSchemaV1);
    for (const ads of CONSENT_STATES) expect(validate(batch([event({ consent: { ads } })]))).toBe(true);
    expect(validate(batch([event({ consent: { ads: 'yes' } })]))).toBe(false);
    expect(validate(batch([event({ consent: {} })]))).toBe(false);
    expect(validate({ ...batch([event()]), writeKey: 'wk_public_123' })).toBe(true);
    expect(validate({ ...batch([event()]), writeKey: '' })).toBe(false);
    expect(validate({ ...batch([event()]), writeKey: 42 })).toBe(false);
  });

  it('validates with Ajv: a good batch passes; a wrong type, missing props, 501 events fail', () => {
    const validate = new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile(wireSchemaV1);
    expect(validate(batch([event()]))).toBe(true);
    expect(validate(batch([event({ type: 'lead' })]))).toBe(false);
    expect(validate(batch([event({ props: { formId: 'x' } })]))).toBe(false);
    expect(validate(batch([event({ type: 'custom', name: 'quote', props: {} })]))).toBe(true);
    expect(validate(batch(Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => event({ id: 'e' + i }))))).toBe(false);
  });

  it("lists every type once, in the contract's order; every lead type names its required props", () => {
    expect(EVENT_TYPES).toEqual([
      'page_view',
      'form_submit',
      'call_click',
      'email_click',
      'chat_start',
      'call',
      'web_vital',
      'identify',
      'custom',
    ]);
    for (const t of LEAD_TYPES) expect(REQUIRED_PROPS[t]).toBeDefined();
    expect([isEventType('custom'), isEventType('lead'), isEventType(undefined)]).toEqual([true, false, false]);
  });

  it('click ids by their own names; nothing inherited counts', () => {
    expect(CLICK_IDS.gclid).toBe(90);
    expect([isClickId('fbclid'), isClickId('constructor'), isClickId('GCLID')]).toEqual([true, false, false]);
  });

  it('date-time is RFC 3339, checked field by field', () => {
    expect(isDateTime('2026-11-23T08:00:00.000Z')).toBe(true);
    expect(isDateTime('2026-11-23T08:00:00+07:00')).toBe(true);
    expect(isDateTime('2026-02-31T08:00:00Z')).toBe(false);
    expect(isDateTime('23/11/2026')).toBe(false);
  });

  it('version 2: facts in the touches, each event marked v: 2; a batch may still carry version-1 events an older script queued', () => {
    const validate = new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile(wireSchemaV2);
    const facts = { landingPage: 'https://example.com/?utm_source=news', ts: '2026-11-23T08:00:00.000Z', utm: { source: 'news' } };
    const v2 = (over: Record<string, unknown> = {}) => event({ v: 2, attribution: { first: facts, last: facts }, ...over });
    const batchV2 = (events: unknown[]) => ({ ...batch(events), v: 2 });
    expect(WIRE_VERSION).toBe(2);
    expect(validate(batchV2([v2(), event()]))).toBe(true);
    const call = { type: 'call_click', name: 'call_click', props: { phone: '0901 234 567', country: 'VN', href: 'tel:0901234567' } };
    expect(validate(batchV2([v2(call)]))).toBe(true);
    expect(validate(batchV2([v2({ attribution: { first: { ts: facts.ts }, last: facts } })]))).toBe(false); // no landingPage
    expect(validate(batchV2([v2({ attribution: { first: { ...facts, clickIdsSeen: { gclid: 'yesterday' } }, last: facts } })]))).toBe(
      false,
    );
    expect(validate(batchV2([event({ v: 3 })]))).toBe(false);
    expect(validate(batch([v2()]))).toBe(false); // a version-1 batch holds no version-2 event
  });

  it("trafficSource: UTM tags, then Google's click ids, then the referrer (search engines, AI assistants, referrals), else direct", () => {
    const at = { landingPage: 'https://shop.example/', ts: '2026-11-23T08:00:00.000Z' };
    expect(trafficSource({ ...at, utm: { campaign: 'nov', term: 'ac' }, clickIds: { gclid: 'G' } })).toEqual({
      source: '(not set)',
      medium: '(not set)',
      campaign: 'nov',
      term: 'ac',
    });
    expect(trafficSource({ ...at, clickIds: { gbraid: 'G' }, referrer: 'https://www.bing.com/' })).toEqual({
      source: 'google',
      medium: 'cpc',
    });
    expect(trafficSource({ ...at, referrer: 'https://www.google.co.uk/' })).toEqual({ source: 'google', medium: 'organic' });
    expect(trafficSource({ ...at, referrer: 'https://claude.ai/chat/1' })).toEqual({
      source: 'claude.ai',
      medium: 'ai-assistant',
      campaign: '(ai-assistant)',
    });
    expect(trafficSource({ ...at, referrer: 'https://mail.google.com/' })).toEqual({ source: 'mail.google.com', medium: 'referral' });
    expect(trafficSource({ ...at, clickIds: { fbclid: 'F' } })).toEqual({ source: '(direct)', medium: '(none)' });
  });
});
