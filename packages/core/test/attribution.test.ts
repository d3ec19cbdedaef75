import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyChannel } from '../src/attribution/channel';
import { interpretTouch } from '../src/attribution/interpret';
import { landingTouch } from '../src/attribution/touch';
import { destroyAll, harness, memoryStorage } from './harness';

// [source, medium, campaign, channel] — derived from GA4's rules and evaluation order
// (shared/reference/channels-clickids.md §1).
const VECTORS: [string, string, string, string][] = [
  ['(direct)', '(none)', '', 'Direct'],
  ['(direct)', '(not set)', '', 'Direct'],
  ['(direct)', 'organic', '', 'Organic Search'],
  ['google', 'cpc', 'pmax_cross-network_vn', 'Cross-network'],
  ['newsletter', 'email', 'cross-network', 'Cross-network'],
  ['google', 'cpc', 'summer_shop', 'Paid Shopping'],
  ['google', 'cpc', 'Shopping_VN', 'Paid Shopping'],
  ['amazon', 'cpc', '', 'Paid Shopping'],
  ['google', 'cpc', 'brand', 'Paid Search'],
  ['Google', 'CPC', '', 'Paid Search'],
  ['bing', 'ppc', '', 'Paid Search'],
  ['yahoo', 'paidsearch', '', 'Paid Search'],
  ['facebook', 'paid_social', '', 'Paid Social'],
  ['zalo', 'cpc', '', 'Paid Social'],
  ['tiktok', 'paid', '', 'Paid Social'],
  ['facebook', 'social_paid', '', 'Organic Social'],
  ['youtube', 'cpv', '', 'Paid Video'],
  ['google', 'display', '', 'Display'],
  ['partner', 'banner', '', 'Display'],
  ['newsletter', 'cpm', '', 'Display'],
  ['network', 'interstitial', '', 'Display'],
  ['partner', 'cpa', '', 'Paid Other'],
  ['example', 'retargeting', '', 'Paid Other'],
  ['coccoc', 'cpc', '', 'Paid Other'],
  ['ebay', 'referral', '', 'Organic Shopping'],
  ['blog', 'referral', 'shopping-week', 'Organic Shopping'],
  ['blog', 'referral', 'eshop', 'Organic Shopping'],
  ['blog', 'referral', 'shop2024', 'Organic Shopping'],
  ['blog', 'referral', 'bookshop', 'Referral'],
  ['mailer', 'email', 'workshop', 'Email'],
  ['instagram', 'referral', '', 'Organic Social'],
  ['Facebook', 'Social', '', 'Organic Social'],
  ['forum', 'social-network', '', 'Organic Social'],
  ['forum', 'sm', '', 'Organic Social'],
  ['chat.zalo.me', 'referral', '', 'Organic Social'],
  ['vimeo', 'referral', '', 'Organic Video'],
  ['partner', 'video', '', 'Organic Video'],
  ['bing', 'organic', '', 'Organic Search'],
  ['coccoc', 'organic', '', 'Organic Search'],
  ['duckduckgo', 'referral', '', 'Organic Search'],
  ['coccoc.com', 'referral', '', 'Referral'],
  ['x.com', 'referral', '', 'Referral'],
  ['example.com', 'referral', '', 'Referral'],
  ['partner', 'app', '', 'Referral'],
  ['partner', 'link', '', 'Referral'],
  ['email', '(not set)', '', 'Email'],
  ['crm', 'e-mail', '', 'Email'],
  ['crm', 'e_mail', '', 'Email'],
  ['network', 'affiliate', '', 'Affiliates'],
  ['spotify', 'audio', '', 'Audio'],
  ['sms', '(not set)', '', 'SMS'],
  ['crm', 'sms', '', 'SMS'],
  ['app', 'push', '', 'Mobile Push Notifications'],
  ['onesignal', 'web-push', '', 'Mobile Push Notifications'],
  ['firebase', '(not set)', '', 'Mobile Push Notifications'],
  ['app', 'mobile', '', 'Mobile Push Notifications'],
  ['app', 'in-app-notification', '', 'Mobile Push Notifications'],
  ['chatgpt.com', 'ai-assistant', '(ai-assistant)', 'AI Assistant'],
  ['partner', 'print', '', 'Unassigned'],
  ['(not set)', '(not set)', '', 'Unassigned'],
];

describe('classifyChannel (GA4 default channel group)', () => {
  it(`has at least 40 vectors`, () => expect(VECTORS.length).toBeGreaterThanOrEqual(40));
  it.each(VECTORS)('%s / %s / %s → %s', (source, medium, campaign, channel) => {
    expect(classifyChannel({ source, medium, campaign })).toBe(channel);
  });
});

describe('landingTouch', () => {
  const NOW = Date.parse('2026-11-23T08:00:00Z');
  // The facts of the landing, named as the tracker named them before wire format version 2
  // (leadbeacon/channel; the collector's naming is held to the same in collector/test/facts.test.ts).
  const t = (href: string, referrer = '', excluded: string[] = []) => {
    const touch = landingTouch({ href, referrer, landingPage: href, now: NOW, excluded });
    return touch && interpretTouch(touch);
  };

  it('takes UTM tags first, all six, kept as received', () => {
    expect(
      t(
        'https://shop.vn/?utm_source=Newsletter&utm_medium=email&utm_campaign=Nov&utm_term=ac&utm_content=hero&utm_id=42&gclid=Cj0KCQ-AbC',
        'https://www.google.com/',
      ),
    ).toMatchObject({
      source: 'Newsletter',
      medium: 'email',
      campaign: 'Nov',
      term: 'ac',
      content: 'hero',
      id: '42',
      channel: 'Email',
      clickIds: { gclid: 'Cj0KCQ-AbC' },
    });
    expect(t('https://shop.vn/?utm_campaign=x')).toMatchObject({ source: '(not set)', medium: '(not set)', campaign: 'x' });
  });

  it('keeps every click id of the reference table, case as received', () => {
    const ids = {
      gclid: 'A1',
      gbraid: 'B2',
      wbraid: 'C3',
      dclid: 'D4',
      gad_source: '1',
      gad_campaignid: '99',
      fbclid: 'IwAR_x',
      msclkid: 'm5',
      ttclid: 'E.C.P.t',
      li_fat_id: 'l6',
      twclid: 't7',
      epik: 'e8',
      rdt_cid: 'r9',
      yclid: 'y0',
      qclid: 'q1',
      irclid: 'i2',
    };
    const touch = t('https://shop.vn/?' + new URLSearchParams(ids) + '&ScCid=SnapX');
    expect(touch!.clickIds).toEqual({ ...ids, sccid: 'SnapX' });
    expect(t('https://shop.vn/?constructor=x&toString=y')).toBeNull(); // not click ids
  });

  it('a Google click id with no UTM is google / cpc', () => {
    expect(t('https://shop.vn/?gclid=abc', 'https://www.google.com/')).toMatchObject({
      source: 'google',
      medium: 'cpc',
      channel: 'Paid Search',
    });
    expect(t('https://shop.vn/?wbraid=abc')).toMatchObject({ source: 'google', medium: 'cpc' });
  });

  it('a search engine referrer is organic, another site a referral, the own site and exclusions nothing', () => {
    expect(t('https://shop.vn/', 'https://www.google.com.vn/')).toMatchObject({
      source: 'google',
      medium: 'organic',
      channel: 'Organic Search',
      referrer: 'https://www.google.com.vn/',
    });
    expect(t('https://shop.vn/', 'https://duckduckgo.com/')).toMatchObject({ source: 'duckduckgo', medium: 'organic' });
    expect(t('https://shop.vn/', 'https://coccoc.com/search?q=x')).toMatchObject({
      source: 'coccoc',
      medium: 'organic',
      channel: 'Organic Search',
    });
    expect(t('https://shop.vn/', 'https://www.dantri.com.vn/a')).toMatchObject({
      source: 'dantri.com.vn',
      medium: 'referral',
      channel: 'Referral',
    });
    expect(t('https://shop.vn/', 'https://l.facebook.com/')).toMatchObject({
      source: 'l.facebook.com',
      medium: 'referral',
      channel: 'Organic Social',
    });
    expect(t('https://shop.vn/', 'https://chatgpt.com/')).toMatchObject({
      medium: 'ai-assistant',
      campaign: '(ai-assistant)',
      channel: 'AI Assistant',
    });
    expect(t('https://www.shop.vn/b', 'https://shop.vn/a')).toBeNull();
    expect(t('https://shop.vn/b', 'https://blog.shop.vn/a')).toBeNull();
    expect(t('https://shop.vn/thanks', 'https://www.paypal.com/checkout', ['paypal.com'])).toBeNull();
    expect(t('https://shop.vn/')).toBeNull();
  });
});

describe('first and last touch, sessions and click id windows', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') }));
  afterEach(() => {
    destroyAll();
    vi.useRealTimers();
    history.replaceState(null, '', '/');
  });

  /** One page load on `url` with `referrer`, in a visitor's storage; returns its first event as the collector stores it. */
  async function visit(storage: Storage, url: string, referrer = '', config = {}) {
    history.replaceState(null, '', url);
    Object.defineProperty(document, 'referrer', { configurable: true, get: () => referrer });
    const h = harness({ storage, config });
    await h.tracker.flush();
    h.tracker.destroy();
    return h.stored()[0]!;
  }
  const later = (days: number) => vi.setSystemTime(Date.now() + days * 86_400_000);

  it('keeps the first touch, moves the last on a new campaign but not on a direct return', async () => {
    const s = memoryStorage();
    const a = await visit(s, '/?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=G1');
    expect(a.attribution.first).toMatchObject({ source: 'google', campaign: 'brand', clickIds: { gclid: 'G1' } });
    later(0.01);
    const b = await visit(s, '/pricing'); // a later page, same session
    expect(b.attribution.last).toMatchObject({ campaign: 'brand' });
    expect(b.sessionId).toBe(a.sessionId);
    later(0.01);
    const c = await visit(s, '/?utm_source=newsletter&utm_medium=email&utm_campaign=nov'); // a second campaign
    expect(c.attribution.first).toMatchObject({ campaign: 'brand' });
    expect(c.attribution.last).toMatchObject({ source: 'newsletter', campaign: 'nov', channel: 'Email' });
    expect(c.sessionId).not.toBe(b.sessionId); // a new campaign starts a new session
    later(2);
    const d = await visit(s, '/'); // a direct return days later
    expect(d.attribution.last).toMatchObject({ campaign: 'nov' });
    expect(d.sessionId).not.toBe(c.sessionId);
    const e = await visit(s, '/', 'https://www.bing.com/'); // a search referrer
    expect(e.attribution.last).toMatchObject({ source: 'bing', medium: 'organic', channel: 'Organic Search' });
    expect(e.attribution.first).toMatchObject({ campaign: 'brand' });
  });

  it('drops click ids past their platform window, counted from first seen', async () => {
    const s = memoryStorage();
    await visit(s, '/?utm_source=facebook&utm_medium=paid_social&fbclid=F1&gclid=G1');
    later(6);
    expect((await visit(s, '/')).attribution.last.clickIds).toEqual({ fbclid: 'F1', gclid: 'G1' });
    later(2); // 8 days: Meta's 7 are over, Google's 90 are not
    expect((await visit(s, '/')).attribution.last.clickIds).toEqual({ gclid: 'G1' });
    // The same id seen again keeps its first-seen time.
    expect((await visit(s, '/?utm_source=facebook&utm_medium=paid_social&fbclid=F1')).attribution.last.clickIds).toBeUndefined();
    later(83);
    expect((await visit(s, '/')).attribution.first.clickIds).toBeUndefined();
  });

  it('replaces the first touch after the configured window', async () => {
    const s = memoryStorage();
    await visit(s, '/?utm_source=a&utm_medium=b', '', { firstTouchDays: 30 });
    later(29);
    expect((await visit(s, '/?utm_source=c&utm_medium=d', '', { firstTouchDays: 30 })).attribution.first.source).toBe('a');
    later(31);
    expect((await visit(s, '/?utm_source=e&utm_medium=f', '', { firstTouchDays: 30 })).attribution.first.source).toBe('e');
  });

  it('ignores configured referrer exclusions', async () => {
    const e = await visit(memoryStorage(), '/thanks', 'https://www.paypal.com/pay', { referrerExclusions: ['paypal.com'] });
    expect(e.attribution.last.channel).toBe('Direct');
  });
});
