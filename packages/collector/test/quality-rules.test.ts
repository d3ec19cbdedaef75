import { describe, expect, it } from 'vitest';
import { qualityConfig, QualityConfigError } from '../src/quality/config';
import { qualityJudge } from '../src/quality/judge';
import { DEFAULT_QUALITY, isBotUserAgent, judgeLead, RULES, verdictOf, type LeadContext, type Reason } from '../src/quality/rules';
import { LeadWatch } from '../src/quality/watch';
import type { WireEvent } from '../src/index';
import { leadEvent } from './helpers';

/** A person's lead: every signal as a browser with a person at it gives it. */
const human: LeadContext = {
  type: 'form_submit',
  formId: 'contact',
  signals: { honeypot: false, formMs: 14_000, pageMs: 40_000, trustedInput: true, trustedEvent: true, automation: false, repeat: 0 },
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36',
  perAddress: 1,
  perVisitor: 1,
  pageViewSeen: true,
  fromTracker: true,
};

/** A lead with no click or submit of its own (e.g. a chat widget's): no `trustedEvent`. */
const { trustedEvent: _, ...noOwnEvent } = human.signals!;

/** Each rule, the one change to a person's lead that trips it, and nothing else. */
const TRIPS: Record<Exclude<Reason, 'crm_spam'>, Partial<LeadContext>> = {
  honeypot: { signals: { ...human.signals, honeypot: true } },
  automation: { signals: { ...human.signals, automation: true } },
  bot_user_agent: { userAgent: 'python-requests/2.32.3' },
  untrusted_event: { signals: { ...human.signals, trustedEvent: false } },
  no_trusted_input: { signals: { ...noOwnEvent, trustedInput: false } },
  fast_form: { signals: { ...human.signals, formMs: DEFAULT_QUALITY.minFormMs - 1 } },
  fast_page: { signals: { ...human.signals, pageMs: DEFAULT_QUALITY.minPageMs - 1 } },
  repeat: { signals: { ...human.signals, repeat: DEFAULT_QUALITY.maxRepeat } },
  address_burst: { perAddress: DEFAULT_QUALITY.maxPerAddress + 1 },
  visitor_burst: { perVisitor: DEFAULT_QUALITY.maxPerVisitor + 1 },
  faster_than_typing: { sinceLastForm: DEFAULT_QUALITY.minBetweenFormsMs - 1 },
  no_page_view: { pageViewSeen: false },
  no_signals: { signalsMissing: true },
  no_tracker: { fromTracker: false },
};

describe('quality rules', () => {
  it("a person's lead is ok, with no reason", () => {
    expect(judgeLead(human)).toEqual({ verdict: 'ok', reasons: [] });
  });

  it.each(Object.entries(TRIPS))('%s: trips on its own signal, at its threshold and not below it', (reason, change) => {
    const judged = judgeLead({ ...human, ...change });
    expect(judged.reasons).toEqual([reason]);
    const weight = RULES[reason as Reason];
    expect(judged.verdict).toBe(weight === 'spam' ? 'spam' : weight === 'suspect' ? 'suspect' : 'ok');
  });

  it('thresholds are exclusive where the README says "less than" / "more than"', () => {
    const at = {
      ...human.signals,
      formMs: DEFAULT_QUALITY.minFormMs,
      pageMs: DEFAULT_QUALITY.minPageMs,
      repeat: DEFAULT_QUALITY.maxRepeat - 1,
    };
    expect(
      judgeLead({ ...human, signals: at, perAddress: DEFAULT_QUALITY.maxPerAddress, perVisitor: DEFAULT_QUALITY.maxPerVisitor }).verdict,
    ).toBe('ok');
  });

  it('weights: one suspect reason is suspect, two are spam; two hints are suspect; a spam reason is spam', () => {
    expect(verdictOf(['fast_page'])).toBe('suspect');
    expect(verdictOf(['fast_page', 'no_trusted_input'])).toBe('spam');
    expect(verdictOf(['no_page_view'])).toBe('ok');
    expect(verdictOf(['no_page_view', 'no_signals'])).toBe('suspect');
    expect(verdictOf(['honeypot'])).toBe('spam');
  });

  it('a form marked "no honeypot" ignores its honeypot signal; other forms still trip it', () => {
    const config = qualityConfig({ noHoneypotForms: ['newsletter'] });
    const filled = { ...human.signals, honeypot: true };
    expect(judgeLead({ ...human, formId: 'newsletter', signals: filled }, config).verdict).toBe('ok');
    expect(judgeLead({ ...human, formId: 'contact', signals: filled }, config).reasons).toEqual(['honeypot']);
  });

  it('fast_form is a hint: a fast form of trusted input alone is ok (autofill, pasted values, the keyboard); with one more reason, suspect', () => {
    const fast = { ...human.signals, formMs: 300 };
    expect(judgeLead({ ...human, signals: fast })).toEqual({ verdict: 'ok', reasons: ['fast_form'] });
    expect(judgeLead({ ...human, signals: { ...fast, pageMs: 1000 } })).toEqual({
      verdict: 'suspect',
      reasons: ['fast_form', 'fast_page'],
    });
    expect(judgeLead({ ...human, signals: fast, pageViewSeen: false })).toEqual({
      verdict: 'suspect',
      reasons: ['fast_form', 'no_page_view'],
    });
    expect(judgeLead({ ...human, signals: { ...fast, trustedInput: false, trustedEvent: false } }).verdict).toBe('spam');
  });

  it("a click lead's trusted click is trusted input (a screen reader's click has no pointer or key event before it); a trusted submit is not", () => {
    const clickOnly = { ...noOwnEvent, trustedInput: false, trustedEvent: true };
    expect(judgeLead({ ...human, type: 'call_click', signals: clickOnly })).toEqual({ verdict: 'ok', reasons: [] });
    // A script's form.requestSubmit() fires a trusted submit: a form lead needs input before it.
    expect(judgeLead({ ...human, signals: clickOnly }).reasons).toEqual(['no_trusted_input']);
    expect(judgeLead({ ...human, signals: { ...human.signals, trustedInput: false, trustedEvent: false } }).reasons).toEqual([
      'untrusted_event',
      'no_trusted_input',
    ]);
  });

  it('fast_form looks at forms only: a call click has no form time', () => {
    expect(judgeLead({ ...human, type: 'call_click', signals: { ...human.signals, formMs: 10 } }).verdict).toBe('ok');
  });

  it('knows the bots and HTTP libraries that name themselves, not browsers', () => {
    for (const ua of [
      'Googlebot/2.1',
      'curl/8.5.0',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/147.0.0.0 Safari/537.36',
    ])
      expect(isBotUserAgent(ua), ua).toBe(true);
    expect(isBotUserAgent(human.userAgent)).toBe(false);
    expect(isBotUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148')).toBe(false);
  });
});

describe('the in-memory watch', () => {
  it('counts leads per address and per visitor inside the window only', () => {
    const watch = new LeadWatch(60_000, 0);
    expect(watch.note('203.0.113.5', 'v1', true, 1000)).toEqual({ perAddress: 1, perVisitor: 1 });
    expect(watch.note('203.0.113.5', 'v2', true, 2000)).toEqual({ perAddress: 2, perVisitor: 1 });
    expect(watch.note('203.0.113.5', 'v1', true, 3000)).toEqual({ perAddress: 3, perVisitor: 2, sinceLastForm: 2000 });
    expect(watch.note('203.0.113.5', 'v1', false, 70_000)).toEqual({ perAddress: 1, perVisitor: 1 });
  });

  it('keeps no address: keys are keyed hashes, and the salt changes every two windows while counts carry over', () => {
    const watch = new LeadWatch(60_000, 0);
    watch.note('198.51.100.7', 'v', false, 1000);
    const keys = [...(watch as unknown as { seen: Map<string, unknown> }).seen.keys()];
    expect(keys.join(' ')).not.toContain('198.51.100');
    expect(keys.some((k) => k === watch.addressKey('198.51.100.7'))).toBe(true);
    const before = watch.addressKey('198.51.100.7');
    expect(watch.note('198.51.100.7', 'w', false, 119_000).perAddress).toBe(1);
    expect(watch.note('198.51.100.7', 'w', false, 121_000).perAddress).toBe(2); // rotated, the count carried
    expect(watch.addressKey('198.51.100.7')).not.toBe(before);
  });
});

const first = (verdicts: Map<string, { verdict: string; reasons: string[] }>) => [...verdicts.values()][0]!;

describe('the judge', () => {
  const lead = (over: Partial<WireEvent> = {}) => ({ ...leadEvent({ ts: '2026-11-23T08:00:00Z', sessionId: 's1' }), ...over }) as WireEvent;
  const ctx = { client: '203.0.113.9', userAgent: human.userAgent, sdk: 'leadbeacon', sessionsSeen: new Set(['s1']) };

  it('gives lead events a verdict, by event id, and page views none; a page view earlier in the same batch counts', () => {
    const judge = qualityJudge();
    const view = { ...lead(), id: 'V', type: 'page_view', name: 'page_view', sessionId: 's2' } as WireEvent;
    const verdicts = judge([view, lead({ sessionId: 's2', id: 'L2' })], { ...ctx, sessionsSeen: new Set() });
    expect([...verdicts]).toEqual([['L2', { verdict: 'ok', reasons: [] }]]);
    expect(first(judge([lead({ sessionId: 's3' })], ctx)).reasons).toEqual(['no_page_view']);
  });

  it('reads `quality` from version-2 events only; a version-2 lead without it is a hint', () => {
    const judge = qualityJudge();
    expect(first(judge([lead({ quality: { honeypot: true } })], ctx)).verdict).toBe('ok'); // version 1: not read
    expect(first(judge([lead({ v: 2, quality: { honeypot: true } } as Partial<WireEvent>)], ctx)).reasons).toEqual(['honeypot']);
    expect(first(judge([lead({ v: 2 } as Partial<WireEvent>)], ctx)).reasons).toEqual(['no_signals']);
  });

  it('an exempt address range is always ok; a batch from another sdk is no_tracker', () => {
    const judge = qualityJudge(qualityConfig({ exempt: ['203.0.113.0/24'] }));
    const honeypot = lead({ v: 2, quality: { honeypot: true } } as Partial<WireEvent>);
    expect(first(judge([honeypot], ctx))).toEqual({ verdict: 'ok', reasons: ['exempt_address'] });
    expect(first(judge([lead()], { ...ctx, client: '192.0.2.1', sdk: 'my-script' })).reasons).toEqual(['no_tracker']);
  });

  it('many leads from one address within the window: address_burst', () => {
    let t = 0;
    const judge = qualityJudge(qualityConfig({ maxPerAddress: 2 }), () => (t += 60_000));
    const verdicts = [1, 2, 3].map((i) => first(judge([lead({ anonymousId: `v${i}` })], ctx)).reasons);
    expect(verdicts).toEqual([[], [], ['address_burst']]);
  });
});

describe('quality config', () => {
  it('takes numbers and lists over the defaults; refuses unknown keys, bad numbers and bad ranges', () => {
    expect(qualityConfig({ minFormMs: 2000, exempt: ['10.0.0.0/8', '2001:db8::/32'] })).toMatchObject({ minFormMs: 2000, minPageMs: 1500 });
    expect(() => qualityConfig({ minFormMs: -1 })).toThrow(QualityConfigError);
    expect(() => qualityConfig({ maxPerIp: 3 })).toThrow(/unknown key 'maxPerIp'/);
    expect(() => qualityConfig({ exempt: ['10.0.0.0/33'] })).toThrow(/not an address/);
    expect(() => qualityConfig({ noHoneypotForms: 'newsletter' })).toThrow(/list of strings/);
  });
});
