/**
 * Issue 19, "A bad event never costs a good one": what the tracker records fits the wire format
 * (fixed, or dropped alone); a collector's per-event refusals are acknowledged; and an older
 * collector that refuses a whole batch for one bad event gets the batch in halves until that
 * event is alone. The fake collector here decides as the real one does (`validateBatch`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateBatch } from '@leadbeacon/collector';
import { CHAT_VIA, FORM_VIA, type WireEvent as WireEventV1 } from '@leadbeacon/wire';
import { ADOPT_GRACE_MS } from '../src/queue/delivery';
import type { Detector, WireEvent } from '../src/types';
import { destroyAll, harness, memoryStorage, tick, type Responder } from './harness';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  history.replaceState(null, '', '/');
});
afterEach(() => {
  destroyAll();
  vi.useRealTimers();
});

/** A collector before per-event answers: a batch with one event the schema refuses is refused whole (400). */
const olderCollector: Responder = (batch) => (validateBatch(batch).ok ? 200 : 400);

type Harness = ReturnType<typeof harness>;
/** Events in the requests the collector stored (answered 2xx). */
const stored = (h: Harness): WireEvent[] => h.sent.filter((s) => s.status! < 300).flatMap((s) => s.body.events);
const warnings = (warn: { mock: { calls: unknown[][] } }) => warn.mock.calls.map((c) => String(c[0]).replace('[leadbeacon] ', ''));

describe('what the tracker records fits the wire format', () => {
  it('fixes a lead, a currency and a name the collector would refuse, with a warning naming the event and the fix', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = harness({ respond: olderCollector });
    h.tracker.track('form_submit', { formId: 'contact', fieldNames: ['email'], via: 'widget' });
    h.tracker.track('chat_start', { provider: 'zalo', via: 'native' });
    h.tracker.track('quote', { value: 120, currency: 'usd' });
    h.tracker.track('donation', { value: 5, currency: 'dollars' });
    h.tracker.track('x'.repeat(300));
    await h.tracker.flush();
    const events = stored(h);
    expect(events.map((e) => e.type)).toEqual(['page_view', 'form_submit', 'chat_start', 'custom', 'custom', 'custom']);
    expect(events[1]!.props.via).toBe('script');
    expect(events[2]!.props.via).toBe('link');
    expect(events[3]).toMatchObject({ value: 120, currency: 'USD' });
    expect(events[4]!.value).toBe(5);
    expect('currency' in events[4]!).toBe(false);
    expect(events[5]!.name).toBe('x'.repeat(200));
    expect(h.sent.every((s) => s.status === 200)).toBe(true);
    expect(warnings(warn)).toEqual([
      'event "form_submit": props.via "widget" is not allowed; sent as "script"',
      'event "chat_start": props.via "native" is not allowed; sent as "link"',
      'event "quote": currency "usd" is not allowed; sent as "USD"',
      'event "donation": currency "dollars" is not allowed; sent without it',
      `event "${'x'.repeat(60)}": name is over 200 characters; sent cut`,
    ]);
  });

  it('track(): a `via` @leadbeacon/wire allows (FORM_VIA, CHAT_VIA) is sent as it is; any other is fixed with a warning, never sent to be refused', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = harness({ respond: olderCollector });
    let n = 0; // each a lead of its own (the same lead twice in a moment is one)
    const form = (via?: string) => h.tracker.track('form_submit', { formId: 'f' + n++, fieldNames: [], ...(via ? { via } : {}) });
    const chat = (via: string) => h.tracker.track('chat_start', { provider: 'p' + n++, via });
    for (const via of FORM_VIA) form(via);
    for (const via of CHAT_VIA) chat(via);
    form(CHAT_VIA[0]);
    chat(FORM_VIA[0]);
    form();
    await h.tracker.flush();
    const leads = stored(h).filter((e) => e.type !== 'page_view');
    expect(leads.map((e) => e.props.via)).toEqual([...FORM_VIA, ...CHAT_VIA, 'script', 'link', 'script']);
    expect(h.sent.every((s) => s.status === 200 && validateBatch(s.body).ok)).toBe(true);
    expect(warnings(warn)).toEqual([
      `event "form_submit": props.via "${CHAT_VIA[0]}" is not allowed; sent as "script"`,
      `event "chat_start": props.via "${FORM_VIA[0]}" is not allowed; sent as "link"`,
      'event "form_submit": props.via is missing; sent as "script"',
    ]);
  });

  it('drops only the event it cannot fix (a web vital with a metric the wire format does not know)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const vitals: Detector = {
      name: 'vitals',
      setup(ctx) {
        ctx.emit({ type: 'web_vital', props: { metric: 'FID', value: 12, rating: 'good' } });
        ctx.emit({ type: 'web_vital', props: { metric: 'LCP', value: 1800, rating: 'good' } });
        ctx.emit({ type: 'web_vital', props: { metric: 'CLS', rating: 'good' } });
      },
    };
    const h = harness({ respond: olderCollector, config: { detectors: [vitals] } });
    await tick(); // the detectors start a task later
    await h.tracker.flush();
    expect(stored(h).map((e) => e.props.metric || e.type)).toEqual(['page_view', 'LCP']);
    expect(warnings(warn)).toEqual([
      'event "web_vital": props.metric "FID" is not allowed; not recorded',
      'event "web_vital": props.value is missing; not recorded',
    ]);
  });
});

describe("a collector's per-event answer", () => {
  it('acknowledges the whole batch when the collector refused some of its events, and warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = harness();
    h.tracker.track('quote');
    h.tracker.track('callback');
    h.setResponder((batch) => ({
      status: 200,
      body: JSON.stringify({ accepted: 2, duplicates: 0, rejected: [{ id: batch.events[1]!.id, reason: '/props/plan must be string' }] }),
    }));
    await h.tracker.flush();
    await tick(600_000);
    expect(h.sent).toHaveLength(1); // not resent: the collector would refuse it again
    expect(h.queued()).toEqual([]);
    expect(warnings(warn)).toEqual(['collector refused 1 of 3 event(s), e.g. "quote": /props/plan must be string']);
    // An answer that is no JSON, or names no refusal, is an ordinary 200; a strange list is still acknowledged.
    for (const body of ['OK', 'null', '{"accepted":1,"duplicates":0,"rejected":[]}', '{"rejected":[null]}']) {
      h.setResponder(() => ({ status: 200, body }));
      h.tracker.track('more');
      await h.tracker.flush();
    }
    await tick(600_000);
    expect(h.sent).toHaveLength(5);
    expect(h.queued()).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe('an older collector refuses a whole batch for one bad event', () => {
  const touch = {
    source: '(direct)',
    medium: '(none)',
    channel: 'Direct',
    landingPage: 'https://site.test/',
    ts: '2026-11-23T07:00:00.000Z',
  };
  /** An event an earlier version of the tracker (wire format version 1) queued: page views, with leads among them. */
  const earlier = (i: number): WireEventV1 => ({
    id: 'earlier-' + i,
    ...(i % 5
      ? { type: 'page_view', name: 'page_view', props: {} }
      : { type: 'call_click', name: 'call_click', props: { phone: '+1555' + i, href: 'tel:+1555' + i } }),
    ts: new Date(Date.parse('2026-11-23T07:00:00Z') + i * 1000).toISOString(),
    anonymousId: 'visitor',
    sessionId: 'session',
    page: { url: 'https://site.test/p' + i, path: '/p' + i, title: 'Page ' + i, referrer: '' },
    attribution: { first: touch, last: touch },
    consent: { ads: 'granted' },
  });
  /** What versions before this fix let through: a form sent "via" a chat widget. */
  const bad = (i: number): WireEventV1 => ({
    ...earlier(i),
    type: 'form_submit',
    name: 'form_submit',
    props: { formId: 'f' + i, fieldNames: [], via: 'widget' },
  });

  /** A tracker on a page whose storage holds `events`, left queued by a tab closed a minute ago (sent by this one). */
  async function resend(events: WireEventV1[], respond: Responder) {
    const storage = memoryStorage();
    const q = events.map((e) => ({ e, b: JSON.stringify(e).length }));
    storage.setItem('lb_q:closed-tab', JSON.stringify({ q, d: 0, t: Date.now() - 60_000 }));
    const h = harness({ storage, respond });
    await tick(ADOPT_GRACE_MS + 10);
    await h.tracker.flush();
    return h;
  }
  const requestsWith = (h: Harness, ids: string[]) => h.sent.filter((s) => s.body.events.some((e) => ids.includes(e.id)));
  const log2 = (n: number) => Math.ceil(Math.log2(n));

  it.each([
    [50, [17]],
    [50, [0, 49]],
    [500, [250]],
  ])(
    'a batch of %i with bad events at %j: every good event is stored, ids unchanged, in at most 1 + 2·log2(n)·k requests',
    async (n, at) => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const events = Array.from({ length: n }, (_, i) => (at.includes(i) ? bad(i) : earlier(i)));
      const ids = events.map((e) => e.id);
      const good = ids.filter((_, i) => !at.includes(i));
      const h = await resend(events, olderCollector);
      const storedIds = stored(h).map((e) => e.id);
      expect(storedIds.filter((id) => ids.includes(id)).sort()).toEqual(good.sort());
      const requests = requestsWith(h, ids).length;
      expect(requests).toBeLessThanOrEqual(1 + 2 * log2(n) * at.length);
      expect(h.queued()).toEqual([]);
      expect(warnings(warn)).toEqual(at.map(() => 'collector refused event "form_submit" with HTTP 400; dropped'));
      await tick(600_000);
      expect(requestsWith(h, ids)).toHaveLength(requests); // nothing more
    },
  );

  it('a collector that refuses everything: each event is dropped once it is alone, and the traffic ends', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const events = Array.from({ length: 20 }, (_, i) => earlier(i));
    const h = await resend(events, () => 400);
    const ids = events.map((e) => e.id);
    const requests = requestsWith(h, ids).length;
    expect(requests).toBeLessThanOrEqual(2 * 20 - 1);
    expect(h.queued()).toEqual([]);
    expect(warnings(warn).filter((w) => /HTTP 400; dropped/.test(w))).toHaveLength(21); // the 20 and this page's view
    h.tracker.track('later');
    await h.tracker.flush();
    await tick(600_000);
    expect(requestsWith(h, ids)).toHaveLength(requests);
  });

  it('a failure while halving leaves the undelivered halves queued, to be resent with the same ids', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const events = Array.from({ length: 10 }, (_, i) => (i === 3 ? bad(i) : earlier(i)));
    let down = 0;
    const h = await resend(events, (batch) => {
      // Down for a moment while the halves go out: the 503 comes to a half with good events.
      if (batch.events.some((e) => e.id === 'earlier-7') && batch.events.length < 10 && !down) return (down++, 503);
      return olderCollector(batch, 0);
    });
    expect(down).toBe(1);
    await tick(10_000); // the retry after backoff
    const good = events.filter((_, i) => i !== 3).map((e) => e.id);
    expect(
      stored(h)
        .map((e) => e.id)
        .filter((id) => good.includes(id))
        .sort(),
    ).toEqual([...good].sort());
    expect(new Set(stored(h).map((e) => e.id)).size).toBe(stored(h).length); // none stored twice
    expect(h.queued()).toEqual([]);
  });
});
