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

const SEARCH = /^(google|bing|yahoo|baidu|duckduckgo|yandex|naver|daum|seznam|ecosia\.org|qwant|so\.com|sogou|msn|aol|ask|startpage|brave|search\.brave\.com)$/;
const SOCIAL =
  /^(facebook|facebook\.com|fb|m\.facebook\.com|l\.facebook\.com|lm\.facebook\.com|instagram|instagram\.com|ig|t\.co|twitter|twitter\.com|linkedin|linkedin\.com|lnkd\.in|tiktok|tiktok\.com|pinterest|pinterest\.com|reddit|reddit\.com|quora|zalo|chat\.zalo\.me|messenger|messenger\.com|whatsapp|whatsapp\.com|line|line\.me|t\.me|wechat|weibo|kakao|snapchat|vk\.com)$/;
const VIDEO = /^(youtube|youtube\.com|m\.youtube\.com|music\.youtube\.com|vimeo|vimeo\.com|twitch|twitch\.tv|netflix|dailymotion|ted|wistia)$/;
const SHOPPING = /^(amazon|amazon\.com|ebay|ebay\.com|etsy|etsy\.com|shopify|walmart|alibaba|mercadolibre|google shopping|igshopping|checkout\.stripe\.com)$/;
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
