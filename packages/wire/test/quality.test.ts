import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  isDateTime,
  qualitySchema,
  wireEventSchemaV1,
  wireEventSchemaV2,
  wireSchemaV1,
  wireSchemaV2,
  type WireEventV2,
} from '../src/index';

const facts = { landingPage: 'https://example.com/', ts: '2026-11-23T08:00:00.000Z' };
const lead = (over: Record<string, unknown> = {}) => ({
  v: 2,
  id: 'e1',
  type: 'form_submit',
  name: 'form_submit',
  ts: '2026-11-23T08:00:00.000Z',
  anonymousId: 'a1',
  sessionId: 's1',
  page: { url: 'https://example.com/', path: '/', title: 'Home', referrer: '' },
  attribution: { first: facts, last: facts },
  props: { formId: 'contact', fieldNames: ['email'], via: 'script' },
  ...over,
});
const batch = (v: 1 | 2, events: unknown[]) => ({
  v,
  sentAt: '2026-11-23T08:00:01.000Z',
  sdk: { name: 'leadbeacon', version: '0.3.0' },
  events,
});
const ajv = () => new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } });

describe('quality: how a lead was made (version 2)', () => {
  const full = { honeypot: false, formMs: 8200, pageMs: 31000, trustedInput: true, trustedEvent: true, automation: false, repeat: 0 };

  it('a version-2 event carries every documented signal; each is optional', () => {
    const validate = ajv().compile(wireEventSchemaV2);
    const typed: WireEventV2['quality'] = full;
    expect(validate(lead({ quality: typed }))).toBe(true);
    expect(validate(lead({ quality: {} }))).toBe(true);
    expect(validate(lead())).toBe(true);
    expect(validate(lead({ quality: { ...full, newSignal: 1 } }))).toBe(true); // open, like every object
  });

  it('refuses anything but booleans and non-negative numbers: no typed value can ride along', () => {
    const validate = ajv().compile(wireEventSchemaV2);
    for (const bad of [
      { honeypot: 'my@mail.example' },
      { formMs: '1200' },
      { formMs: -1 },
      { pageMs: -5 },
      { trustedInput: 1 },
      { trustedEvent: 'yes' },
      { automation: null },
      { repeat: 1.5 },
      { repeat: -1 },
    ])
      expect(validate(lead({ quality: bad })), JSON.stringify(bad)).toBe(false);
    expect(validate(lead({ quality: 'spam' }))).toBe(false);
  });

  it('the batch schema checks it on version-2 events; version 1 keeps accepting whatever it carried', () => {
    const v2 = ajv().compile(wireSchemaV2);
    expect(v2(batch(2, [lead({ quality: full })]))).toBe(true);
    expect(v2(batch(2, [lead({ quality: { formMs: 'fast' } })]))).toBe(false);
    const touch = { ...facts, source: '(direct)', medium: '(none)', channel: 'Direct' };
    const { v: _v, ...v1Event } = lead({ attribution: { first: touch, last: touch }, quality: { formMs: 'fast' } });
    expect(ajv().compile(wireEventSchemaV1)(v1Event)).toBe(true);
    expect(ajv().compile(wireSchemaV1)(batch(1, [v1Event]))).toBe(true);
    expect(v2(batch(2, [v1Event]))).toBe(true); // a version-1 event an older script queued
  });

  it('the schema names exactly the fields of the interface', () => {
    expect(Object.keys(qualitySchema.properties).sort()).toEqual(Object.keys(full).sort());
  });
});
