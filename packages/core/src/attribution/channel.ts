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

// Google's source-category lists (the common entries; exact whole-source matches, lowercased),
// with shared suffixes factored out: `(facebook|…)(\.com)?` is `facebook` and `facebook.com`.
// The browser carries the sources that make up nearly all traffic; see README for the rest.
// No source is in two lists.
const SEARCH =
  /^(google(-play)?|bing|yahoo(\.co\.jp)?|baidu|duckduckgo|yandex(\.(ru|com|ua|by|kz|com\.tr))?|naver|daum|seznam(\.cz)?|ecosia\.org|qwant|sogou|msn|aol|ask|onet|rambler|((news|lens|play)\.google|(vn\.)?search\.yahoo|m\.baidu|search\.aol|so)\.com)$/;
const SOCIAL =
  /^((facebook|instagram|twitter|linkedin|tiktok|pinterest|reddit|quora|messenger|whatsapp|weibo|snapchat|tumblr|discord|yelp|tripadvisor)(\.com)?|((m|l|lm|web)\.facebook|l\.instagram|mobile\.twitter|old\.reddit|web\.whatsapp|vk|medium)\.com|fb|ig|t\.(co|me)|lnkd\.in|pinterest\.(co\.uk|de|fr)|zalo|chat\.zalo\.me|line(\.me)?|wechat|kakao|nextdoor|meetup)$/;
const VIDEO = /^((youtube|vimeo|netflix|dailymotion|ted|wistia)(\.com)?|(m|music)\.youtube\.com|twitch(\.tv)?|youku|iqiyi)$/;
const SHOPPING =
  /^((amazon|ebay|etsy|shopify|walmart|alibaba)(\.com)?|(amazon|ebay)\.co\.uk|amazon\.de|aliexpress|mercadolibre|google shopping|igshopping|(checkout\.stripe|shopping\.yahoo)\.com)$/;
const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
const SHOP_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/;
const EMAIL = /^e[-_ ]?mail$/;

const lower = (v: string | undefined) => (v || '').toLowerCase();

export function classifyChannel(input: ChannelInput): string {
  const s = lower(input.source);
  const m = lower(input.medium);
  const c = lower(input.campaign);
  const paid = PAID.test(m);
  const shop = SHOPPING.test(s) || SHOP_CAMPAIGN.test(c);
  // The source's list; the lists are disjoint, so the order of these tests does not matter.
  const list = SEARCH.test(s) ? 'Search' : SOCIAL.test(s) ? 'Social' : VIDEO.test(s) ? 'Video' : '';
  if (s === '(direct)' && (m === '(not set)' || m === '(none)')) return 'Direct';
  if (c.includes('cross-network')) return 'Cross-network';
  // Paid Shopping, then Paid Search / Social / Video.
  if (paid && (shop || list)) return 'Paid ' + (shop ? 'Shopping' : list);
  if (/^(display|banner|expandable|interstitial|cpm)$/.test(m)) return 'Display';
  if (paid) return 'Paid Other';
  if (shop) return 'Organic Shopping';
  if (list === 'Social' || /^(social([ -](network|media))?|sm)$/.test(m)) return 'Organic Social';
  if (list === 'Video' || m.includes('video')) return 'Organic Video';
  if (list === 'Search' || m === 'organic') return 'Organic Search';
  if (/^(referral|app|link)$/.test(m)) return 'Referral';
  if (EMAIL.test(s) || EMAIL.test(m)) return 'Email';
  if (m === 'affiliate') return 'Affiliates';
  if (m === 'audio') return 'Audio';
  if (s === 'sms' || m === 'sms') return 'SMS';
  if (/push$|mobile|notification/.test(m) || s === 'firebase') return 'Mobile Push Notifications';
  if (m === 'ai-assistant') return 'AI Assistant';
  return 'Unassigned';
}
