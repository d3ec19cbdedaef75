/**
 * Property-based tests (fast-check): random pages (forms with any fields, nested links, open
 * shadow roots), random visitor and page actions (clicks, submits, copies, navigations, consent
 * changes, storage failing, the collector failing, hiding the page), random configs and random
 * queues left in storage, on a real tracker with injected fakes. For every run:
 * - nothing the tracker does throws into the page (no call throws, no error reaches the window);
 * - every batch it sends passes the wire format's JSON Schema (Segment's, in that format);
 * - no field value, password or typed text appears in any request;
 * - an event id is never sent with two different bodies.
 *
 * Runs: LEADBEACON_FUZZ_RUNS (default 300 in `npm test`, about 2 s); e.g. `LEADBEACON_FUZZ_RUNS=20000 npx vitest
 * run --project core test/properties.test.ts` for a long run. A failure prints fast-check's seed
 * and the shrunk counterexample.
 */
import Ajv from 'ajv';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isDateTime, segmentBatchSchema, wireSchemaV2 } from '@leadbeacon/wire';
import { byteLength } from '../src/util';
import { destroyAll, harness, installBlobText, memoryStorage, setVisibility } from './harness';

const RUNS = Number(process.env.LEADBEACON_FUZZ_RUNS) || 300;
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': isDateTime } });
const validWire = ajv.compile(wireSchemaV2);
const validSegment = ajv.compile(segmentBatchSchema);

/** Every value the visitor types carries this mark: none may ever appear in a request. */
const MARK = 'QxZ';
const typed = fc.string({ minLength: 1, maxLength: 12 }).map((s) => MARK + s.replace(/[<>&"]/g, '') + MARK);
const name = fc.constantFrom('name', 'email', 'phone', 'message', 'company', 'pw', 'q', 'card', 'city', 'x-1');
const field = fc.record({
  tag: fc.constantFrom('input', 'textarea', 'select'),
  type: fc.constantFrom('text', 'email', 'tel', 'password', 'hidden', 'search', 'checkbox', 'number', 'submit'),
  name,
  value: typed,
});
const link = fc.constantFrom(
  'tel:+84901234567',
  'mailto:hello@example.com',
  'https://wa.me/84901234567',
  'https://example.org/x',
  '/next',
  '#top',
);
const form = fc.record({
  id: fc.option(fc.constantFrom('contact', 'quote', 'login', 'f1'), { nil: undefined }),
  method: fc.constantFrom('post', 'get', 'dialog', ''),
  action: fc.constantFrom('', '/thanks', '?/contact', 'https://forms.example.com/x?email=a%40b.co'),
  fields: fc.array(field, { maxLength: 5 }),
  links: fc.array(link, { maxLength: 2 }),
  inShadow: fc.boolean(),
  ignored: fc.boolean(),
});

/** One of the things that happen to a page. `i` picks the element among those of its kind. */
const action = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('click' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('submit' as const), i: fc.nat(), prevent: fc.boolean(), send: fc.constantFrom(0, 200, 422, 500) }),
  fc.record({ kind: fc.constant('formSubmit' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('copy' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('navigate' as const), path: fc.constantFrom('/a', '/b?x=1', '/c#h', '/d?email=a%40b.co') }),
  fc.record({
    kind: fc.constant('consent' as const),
    state: fc.constantFrom<unknown>('granted', 'denied', 'pending', { ads: 'denied' }, { ads: 'granted' }, 'bogus'),
  }),
  fc.record({ kind: fc.constant('storage' as const), mode: fc.constantFrom('ok', 'full', 'blocked') }),
  fc.record({ kind: fc.constant('collector' as const), answer: fc.constantFrom(200, 204, 400, 413, 429, 500, 503, 'network-error') }),
  fc.record({ kind: fc.constant('hide' as const) }),
  fc.record({
    kind: fc.constant('track' as const),
    name: fc.constantFrom('quote', 'form_submit', 'page_view', '', 'call_click'),
    value: fc.option(fc.double(), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(0, 10, 600, 5000, 60_000) }),
);

const config = fc.record(
  {
    batchDelay: fc.constantFrom(0, 1000, 5000, 9000, -1),
    maxQueueEvents: fc.constantFrom(1, 3, 500),
    maxQueueBytes: fc.constantFrom(2000, 500_000),
    consent: fc.constantFrom<unknown>('granted', 'pending', 'denied', { analytics: 'granted', ads: 'pending' }, 'maybe'),
    writeKey: fc.constantFrom('wk_1', ''),
    format: fc.constantFrom('native', 'segment', 'csv'),
    enhancedConversions: fc.boolean(),
    defaultCountry: fc.constantFrom('VN', 'US', 'XX'),
    values: fc.constantFrom<unknown>({ form_submit: 50 }, { call_click: 'x' }, {}),
    pageViews: fc.boolean(),
    sessionTimeout: fc.constantFrom(30, 0),
  },
  { requiredKeys: [] },
);

/** What a page (or an earlier version, or another library) left in localStorage. */
const stored = fc.array(
  fc.tuple(
    fc.constantFrom('lb_q:old-tab', 'lb_q:x', 'lb', 'lb_lk', 'other-app'),
    fc.oneof(
      fc.constant('{not json'),
      fc.constant('null'),
      fc.constant('{"q":"nope","d":"x","t":null}'),
      fc.constant('{"q":[{"e":{"id":"old-1","type":"custom","name":"left"}},{"e":null},{"b":3}],"d":2,"t":0}'),
      fc.constant('{"a":5,"s":[],"f":{"source":1}}'),
      fc.constant('["lb_lk-holder", 1e15]'),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    ),
  ),
  { maxLength: 4 },
);

function buildPage(forms: (typeof form extends fc.Arbitrary<infer T> ? T : never)[]) {
  document.body.innerHTML = '<p>Call 0901 234 567 or write to hello@example.com</p>';
  for (const f of forms) {
    const host = f.inShadow ? document.body.appendChild(document.createElement('div')) : document.body;
    const root: ParentNode & Node = f.inShadow ? (host as HTMLElement).attachShadow({ mode: 'open' }) : host;
    const el = document.createElement('form');
    if (f.id) el.id = f.id;
    if (f.method) el.method = f.method;
    if (f.action) el.setAttribute('action', f.action);
    if (f.ignored) el.setAttribute('data-leadbeacon-ignore', '');
    for (const x of f.fields) {
      const input = document.createElement(x.tag) as HTMLInputElement;
      if (x.tag === 'input') input.type = x.type;
      input.name = x.name;
      if (x.tag === 'select') input.innerHTML = `<option value="${x.value}" selected>${x.value}</option>`;
      else input.value = x.value;
      el.appendChild(input);
    }
    for (const href of f.links) {
      const a = el.appendChild(document.createElement('a'));
      a.href = href;
      a.innerHTML = '<span>go</span>';
    }
    root.appendChild(el);
  }
}

/** Elements of a kind in the document and its open shadow roots. */
function all(selector: string): Element[] {
  const out = [...document.querySelectorAll(selector)];
  for (const host of document.querySelectorAll('div')) if (host.shadowRoot) out.push(...host.shadowRoot.querySelectorAll(selector));
  return out;
}
const pick = <T>(list: T[], i: number): T | undefined => list[i % Math.max(1, list.length)];

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  destroyAll();
  vi.useRealTimers();
});

describe('properties over random pages, actions, configs and stored queues', () => {
  it(
    `never throws into the page; every batch is valid; no typed value leaves; one body per event id (${RUNS} runs)`,
    async () => {
      const restoreBlob = installBlobText();
      const realFetch = window.fetch;
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(form, { maxLength: 4 }),
            fc.array(action, { maxLength: 25 }),
            config,
            stored,
            async (forms, actions, cfg, left) => {
              destroyAll();
              history.replaceState(null, '', '/landing?utm_source=news&gclid=G1');
              buildPage(forms);
              const failing = { mode: 'ok' as 'ok' | 'full' | 'blocked' };
              const storage = memoryStorage(failing as never);
              for (const [k, v] of left) storage.data.set(k, v);
              let answer: number | 'network-error' = 200;
              // The page's own server, for forms sent by script.
              window.fetch = vi.fn(async () => new Response('{}', { status: 200 })) as unknown as typeof fetch;
              const pageErrors: unknown[] = [];
              const onError = (e: ErrorEvent) => pageErrors.push(e.error || e.message);
              window.addEventListener('error', onError);
              const h = harness({ config: cfg as never, storage, respond: () => answer });
              try {
                await vi.advanceTimersByTimeAsync(0);
                for (const a of actions) {
                  switch (a.kind) {
                    case 'type': {
                      const el = pick(all('input,textarea'), a.i) as HTMLInputElement | undefined;
                      el?.focus();
                      el?.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
                      break;
                    }
                    case 'click': {
                      const el = pick(all('a span,a,button,input[type=submit]'), a.i) as HTMLElement | undefined;
                      if (el) el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
                      break;
                    }
                    case 'submit': {
                      const f = pick(all('form'), a.i) as HTMLFormElement | undefined;
                      if (!f) break;
                      const handler = (e: Event) => {
                        if (!a.prevent) return;
                        e.preventDefault();
                        if (a.send) void fetch('/api/contact', { method: 'POST', body: new FormData(f) });
                      };
                      f.addEventListener('submit', handler, { once: true });
                      f.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
                      break;
                    }
                    case 'formSubmit': {
                      const f = pick(all('form'), a.i) as HTMLFormElement | undefined;
                      // jsdom does not navigate: HTMLFormElement.prototype.submit only reports "not implemented".
                      if (f) HTMLFormElement.prototype.submit.call(f);
                      break;
                    }
                    case 'copy': {
                      const p = pick(all('p,input'), a.i);
                      if (p) p.dispatchEvent(new Event('copy', { bubbles: true, composed: true }));
                      break;
                    }
                    case 'navigate':
                      history.pushState(null, '', a.path);
                      break;
                    case 'consent':
                      h.tracker.consent(a.state as never);
                      break;
                    case 'storage':
                      failing.mode = a.mode;
                      Object.assign(failing, { full: a.mode === 'full', blocked: a.mode === 'blocked' });
                      break;
                    case 'collector':
                      answer = a.answer as never;
                      break;
                    case 'hide':
                      setVisibility('hidden');
                      setVisibility('visible');
                      break;
                    case 'track':
                      h.tracker.track(a.name, { value: a.value, note: 'ok' });
                      break;
                    case 'wait':
                      await vi.advanceTimersByTimeAsync(a.ms);
                      break;
                  }
                }
                answer = 200;
                Object.assign(failing, { full: false, blocked: false });
                await h.tracker.flush();
                await vi.advanceTimersByTimeAsync(400_000);
                await h.tracker.flush();
              } finally {
                window.removeEventListener('error', onError);
                h.tracker.destroy();
              }
              expect(pageErrors).toEqual([]);
              const bodies = new Map<string, string>();
              for (const s of h.sent) {
                expect(s.raw).not.toContain(MARK);
                const segment = 'batch' in (s.body as object);
                const valid = segment ? validSegment(s.body) : validWire(s.body);
                expect(valid, JSON.stringify((segment ? validSegment : validWire).errors)).toBe(true);
                const events = segment
                  ? (s.body as unknown as { batch: { messageId: string }[] }).batch.map((m) => [m.messageId, { ...m, sentAt: '' }] as const)
                  : s.body.events.map((e) => [e.id, e] as const);
                for (const [id, e] of events) {
                  const body = JSON.stringify(e);
                  expect(bodies.get(id) ?? body, `event ${id} sent with two bodies`).toBe(body);
                  bodies.set(id, body);
                }
              }
            },
          ),
          { numRuns: RUNS, interruptAfterTimeLimit: 10 * 60_000 },
        );
      } finally {
        window.fetch = realFetch;
        restoreBlob();
      }
    },
    15 * 60_000,
  );
});

describe('byteLength', () => {
  it('is the UTF-8 length TextEncoder gives, for any string (ASCII, accents, CJK, emoji, lone surrogates)', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s).length;
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => byteLength(s) === utf8(s)));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => byteLength(s) === utf8(s)));
    expect(byteLength('Sửa máy lạnh 🧊')).toBe(utf8('Sửa máy lạnh 🧊'));
  });
});
