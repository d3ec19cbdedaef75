/**
 * Enhanced conversions: normalising and hashing (src/privacy/hash.ts) against SHA-256 vectors
 * computed here with node:crypto, and the form detector's use of it. Real timers: Web Crypto
 * answers from outside the fake clock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeEmail, normalizeMetaEmail, normalizeMetaPhone, normalizePhone, sha256Hex } from '../src/index';
import { readAttributes } from '../src/script-attributes';
import { createLogger } from '../src/log';
import { destroyAll, harness, installBlobText } from './harness';
import type { WireEvent } from '../src/types';

// node:crypto computes the expected digests (the package's tsconfig has no Node types, hence the cast).
type NodeCrypto = { createHash(alg: string): { update(s: string, enc: string): { digest(enc: string): string } } };
let sha: (s: string) => string;
beforeAll(async () => {
  const { createHash } = (await import('node:crypto' as string)) as NodeCrypto;
  sha = (s) => createHash('sha256').update(s, 'utf8').digest('hex');
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('normalizeEmail (Google: no whitespace, lowercase, no dots or +tag in gmail local parts)', () => {
  it.each([
    ['  Jane.Doe@Example.COM ', 'jane.doe@example.com'],
    ['John.Smith@gmail.com', 'johnsmith@gmail.com'],
    ['J.O.H.N@GoogleMail.com', 'john@googlemail.com'],
    ['first.last+tag@gmail.com', 'firstlast@gmail.com'],
    ['a+b+c@gmail.com', 'a@gmail.com'],
    ['+only@gmail.com', ''],
    // Google's documented example: other domains keep their dots and +tag.
    ['user.name+NYC@Example.com', 'user.name+nyc@example.com'],
    [' Jane Doe @example.com', 'janedoe@example.com'],
    ['dots.stay@gmail.com.vn', 'dots.stay@gmail.com.vn'],
    ['an@sub.example.co.uk', 'an@sub.example.co.uk'],
    ['not an email', ''],
    ['a@b', ''],
    ['two@at@example.com', ''],
    ['', ''],
  ])('%j -> %j', (raw, out) => expect(normalizeEmail(raw)).toBe(out));
});

describe('normalizeMetaEmail (Meta: trim and lowercase, nothing else)', () => {
  it.each([
    ['  John.Doe+Ads@Gmail.com ', 'john.doe+ads@gmail.com'],
    ['John_Smith@gmail.com', 'john_smith@gmail.com'],
    ['Jane Doe@example.com', ''],
    ['a@b', ''],
    ['', ''],
  ])('%j -> %j', (raw, out) => expect(normalizeMetaEmail(raw)).toBe(out));
});

describe("normalizeMetaPhone (Meta: E.164's digits, no +)", () => {
  it.each([
    ['(650)555-1212', 'US', '16505551212'],
    ['+1 650 555 1212', undefined, '16505551212'],
    ['0901 234 567', 'VN', '84901234567'],
    ['0044 20 7946 0958', undefined, '442079460958'],
    ['0901 234 567', undefined, ''],
  ])('%j (%s) -> %j', (raw, country, out) => expect(normalizeMetaPhone(raw, country)).toBe(out));
});

describe('normalizePhone (E.164)', () => {
  it.each([
    ['0901 234 567', 'VN', '+84901234567'],
    ['+84 90-123-4567', undefined, '+84901234567'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0901 234 567', undefined, ''], // national, no country: cannot be E.164
    ['call me', 'VN', ''],
    ['+0 123 456 789', undefined, ''],
  ])('%j (%s) -> %j', (raw, country, out) => expect(normalizePhone(raw, country)).toBe(out));
});

describe('sha256Hex', () => {
  it('is lowercase hex SHA-256 of the UTF-8 bytes', async () => {
    for (const s of ['', 'abc', 'johnsmith@gmail.com', '+84901234567', 'nguyễn@ví-dụ.vn', '😀']) expect(await sha256Hex(s)).toBe(sha(s));
    // The published vector for "abc".
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it("is the same with MooTools 1.5's Array.from, which ignores its map function", async () => {
    const from = Array.from;
    const slice = Array.prototype.slice;
    // MooTools 1.5.2's, for an array-like that is no array or string.
    Array.from = ((item: ArrayLike<unknown> | null) => (item == null ? [] : slice.call(item))) as typeof Array.from;
    try {
      expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    } finally {
      Array.from = from;
    }
  });
});

describe('the form detector with enhancedConversions', () => {
  let restoreBlob: () => void;
  beforeAll(() => {
    restoreBlob = installBlobText();
  });
  afterAll(() => restoreBlob());
  const realFetch = window.fetch;
  beforeEach(() => {
    document.body.innerHTML = `
      <form id="lead" method="post" action="/thanks">
        <input name="name">
        <input name="contact_email" autocomplete="email">
        <input name="mobile" type="tel">
        <input name="newsletter" type="checkbox" value="yes">
      </form>`;
    window.fetch = vi.fn(async () => new Response(null)) as unknown as typeof fetch;
  });
  afterEach(() => {
    destroyAll();
    window.fetch = realFetch;
  });
  const form = () => document.getElementById('lead') as HTMLFormElement;
  const field = (name: string) => form().elements.namedItem(name) as HTMLInputElement;
  const type = (name: string, value: string) => {
    field(name).value = value;
    field(name).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  };
  const submit = () => form().dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  const leads = (h: ReturnType<typeof harness>): WireEvent[] => [...new Map(h.ofType('form_submit').map((e) => [e.id, e])).values()];

  it('a native submission carries the hashes computed while the visitor typed, never the values', async () => {
    const h = harness({ config: { enhancedConversions: true, defaultCountry: 'VN' } });
    await sleep(0); // the detectors start a task after the tracker
    type('name', 'Nguyen Van An');
    type('contact_email', ' An.Nguyen@GMail.com ');
    await sleep(50);
    type('mobile', '0901 234 567');
    await sleep(400);
    submit();
    expect(h.beaconMock).toHaveBeenCalledTimes(1);
    const [lead] = leads(h);
    expect(lead!.props.hashedEmail).toBe(sha('annguyen@gmail.com'));
    expect(lead!.props.hashedPhone).toBe(sha('+84901234567'));
    // Meta's normalisation beside Google's: Gmail's dot kept, the phone's digits without +.
    expect(lead!.props.metaHashedEmail).toBe(sha('an.nguyen@gmail.com'));
    expect(lead!.props.metaHashedPhone).toBe(sha('84901234567'));
    const raw = h.sent.map((s) => s.raw).join('');
    for (const v of ['Nguyen', 'nguyen@', 'GMail', '0901', '84901234567']) expect(raw).not.toContain(v);
  });

  it('autofill (several fields filled at once) has every field hashed', async () => {
    const h = harness({ config: { enhancedConversions: true, defaultCountry: 'VN' } });
    await sleep(0); // the detectors start a task after the tracker
    for (const [name, value] of [
      ['contact_email', 'an@example.com'],
      ['mobile', '0901234567'],
    ]) {
      field(name!).value = value!;
      field(name!).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      field(name!).dispatchEvent(new Event('change', { bubbles: true }));
    }
    await sleep(50);
    submit();
    expect(leads(h)[0]!.props).toMatchObject({
      hashedEmail: sha('an@example.com'),
      hashedPhone: sha('+84901234567'),
      metaHashedEmail: sha('an@example.com'),
      metaHashedPhone: sha('84901234567'),
    });
  });

  it('a native submission never waits for a hash: without one ready it goes at once, without it', async () => {
    const h = harness({ config: { enhancedConversions: true } });
    field('contact_email').value = 'late@example.com';
    submit();
    expect(h.beaconMock).toHaveBeenCalledTimes(1);
    await sleep(100);
    const all = leads(h);
    expect(all).toHaveLength(1);
    expect(all[0]!.props.hashedEmail).toBeUndefined();
    expect(all[0]!.props.metaHashedEmail).toBeUndefined();
  });

  it('a script submission waits for the hashes of the values at submit time, even if the form is reset', async () => {
    const h = harness({ config: { enhancedConversions: true } });
    field('contact_email').value = 'Someone@Example.com';
    field('mobile').value = '+1 (415) 555-2671';
    form().addEventListener('submit', (e) => {
      e.preventDefault();
      void fetch('/api/lead', { method: 'POST', body: 'x' }).then(() => form().reset());
    });
    submit();
    await vi.waitFor(() => expect(leads(h)).toHaveLength(1));
    expect(leads(h)[0]!.props).toMatchObject({
      via: 'script',
      hashedEmail: sha('someone@example.com'),
      hashedPhone: sha('+14155552671'),
      metaHashedEmail: sha('someone@example.com'),
      metaHashedPhone: sha('14155552671'),
    });
  });

  it('is off by default: no hash, and values are not even read', async () => {
    const h = harness();
    type('contact_email', 'an@example.com');
    await sleep(400);
    const digest = vi.spyOn(crypto.subtle, 'digest');
    submit();
    await sleep(50);
    expect(leads(h)[0]!.props.hashedEmail).toBeUndefined();
    expect(digest).not.toHaveBeenCalled();
  });

  it('a number that cannot be made E.164 and a malformed email are left out', async () => {
    const h = harness({ config: { enhancedConversions: true } });
    type('contact_email', 'an at example');
    type('mobile', '0901 234 567'); // no defaultCountry
    await sleep(400);
    submit();
    const p = leads(h)[0]!.props;
    expect(p.hashedEmail).toBeUndefined();
    expect(p.hashedPhone).toBeUndefined();
    expect(p.metaHashedEmail).toBeUndefined();
    expect(p.metaHashedPhone).toBeUndefined();
  });

  it('the script tag switches it on with data-enhanced-conversions', () => {
    const s = document.createElement('script');
    s.setAttribute('data-endpoint', 'https://c.test/e');
    s.setAttribute('data-enhanced-conversions', '');
    expect(readAttributes(s, createLogger(false))).toEqual({ endpoint: 'https://c.test/e', enhancedConversions: true });
  });
});
