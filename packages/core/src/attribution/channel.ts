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

// Google's source-category lists (the common entries; exact whole-source matches, lowercased).
// The browser carries the sources that make up nearly all traffic; see README for the rest.
const SEARCH =
  /^(google|bing|yahoo|baidu|duckduckgo|yandex|yandex\.(ru|com|ua|by|kz|com\.tr)|naver|daum|seznam|ecosia\.org|qwant|so\.com|sogou|msn|aol|ask|search\.yahoo\.com|vn\.search\.yahoo\.com|yahoo\.co\.jp|news\.google\.com|lens\.google\.com|play\.google\.com|google-play|m\.baidu\.com|search\.aol\.com|onet|rambler|seznam\.cz)$/;
const SOCIAL =
  /^(facebook|facebook\.com|fb|m\.facebook\.com|l\.facebook\.com|lm\.facebook\.com|web\.facebook\.com|instagram|instagram\.com|l\.instagram\.com|ig|t\.co|twitter|twitter\.com|mobile\.twitter\.com|linkedin|linkedin\.com|lnkd\.in|tiktok|tiktok\.com|pinterest|pinterest\.com|pinterest\.co\.uk|pinterest\.de|pinterest\.fr|reddit|reddit\.com|old\.reddit\.com|quora|quora\.com|zalo|chat\.zalo\.me|messenger|messenger\.com|whatsapp|whatsapp\.com|web\.whatsapp\.com|line|line\.me|t\.me|wechat|weibo|weibo\.com|kakao|snapchat|snapchat\.com|vk\.com|tumblr|tumblr\.com|discord|discord\.com|nextdoor|meetup|yelp|yelp\.com|tripadvisor|tripadvisor\.com|medium\.com)$/;
const VIDEO = /^(youtube|youtube\.com|m\.youtube\.com|music\.youtube\.com|vimeo|vimeo\.com|twitch|twitch\.tv|netflix|netflix\.com|dailymotion|dailymotion\.com|ted|ted\.com|wistia|wistia\.com|youku|iqiyi)$/;
const SHOPPING =
  /^(amazon|amazon\.com|amazon\.co\.uk|amazon\.de|ebay|ebay\.com|ebay\.co\.uk|etsy|etsy\.com|shopify|shopify\.com|walmart|walmart\.com|alibaba|alibaba\.com|aliexpress|mercadolibre|google shopping|igshopping|checkout\.stripe\.com|shopping\.yahoo\.com)$/;
const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
const SHOP_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/;
const EMAIL = /^(email|e-mail|e_mail|e mail)$/;

export function classifyChannel(input: ChannelInput): string {
  const s = (input.source || '').toLowerCase();
  const m = (input.medium || '').toLowerCase();
  const c = (input.campaign || '').toLowerCase();
  const paid = PAID.test(m);
  const shop = SHOPPING.test(s) || SHOP_CAMPAIGN.test(c);
  if (s === '(direct)' && (m === '(not set)' || m === '(none)')) return 'Direct';
  if (c.includes('cross-network')) return 'Cross-network';
  if (shop && paid) return 'Paid Shopping';
  if (SEARCH.test(s) && paid) return 'Paid Search';
  if (SOCIAL.test(s) && paid) return 'Paid Social';
  if (VIDEO.test(s) && paid) return 'Paid Video';
  if (/^(display|banner|expandable|interstitial|cpm)$/.test(m)) return 'Display';
  if (paid) return 'Paid Other';
  if (shop) return 'Organic Shopping';
  if (SOCIAL.test(s) || /^(social|social-network|social-media|sm|social network|social media)$/.test(m)) return 'Organic Social';
  if (VIDEO.test(s) || m.includes('video')) return 'Organic Video';
  if (SEARCH.test(s) || m === 'organic') return 'Organic Search';
  if (/^(referral|app|link)$/.test(m)) return 'Referral';
  if (EMAIL.test(s) || EMAIL.test(m)) return 'Email';
  if (m === 'affiliate') return 'Affiliates';
  if (m === 'audio') return 'Audio';
  if (s === 'sms' || m === 'sms') return 'SMS';
  if (/push$/.test(m) || m.includes('mobile') || m.includes('notification') || s === 'firebase') return 'Mobile Push Notifications';
  if (m === 'ai-assistant') return 'AI Assistant';
  return 'Unassigned';
}
