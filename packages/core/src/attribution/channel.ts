/**
 * GA4 default channel group for a (source, medium, campaign) triple: rules in GA4's
 * evaluation order, first match wins, matched case-insensitively.
 * Source: shared/reference/channels-clickids.md §1.
 */
export interface ChannelInput {
  source?: string;
  medium?: string;
  campaign?: string;
}

type Category = 'Search' | 'Social' | 'Video' | 'Shopping';

// Google's source-category list (ga4-source-categories.csv, 819 sources), matched against the
// whole source. The browser carries the sources sites commonly see, chosen by how often they
// send visitors and what they cost in bytes (README "Channels" gives the accuracy over the
// whole list; the collector uses all of it). Comma-separated; `x+` stands for `x` and `x.com`.
const LISTS: Record<Category, string> = {
  Search:
    '360.cn,aol,ask,baidu,bing,cn.bing.com,daum,daum.net,duckduckgo,ecosia.org,go.mail.ru,google,lens.google.com,m.baidu.com,' +
    'm.search.naver.com,msn+,naver+,news.google.com,onet.pl,play.google.com,qwant+,seznam,seznam.cz,so.com,sogou,yahoo+,yahoo.co.jp,yandex+,yandex.ru',
  Social:
    'facebook+,fb,m.facebook.com,l.facebook.com,lm.facebook.com,web.facebook.com,instagram+,l.instagram.com,ig,t.co,twitter+,linkedin+,lnkd.in,' +
    'tiktok+,reddit+,old.reddit.com,out.reddit.com,quora+,messenger+,l.messenger.com,whatsapp+,news.ycombinator.com,vk.com,weibo,snapchat,tumblr,' +
    'yelp+,tripadvisor+,medium.com,stackoverflow.com,zalo,chat.zalo.me,line,line.me,t.me,wechat,kakao,meetup,flickr,glassdoor,trustpilot,blogger,' +
    'wordpress,bit.ly,sites.google.com,groups.google.com',
  Video: 'youtube+,m.youtube.com,music.youtube.com,vimeo+,twitch,twitch.tv,netflix,dailymotion,ted,wistia',
  Shopping: 'google shopping,igshopping,amazon+,amazon.co.uk,ebay+,etsy,shopify,walmart,alibaba,mercadolibre,checkout.stripe.com,shop.app',
};
/** Families of the list written as patterns: Yahoo's country search hosts, Pinterest's country domains. */
const FAMILIES: [RegExp, Category][] = [
  [/^([a-z]+\.)?search\.yahoo\.com$/, 'Search'],
  [/^([a-z]{2}\.)?pinterest(\.com?)?(\.[a-z]{2})?$/, 'Social'],
];

let categories: Map<string, Category> | undefined;

/** The source's category in Google's list, '' when it is in none. The map is built on first use. */
export function sourceCategory(source: string): Category | '' {
  if (!categories) {
    categories = new Map();
    for (const [category, list] of Object.entries(LISTS) as [Category, string][])
      for (const name of list.split(',')) {
        const bare = name.replace(/\+$/, '');
        categories.set(bare, category);
        if (bare !== name) categories.set(bare + '.com', category);
      }
  }
  const family = FAMILIES.find(([re]) => re.test(source));
  return categories.get(source) || (family ? family[1] : '');
}

const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
const SHOP_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/;
const EMAIL = /^e[-_ ]?mail$/;

/** The rules after Organic Search that look at the medium (and source) only, in GA4's order. */
const BY_MEDIUM: [(s: string, m: string) => boolean, string][] = [
  [(_, m) => /^(referral|app|link)$/.test(m), 'Referral'],
  [(s, m) => EMAIL.test(s) || EMAIL.test(m), 'Email'],
  [(_, m) => m === 'affiliate', 'Affiliates'],
  [(_, m) => m === 'audio', 'Audio'],
  [(s, m) => s === 'sms' || m === 'sms', 'SMS'],
  [(s, m) => /push$|mobile|notification/.test(m) || s === 'firebase', 'Mobile Push Notifications'],
  [(_, m) => m === 'ai-assistant', 'AI Assistant'],
];

const lower = (v: string | undefined) => (v || '').toLowerCase();

/** Paid and organic channels from the source's list (and the medium where GA4 says so); '' when none applies. */
function byList(list: Category | '', shop: boolean, paid: boolean, m: string): string {
  // Paid Shopping, then Paid Search / Social / Video.
  if (paid && (shop || list)) return 'Paid ' + (shop ? 'Shopping' : list);
  if (/^(display|banner|expandable|interstitial|cpm)$/.test(m)) return 'Display';
  if (paid) return 'Paid Other';
  if (shop) return 'Organic Shopping';
  if (list === 'Social' || /^(social([ -](network|media))?|sm)$/.test(m)) return 'Organic Social';
  if (list === 'Video' || m.includes('video')) return 'Organic Video';
  if (list === 'Search' || m === 'organic') return 'Organic Search';
  return '';
}

export function classifyChannel(input: ChannelInput): string {
  const s = lower(input.source);
  const m = lower(input.medium);
  const c = lower(input.campaign);
  if (s === '(direct)' && (m === '(not set)' || m === '(none)')) return 'Direct';
  if (c.includes('cross-network')) return 'Cross-network';
  const list = sourceCategory(s);
  const listed = byList(list === 'Shopping' ? '' : list, list === 'Shopping' || SHOP_CAMPAIGN.test(c), PAID.test(m), m);
  const rule = BY_MEDIUM.find(([test]) => test(s, m));
  return listed || (rule ? rule[1] : 'Unassigned');
}
