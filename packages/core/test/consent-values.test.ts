import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { destroyAll, harness, memoryStorage, tick } from './harness';
import { scrubUrl } from '../src/privacy/scrub';
import type { EmitInput } from '../src/types';

const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
type W = Window & { dataLayer?: unknown[]; gtag?: (...a: unknown[]) => void; fbq?: (...a: unknown[]) => void };
const w = window as W;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  history.replaceState(null, '', '/landing?utm_source=google&utm_medium=cpc&gclid=G-1&fbclid=F-1');
  document.body.innerHTML = '';
});
afterEach(() => {
  destroyAll();
  delete nav.globalPrivacyControl;
  delete w.dataLayer;
  delete w.gtag;
  delete w.fbq;
  vi.useRealTimers();
});

// A distinct form each time: the forms detector treats repeated calls for one form within 5 s as one submission.
let formSeq = 0;
const lead = (props = {}) => ({
  formId: 'f' + ++formSeq,
  fieldNames: [],
  via: 'script',
  hashedEmail: 'a'.repeat(64),
  hashedPhone: 'b'.repeat(64),
  metaHashedEmail: 'c'.repeat(64),
  metaHashedPhone: 'd'.repeat(64),
  ...props,
});

describe('consent per category', () => {
  it('ads denied: no click ids and no hashed identifiers leave the browser, in touches or URLs', async () => {
    const h = harness({ config: { consent: { analytics: 'granted', ads: 'denied' } } });
    h.tracker.track('form_submit', lead());
    await h.tracker.flush();
    const raw = JSON.stringify(h.sent.map((s) => s.body));
    expect(raw).not.toMatch(/G-1|F-1|gclid|fbclid|hashed/i);
    const e = h.storedOfType('form_submit')[0]!;
    expect(e.page.url).toBe('http://localhost:3000/landing?utm_source=google&utm_medium=cpc');
    expect(e.attribution.last).toMatchObject({ source: 'google', medium: 'cpc' });
    // Granted later on the same page: the landing click ids are kept from then on.
    h.tracker.consent({ ads: 'granted' });
    h.tracker.track('form_submit', lead());
    await h.tracker.flush();
    const after = h.storedOfType('form_submit')[1]!;
    expect(after.attribution.last.clickIds).toEqual({ gclid: 'G-1', fbclid: 'F-1' });
    expect(after.props.hashedEmail).toHaveLength(64);
    expect(after.props.metaHashedEmail).toHaveLength(64);
  });

  it("Meta Pixel's _fbp/_fbc cookies ride with leads only, exactly as set, and never without ads consent", async () => {
    const fbp = 'fb.1.1764000000000.1116446470';
    const fbc = 'fb.1.1764000000000.IwAR-Case_Sensitive';
    document.cookie = `_fbp=${fbp}; path=/`;
    document.cookie = `_fbc=${fbc}; path=/`;
    document.cookie = '_fbx=fb.1.1.1; path=/';
    try {
      const granted = harness({ config: { consent: { analytics: 'granted', ads: 'granted' } } });
      granted.tracker.track('form_submit', lead());
      granted.tracker.track('call_click', { phone: '+15551234567', href: 'tel:+15551234567', fbp: 'fb.2.1.site-given' });
      await granted.tracker.flush();
      expect(granted.ofType('form_submit')[0]!.props).toMatchObject({ fbp, fbc });
      // Props the site gave win over the cookie.
      expect(granted.ofType('call_click')[0]!.props).toMatchObject({ fbp: 'fb.2.1.site-given', fbc });
      // Not on page views: only a lead is matched to an ad click.
      expect(granted.ofType('page_view')[0]!.props).not.toHaveProperty('fbp');
      destroyAll();
      const denied = harness({ config: { consent: { analytics: 'granted', ads: 'denied' } } });
      denied.tracker.track('form_submit', lead());
      await denied.tracker.flush();
      expect(JSON.stringify(denied.sent.map((x) => x.body))).not.toMatch(/fbp|fbc|1116446470/);
    } finally {
      for (const name of ['_fbp', '_fbc', '_fbx']) document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    }
  });

  it('each event says the ads consent it left under: granted, denied, or pending (its ids stripped)', async () => {
    const h = harness({ config: { consent: { analytics: 'granted', ads: 'pending' } } });
    h.tracker.track('form_submit', lead());
    await h.tracker.flush();
    const pending = h.ofType('form_submit')[0]!;
    expect(pending.consent).toEqual({ ads: 'pending' });
    expect(JSON.stringify(pending)).not.toMatch(/G-1|hashed/i);
    // Sent once while pending (the collector was down), granted before the retry: it goes again
    // as it went the first time, never with two bodies under one id.
    h.setResponder(() => 503);
    h.tracker.track('form_submit', lead());
    await h.tracker.flush();
    h.setResponder(() => 200);
    h.tracker.consent({ ads: 'granted' });
    await tick(2000);
    await h.tracker.flush();
    const tries = h.sent.flatMap((s) => s.body.events).filter((e) => e.id === h.sent.at(-1)!.body.events[0]!.id);
    expect(tries).toHaveLength(2);
    expect(JSON.stringify(tries[1])).toBe(JSON.stringify(tries[0]));
    expect(tries[0]!.consent).toEqual({ ads: 'pending' });
    h.tracker.consent({ ads: 'denied' });
    h.tracker.track('form_submit', lead());
    await h.tracker.flush();
    expect(h.ofType('form_submit').at(-1)!.consent).toEqual({ ads: 'denied' });
  });

  it('an event recorded while everything was pending and sent once granted carries its ids and says granted', async () => {
    const h = harness({ config: { consent: 'pending' } });
    h.tracker.track('form_submit', lead());
    await tick(100);
    h.tracker.consent('granted');
    await h.tracker.flush();
    const e = h.ofType('form_submit')[0]!;
    expect(e.consent).toEqual({ ads: 'granted' });
    expect(e.props.hashedEmail).toHaveLength(64);
  });

  it('consent("granted" | "denied") is the shorthand for every category', async () => {
    const h = harness({ config: { consent: 'pending' } });
    h.tracker.track('form_submit', lead());
    await tick(6000);
    expect(h.sent).toHaveLength(0);
    expect(h.storage!.length).toBe(0);
    h.tracker.consent('granted');
    await h.tracker.flush();
    expect(h.ofType('form_submit')[0]!.attribution.last.clickIds).toEqual({ gclid: 'G-1', fbclid: 'F-1' });
    h.tracker.consent('denied');
    expect(h.storage!.length).toBe(0);
  });

  it('Global Privacy Control or Do Not Track deny ads by default, unless switched off or named', async () => {
    nav.globalPrivacyControl = true;
    const gpc = harness();
    gpc.tracker.track('form_submit', lead());
    await gpc.tracker.flush();
    expect(JSON.stringify(gpc.events())).not.toMatch(/G-1|hashed/);
    gpc.tracker.destroy();
    const off = harness({ config: { respectGpc: false } });
    off.tracker.track('form_submit', lead());
    await off.tracker.flush();
    expect(JSON.stringify(off.events())).toMatch(/G-1/);
    off.tracker.destroy();
    delete nav.globalPrivacyControl;
    Object.defineProperty(navigator, 'doNotTrack', { configurable: true, get: () => '1' });
    const dnt = harness();
    dnt.tracker.track('form_submit', lead());
    await dnt.tracker.flush();
    expect(JSON.stringify(dnt.events())).not.toMatch(/G-1/);
    Object.defineProperty(navigator, 'doNotTrack', { configurable: true, get: () => null });
  });

  it('follows Google Consent Mode: a default denial waits, an update decides', async () => {
    const gtag = (...args: unknown[]) => w.dataLayer!.push(args);
    w.dataLayer = [];
    gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied' });
    const h = harness();
    h.tracker.track('form_submit', lead());
    await tick(6000);
    expect(h.sent).toHaveLength(0); // pending: nothing stored or sent yet
    expect(h.storage!.length).toBe(0);
    gtag('consent', 'update', { analytics_storage: 'granted' });
    await tick(0);
    await h.tracker.flush();
    expect(h.ofType('form_submit')).toHaveLength(1);
    expect(JSON.stringify(h.events())).not.toMatch(/G-1|hashed/); // ads still not granted
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    h.tracker.track('form_submit', lead());
    await h.tracker.flush();
    expect(h.ofType('form_submit')[1]!.attribution.last.clickIds).toMatchObject({ gclid: 'G-1' });
    gtag('consent', 'update', { analytics_storage: 'denied' });
    h.tracker.track('form_submit', lead());
    await tick(6000);
    expect(h.ofType('form_submit')).toHaveLength(2);
    expect(h.storage!.length).toBe(0);
  });

  it('warns on an invalid consent value and keeps the current one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = harness();
    h.tracker.consent({ marketing: 'granted' } as never);
    expect(warn.mock.calls[0]![0]).toMatch(/consent must be/);
    await h.tracker.flush();
    expect(h.ofType('page_view')).toHaveLength(1);
  });
});

describe('values and lead score', () => {
  it('takes the value from the call, the element, the config by name, then by type; sums a score', async () => {
    document.body.innerHTML = '<div data-leadbeacon-value="250" data-leadbeacon-currency="vnd"><a id="x" href="#">x</a></div>';
    const h = harness({ config: { values: { form_submit: 50, call_click: 30, quote: 80 }, currency: 'usd' } });
    h.tracker.track('form_submit', lead()); // 50 by type
    h.tracker.track('call_click', { phone: '+1', href: 'tel:+1', value: 10 }); // given
    h.tracker.track('quote'); // custom by name: valued, but not a lead
    await h.tracker.flush();
    const [, form, call, quote] = h.events();
    expect([form!.value, form!.currency, form!.score]).toEqual([50, 'USD', 50]);
    expect([call!.value, call!.score]).toEqual([10, 60]);
    expect([quote!.value, quote!.score]).toEqual([80, 60]); // custom events do not add to the score
    expect(h.events()[0]!.score).toBe(0);
  });

  it('reads data-leadbeacon-value from the element acted on (per element, per form)', async () => {
    document.body.innerHTML = '<form data-leadbeacon-value="250" data-leadbeacon-currency="vnd"><button>x</button></form>';
    let emit!: (i: EmitInput) => void;
    const h = harness({ config: { values: { form_submit: 50 }, detectors: [{ name: 'probe', setup: (ctx) => void (emit = ctx.emit) }] } });
    await vi.advanceTimersByTimeAsync(0); // the detectors start a task later
    emit({ type: 'form_submit', props: lead(), el: document.querySelector('button')! });
    await h.tracker.flush();
    expect(h.ofType('form_submit')[0]).toMatchObject({ value: 250, currency: 'VND', score: 250 });
  });

  it('keeps the score across page loads', async () => {
    const storage = memoryStorage();
    const a = harness({ storage, config: { values: { call_click: 30 } } });
    a.tracker.track('call_click', { phone: '+1', href: 'tel:+1' });
    await a.tracker.flush();
    a.tracker.destroy();
    const b = harness({ storage, config: { values: { call_click: 30 } } });
    b.tracker.track('call_click', { phone: '+1', href: 'tel:+1' });
    await b.tracker.flush();
    expect(b.ofType('call_click')[0]!.score).toBe(60);
  });
});

describe('forwarding', () => {
  it('pushes lead events to dataLayer and calls gtag and fbq per mapping, with the event id', async () => {
    const gtag = vi.fn();
    const fbq = vi.fn();
    w.gtag = gtag;
    w.fbq = fbq;
    const h = harness({
      config: {
        dataLayer: true,
        values: { form_submit: 50 },
        currency: 'USD',
        gtagConversions: { form_submit: 'AW-123/abc' },
        metaPixel: { form_submit: 'Lead', call_click: 'Contact' },
      },
    });
    h.tracker.track('form_submit', lead());
    h.tracker.track('custom_thing');
    await h.tracker.flush();
    const e = h.ofType('form_submit')[0]!;
    expect(w.dataLayer).toEqual([
      expect.objectContaining({
        event: 'leadbeacon.form_submit',
        leadbeacon: expect.objectContaining({
          id: e.id,
          value: 50,
          currency: 'USD',
          source: 'google',
          medium: 'cpc',
          channel: 'Paid Search',
        }),
      }),
    ]);
    expect(gtag).toHaveBeenCalledWith('event', 'conversion', { send_to: 'AW-123/abc', value: 50, currency: 'USD', transaction_id: e.id });
    expect(fbq).toHaveBeenCalledWith('track', 'Lead', { value: 50, currency: 'USD' }, { eventID: e.id });
    expect(fbq).toHaveBeenCalledTimes(1);
  });

  it('is harmless when the globals are missing, and skips ad platforms without ads consent', async () => {
    const fbq = vi.fn();
    const h = harness({ config: { gtagConversions: { form_submit: 'AW-1/x' }, metaPixel: { form_submit: 'Lead' } } });
    h.tracker.track('form_submit', lead());
    await h.tracker.flush();
    expect(h.ofType('form_submit')).toHaveLength(1);
    h.tracker.destroy();
    w.fbq = fbq;
    const denied = harness({ config: { consent: { ads: 'denied' }, metaPixel: { form_submit: 'Lead' } } });
    denied.tracker.track('form_submit', lead());
    await denied.tracker.flush();
    expect(fbq).not.toHaveBeenCalled();
  });
});

describe('URL scrubbing', () => {
  it('removes personal data by name and by value, keeps attribution, takes extra names', () => {
    expect(scrubUrl('https://a.vn/p?email=x%40y.com&q=shoes&phone=0901234567&utm_source=z&gclid=G&ref=a%40b.io&token=t&id=12345678')).toBe(
      'https://a.vn/p?q=shoes&utm_source=z&gclid=G&id=12345678',
    );
    expect(scrubUrl('https://a.vn/p?contact=%2B84901234567&mobile=1')).toBe('https://a.vn/p');
    expect(scrubUrl('https://a.vn/p?order=123&member=jo', ['member'])).toBe('https://a.vn/p?order=123');
    expect(scrubUrl('https://user:pw@a.vn/cb#access_token=abc&x=1')).toBe('https://a.vn/cb');
    expect(scrubUrl('https://a.vn/p#caf%E9')).toBe('https://a.vn/p#caf%E9'); // a malformed escape does not throw
  });

  it('applies scrubParams from config to page.url, referrer and landingPage', async () => {
    history.replaceState(null, '', '/offer?member=jo&utm_source=s&utm_medium=m');
    const h = harness({ config: { scrubParams: ['member'] } });
    await h.tracker.flush();
    const e = h.events()[0]!;
    expect(e.page.url).not.toContain('member');
    expect(e.attribution.first.landingPage).not.toContain('member');
  });
});
