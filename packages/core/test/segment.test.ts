/**
 * `format: "segment"`: batches in the Segment HTTP API's format to `<endpoint>/v1/batch`, checked
 * against the Segment batch's JSON Schema (@leadbeacon/wire, written from Segment's spec).
 */
import Ajv from 'ajv';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isDateTime, segmentBatchSchema } from '@leadbeacon/wire';
import { destroyAll, harness, installBlobText, setVisibility } from './harness';

const validate = new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } }).compile(segmentBatchSchema);

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const messages = (h: ReturnType<typeof harness>): Msg[] => h.sent.flatMap((s) => (s.body as unknown as { batch: Msg[] }).batch);

let restoreBlob: () => void;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  restoreBlob = installBlobText();
  history.replaceState(null, '', '/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=nov&gclid=G-1');
  document.title = 'Pricing';
});
afterEach(() => {
  destroyAll();
  restoreBlob();
  vi.useRealTimers();
});

describe('format: "segment"', () => {
  it('sends track, page and identify messages to <endpoint>/v1/batch, valid under the Segment batch schema', async () => {
    const h = harness({ config: { endpoint: 'https://rudder.example.com/', format: 'segment', writeKey: 'wk_segment', currency: 'USD' } });
    h.tracker.identify('user-42', { plan: 'pro' });
    h.tracker.track('form_submit', { formId: 'quote', fieldNames: ['email'], via: 'script', value: 120 });
    await h.tracker.flush();
    expect(h.fetchMock.mock.calls.map((c) => c[0])).toEqual(['https://rudder.example.com/v1/batch']);
    const body = h.sent[0]!.body as unknown as Msg;
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body.writeKey).toBe('wk_segment');
    expect(h.sent[0]!.contentType).toBe('text/plain;charset=UTF-8');
    const [page, identify, track] = messages(h);
    expect(page).toMatchObject({
      type: 'page',
      name: 'Pricing',
      properties: { path: '/pricing', title: 'Pricing', search: expect.stringContaining('utm_source=newsletter') },
    });
    expect(identify).toMatchObject({ type: 'identify', userId: 'user-42', traits: { plan: 'pro' } });
    expect(track).toMatchObject({
      type: 'track',
      event: 'form_submit',
      userId: 'user-42',
      anonymousId: page!.anonymousId,
      timestamp: '2026-11-23T08:00:00.000Z',
      sentAt: body.sentAt,
      properties: { formId: 'quote', fieldNames: ['email'], via: 'script', value: 120, currency: 'USD', score: 120 },
      context: {
        page: { path: '/pricing', title: 'Pricing' },
        campaign: { name: 'nov', source: 'newsletter', medium: 'email' },
        library: { name: 'leadbeacon', version: '0.0.0-test' },
        leadbeacon: { type: 'form_submit', sessionId: page!.context.leadbeacon.sessionId, consent: { ads: 'granted' } },
      },
    });
    // Wire format version 2's facts, for the receiver to interpret (the collector does; `channel: true` below does it here).
    expect(track!.properties.attribution.last).toMatchObject({
      utm: { source: 'newsletter', campaign: 'nov' },
      clickIds: { gclid: 'G-1' },
    });
    expect(track!.context.leadbeacon.v).toBe(2);
    // messageId is the event id: one per event, unchanged across retries.
    expect(new Set(messages(h).map((m) => m.messageId)).size).toBe(3);
  });

  it('with channel: true, each message carries the source, medium and channel named in the browser', async () => {
    const h = harness({ config: { endpoint: 'https://rudder.example.com/', format: 'segment', channel: true } });
    h.tracker.track('form_submit', { formId: 'quote', fieldNames: ['email'], via: 'script' });
    await h.tracker.flush();
    const track = messages(h).find((m) => m.event === 'form_submit')!;
    expect(validate(h.sent[0]!.body)).toBe(true);
    expect(track.properties.attribution.last).toMatchObject({ source: 'newsletter', channel: 'Email', clickIds: { gclid: 'G-1' } });
    expect(track.context.campaign).toEqual({ name: 'nov', source: 'newsletter', medium: 'email' });
  });

  it('keeps its event ids across a retry, goes by beacon when the page is hidden, and strips ad ids without ads consent', async () => {
    const h = harness({
      config: { endpoint: 'https://api.segment.io', format: 'segment', writeKey: 'wk', consent: { analytics: 'granted', ads: 'denied' } },
    });
    h.setResponder(() => 503);
    h.tracker.track('call_click', { phone: '+15555550100', href: 'tel:+15555550100' });
    await h.tracker.flush();
    h.setResponder(() => 200);
    setVisibility('hidden');
    setVisibility('visible');
    const calls = messages(h).filter((m) => m.event === 'call_click');
    expect(h.sent.map((s) => s.via)).toEqual(['fetch', 'beacon']);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.messageId).toBe(calls[1]!.messageId);
    expect(h.beaconMock.mock.calls[0]![0]).toBe('https://api.segment.io/v1/batch');
    for (const s of h.sent) expect(validate(s.body)).toBe(true);
    expect(JSON.stringify(h.sent.map((s) => s.body))).not.toMatch(/G-1|gclid/);
    expect(calls[0]!.context.leadbeacon.consent).toEqual({ ads: 'denied' });
  });

  it('refuses an unknown format with a warning and sends the wire format', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = harness({ config: { format: 'mixpanel' as never } });
    await h.tracker.flush();
    expect(warn.mock.calls[0]![0]).toContain('"format" must be "native" or "segment"');
    expect(h.sent[0]!.body.v).toBe(2);
  });
});
