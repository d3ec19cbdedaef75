import { validBatch, validEvent } from '@leadbeacon/test-utils';
import type { EventType, WireEvent } from '../src/index';
import { describe, expect, it } from 'vitest';
import { validateBatch } from '../src/index';
import Ajv from 'ajv';
import { EVENT_TYPES, isDateTime, MAX_BATCH_EVENTS, wireSchemaV1 } from '@leadbeacon/wire';

const reasonsFor = (body: unknown): string[] => {
  const r = validateBatch(body);
  if (r.ok) throw new Error('expected the batch to be rejected');
  return r.errors;
};

describe('validateBatch', () => {
  it.each<EventType>(['page_view', 'form_submit', 'call_click', 'email_click', 'chat_start', 'web_vital', 'identify', 'custom'])(
    'accepts a valid %s event',
    (type) => {
      const r = validateBatch(validBatch([validEvent({ type })]));
      expect(r).toEqual({ ok: true, batch: expect.any(Object) });
    },
  );

  it('accepts every optional field and unknown extra fields (forward compatible)', () => {
    const e = validEvent({
      userId: 'u1',
      value: 120,
      currency: 'EUR',
      score: 0.7,
      futureField: { nested: true },
      props: { anything: 1 },
      attribution: {
        first: {
          source: 'google',
          medium: 'cpc',
          channel: 'Paid Search',
          landingPage: 'https://example.com/?gclid=abc',
          ts: '2026-11-23T08:00:00+07:00',
          campaign: 'spring',
          term: 'plumber',
          content: 'ad1',
          referrer: 'https://www.google.com/',
          id: 'cmp-1',
          clickIds: { gclid: 'abc' },
          newTouchField: 1,
        },
        last: { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage: 'https://example.com/', ts: '2026-11-23T01:00:00Z' },
      },
    });
    expect(validateBatch(validBatch([e], { dropped: 3, extra: 'x' })).ok).toBe(true);
  });

  it('rejects a wrong version and says where', () => {
    expect(reasonsFor({ ...validBatch(), v: 3 })).toContain('/v must be 1');
  });

  it('rejects a form_submit without fieldNames', () => {
    const e = validEvent({ type: 'form_submit', props: { formId: 'f', via: 'native' } });
    expect(reasonsFor(validBatch([e]))).toEqual(["/events/0/props must have required property 'fieldNames'"]);
  });

  it('rejects name != type unless the type is custom', () => {
    expect(reasonsFor(validBatch([validEvent({ type: 'call_click', name: 'phone' })]))).toEqual(['/events/0/name must be "call_click"']);
    expect(validateBatch(validBatch([validEvent({ type: 'custom', name: 'quote_requested' })])).ok).toBe(true);
  });

  it.each<[string, Partial<WireEvent>, string]>([
    ['chat via', { type: 'chat_start', props: { provider: 'crisp', via: 'copy' } }, '/events/0/props/via must be one of "widget", "link"'],
    [
      'web vital metric',
      { type: 'web_vital', props: { metric: 'FID', value: 1, rating: 'good' } },
      '/events/0/props/metric must be one of',
    ],
    ['form via', { type: 'form_submit', props: { formId: 'f', fieldNames: [], via: 'ajax' } }, '/events/0/props/via must be one of'],
    [
      'field names',
      { type: 'form_submit', props: { formId: 'f', fieldNames: [1], via: 'script' } },
      '/events/0/props/fieldNames/0 must be string',
    ],
    ['call href', { type: 'call_click', props: { phone: '+1' } }, "must have required property 'href'"],
    ['currency', { currency: 'eur' }, '/events/0/currency must match pattern'],
    ['ts', { ts: '2026-02-30T10:00:00Z' }, '/events/0/ts must match format "date-time"'],
    ['id length', { id: 'x'.repeat(65) }, '/events/0/id must NOT have more than 64 characters'],
    ['empty id', { id: '' }, '/events/0/id must NOT have fewer than 1 characters'],
    ['type', { type: 'purchase' as EventType }, '/events/0/type must be one of'],
    [
      'url length',
      { page: { url: 'https://e.com/' + 'a'.repeat(4096), path: '/', title: '', referrer: '' } },
      '/events/0/page/url must NOT have more than 4096',
    ],
  ])('rejects a bad %s', (_, overrides, reason) => {
    expect(reasonsFor(validBatch([validEvent(overrides)])).join('\n')).toContain(reason);
  });

  it('checks the envelope', () => {
    expect(reasonsFor({ ...validBatch(), events: [] })).toEqual(['/events must NOT have fewer than 1 items']);
    expect(reasonsFor(validBatch(Array.from({ length: 501 }, () => validEvent())))).toEqual(['/events must NOT have more than 500 items']);
    expect(reasonsFor({ ...validBatch(), dropped: -1 })).toEqual(['/dropped must be >= 0']);
    expect(reasonsFor({ ...validBatch(), sentAt: 'yesterday' })).toEqual(['/sentAt must match format "date-time"']);
    expect(reasonsFor([])).toEqual(['/ must be object']);
  });

  it('caps the reasons it returns', () => {
    const events = Array.from({ length: 100 }, () => validEvent({ type: 'call_click', props: {} }));
    const reasons = reasonsFor(validBatch(events));
    expect(reasons).toHaveLength(21);
    expect(reasons.at(-1)).toMatch(/^… and \d+ more$/);
  });
});

describe("the wire format is @leadbeacon/wire's", () => {
  // The tracker's tests hold its batches to the same schema: what one sends, the other takes.
  const wire = new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile(wireSchemaV1);
  const samples: [string, unknown][] = [
    ...EVENT_TYPES.map((type): [string, unknown] => [`a ${type}`, validBatch([validEvent({ type })])]),
    ['consent ads granted', validBatch([validEvent({ consent: { ads: 'granted' } })])],
    // What a newer or a broken client may send:
    ['consent ads unknown', validBatch([validEvent({ consent: { ads: 'maybe' as 'granted' } })])],
    ['a write key', { ...validBatch([validEvent()]), writeKey: 'wk_public_1' }],
    ['an empty write key', { ...validBatch([validEvent()]), writeKey: '' }],
    [`${MAX_BATCH_EVENTS} events`, validBatch(Array.from({ length: MAX_BATCH_EVENTS }, () => validEvent()))],
    [`${MAX_BATCH_EVENTS + 1} events`, validBatch(Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => validEvent()))],
    ['no events', validBatch([])],
    ['a form_submit without via', validBatch([validEvent({ type: 'form_submit', props: { formId: 'f', fieldNames: [] } })])],
    ['dropped -1', { ...validBatch([validEvent()]), dropped: -1 }],
  ];

  it.each(samples)('%s: the collector decides as the shared schema does', (_name, body) => {
    expect(validateBatch(body).ok).toBe(wire(body));
  });

  it('the samples include refusals', () => {
    expect(samples.filter(([, body]) => !wire(body)).length).toBeGreaterThanOrEqual(5);
  });
});

describe('isDateTime', () => {
  it.each(['2026-11-23T08:00:01.123Z', '2026-11-23T08:00:01+07:00', '2028-02-29T00:00:00Z'])('accepts %s', (s) => {
    expect(isDateTime(s)).toBe(true);
  });
  it.each([
    '2026-11-23',
    '2026-11-23T08:00:01',
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:59:60Z',
  ])('rejects %s', (s) => {
    expect(isDateTime(s)).toBe(false);
  });
});
