/// <reference types="node" />
/**
 * The browser's channels (`leadbeacon/channel`, for sites that want them in the browser) against Google's whole source-category list (the collector's copy,
 * packages/collector/data/ga4-source-categories.csv: 819 sources), with the collector's
 * classifier, which uses all of it, as the reference. README "Channels" quotes the accuracy
 * measured here; this test checks the quote.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyChannel as reference } from '@leadbeacon/collector';
import { classifyChannel, sourceCategory } from '../src/attribution/channel';
import { interpretTouch } from '../src/attribution/interpret';
import { landingTouch } from '../src/attribution/touch';

const root = (path: string) => fileURLToPath(new URL('../../../' + path, import.meta.url));
const CATEGORY = {
  SOURCE_CATEGORY_SEARCH: 'Search',
  SOURCE_CATEGORY_SOCIAL: 'Social',
  SOURCE_CATEGORY_VIDEO: 'Video',
  SOURCE_CATEGORY_SHOPPING: 'Shopping',
};
const LIST = readFileSync(root('packages/collector/data/ga4-source-categories.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',') as [string, keyof typeof CATEGORY]);

/**
 * Sources every site sees (the referrers and UTM sources at the top of GA4 reports of ordinary
 * sites, in any country): each must be right in the browser.
 */
const COMMON = [
  ...['google', 'bing', 'yahoo', 'yahoo.com', 'yahoo.co.jp', 'us.search.yahoo.com', 'vn.search.yahoo.com', 'uk.search.yahoo.com'],
  ...['baidu', 'm.baidu.com', 'duckduckgo', 'yandex', 'yandex.ru', 'yandex.com', 'naver', 'naver.com', 'm.search.naver.com', 'daum'],
  ...['daum.net', 'seznam', 'seznam.cz', 'ecosia.org', 'qwant', 'qwant.com', 'sogou', 'so.com', '360.cn', 'msn', 'msn.com', 'aol'],
  ...['ask', 'news.google.com', 'play.google.com', 'lens.google.com', 'cn.bing.com', 'go.mail.ru', 'onet.pl'],
  ...['facebook', 'facebook.com', 'm.facebook.com', 'l.facebook.com', 'lm.facebook.com', 'web.facebook.com', 'fb', 'instagram'],
  ...['instagram.com', 'l.instagram.com', 'ig', 't.co', 'twitter', 'twitter.com', 'linkedin', 'linkedin.com', 'lnkd.in', 'tiktok'],
  ...['tiktok.com', 'pinterest', 'pinterest.com', 'pinterest.co.uk', 'pinterest.de', 'reddit', 'reddit.com', 'old.reddit.com'],
  ...['out.reddit.com', 'quora', 'quora.com', 'messenger', 'messenger.com', 'l.messenger.com', 'whatsapp', 'whatsapp.com'],
  ...['news.ycombinator.com', 'vk.com', 'weibo', 'snapchat', 'tumblr', 'yelp', 'yelp.com', 'tripadvisor', 'tripadvisor.com'],
  ...['medium.com', 'stackoverflow.com', 'zalo', 'chat.zalo.me', 'line', 'line.me', 't.me', 'wechat', 'kakao', 'meetup'],
  ...['flickr', 'glassdoor', 'trustpilot', 'blogger', 'wordpress', 'bit.ly', 'sites.google.com', 'groups.google.com'],
  ...['youtube', 'youtube.com', 'm.youtube.com', 'music.youtube.com', 'vimeo', 'vimeo.com', 'twitch', 'twitch.tv', 'netflix'],
  ...['dailymotion', 'ted', 'wistia'],
  ...['google shopping', 'igshopping', 'amazon', 'amazon.com', 'amazon.co.uk', 'ebay', 'ebay.com', 'etsy', 'shopify', 'walmart'],
  ...['alibaba', 'mercadolibre', 'checkout.stripe.com', 'shop.app'],
];

const MEDIUMS = ['referral', 'cpc'];

/** How many of the list's source × {referral, cpc} cases the browser gets right. */
function accuracy() {
  let right = 0;
  for (const [source] of LIST)
    for (const medium of MEDIUMS) right += +(classifyChannel({ source, medium }) === reference({ source, medium }));
  return { right, of: LIST.length * MEDIUMS.length };
}

describe("channels against Google's source-category list", () => {
  it('gets every source sites commonly see right, paid and organic', () => {
    const wrong = COMMON.flatMap((source) =>
      MEDIUMS.filter((medium) => classifyChannel({ source, medium }) !== reference({ source, medium })).map((m) => `${source} / ${m}`),
    );
    expect(wrong).toEqual([]);
    for (const s of COMMON) expect(LIST.some(([listed]) => listed.toLowerCase() === s)).toBe(true);
  });

  it('carries no source the list does not have, and none in the wrong category', () => {
    const listed = new Map(LIST.map(([s, c]) => [s.toLowerCase(), CATEGORY[c]]));
    for (const [source, category] of listed) {
      const carried = sourceCategory(source);
      if (carried) expect([source, carried]).toEqual([source, category]);
    }
    for (const s of ['mail.google.com', 'x.com', 'github.com', 'outlook.live.com', 'discord.com', 'aliexpress', 'nextdoor', 'zalo.me'])
      expect([s, sourceCategory(s)]).toEqual([s, '']);
  });

  it("README quotes the browser's accuracy over the whole list", () => {
    const { right, of } = accuracy();
    const readme = readFileSync(root('packages/core/README.md'), 'utf8');
    const quoted = /gets ([\d,]+) of the ([\d,]+) cases/.exec(readme);
    expect(quoted && [quoted[1], quoted[2]]).toEqual([right.toLocaleString('en-US'), of.toLocaleString('en-US')]);
    // Was 246 of 1,638 before issue 15.
    expect(right / of).toBeGreaterThan(0.2);
  });
});

describe('source and medium from a referrer, as GA4 derives them', () => {
  const touch = (referrer: string) => {
    const t = interpretTouch(landingTouch({ href: 'https://shop.example/', referrer, landingPage: 'https://shop.example/', now: 0 })!);
    return [t.source, t.medium, t.channel];
  };
  it.each([
    ['https://www.google.com/', 'google', 'organic', 'Organic Search'],
    ['https://www.google.co.uk/', 'google', 'organic', 'Organic Search'],
    ['https://mail.google.com/mail/u/0/', 'mail.google.com', 'referral', 'Referral'],
    ['https://news.google.com/articles/x', 'news.google.com', 'referral', 'Organic Search'],
    ['https://sites.google.com/view/x', 'sites.google.com', 'referral', 'Organic Social'],
    ['https://www.bing.com/', 'bing', 'organic', 'Organic Search'],
    ['https://search.yahoo.com/search?p=x', 'yahoo', 'organic', 'Organic Search'],
    ['https://mail.yahoo.com/', 'mail.yahoo.com', 'referral', 'Referral'],
    ['https://search.naver.com/search.naver?query=x', 'naver', 'organic', 'Organic Search'],
    ['https://www.naver.com/', 'naver.com', 'referral', 'Organic Search'],
    ['https://www.msn.com/en-us/news', 'msn.com', 'referral', 'Organic Search'],
    ['https://l.messenger.com/l.php?u=x', 'l.messenger.com', 'referral', 'Organic Social'],
    ['https://news.ycombinator.com/item?id=1', 'news.ycombinator.com', 'referral', 'Organic Social'],
    ['https://coccoc.com/search?query=x', 'coccoc', 'organic', 'Organic Search'],
    ['https://github.com/x/y', 'github.com', 'referral', 'Referral'],
  ])('%s is %s / %s (%s)', (referrer, source, medium, channel) => {
    expect(touch(referrer)).toEqual([source, medium, channel]);
  });
});
