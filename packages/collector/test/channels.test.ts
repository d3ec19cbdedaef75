// The collector's GA4 default channel group (src/leads/channels.ts): one vector per rule of
// shared/reference/channels-clickids.md §1, in GA4's order, including the cases where an earlier
// rule must win over a later one, written by hand from the rule text, not from the code.
import { describe, expect, it } from 'vitest';
import { classifyChannel, listedSources, sourceCategory } from '../src/leads/channels';

const VECTORS: [source: string, medium: string, campaign: string, channel: string][] = [
  ['(direct)', '(none)', '', 'Direct'],
  ['(direct)', '(not set)', '', 'Direct'],
  ['google', 'cpc', 'pmax cross-network spring', 'Cross-network'],
  ['amazon', 'cpc', '', 'Paid Shopping'],
  ['newsletter-partner', 'ppc', 'summer_shop', 'Paid Shopping'],
  ['google', 'cpc', '', 'Paid Search'],
  ['bing', 'ppc', '', 'Paid Search'],
  ['naver', 'cpc', '', 'Paid Search'],
  ['facebook', 'paid_social', '', 'Paid Social'], // paid.* anchored at the start
  ['zalo', 'cpc', '', 'Paid Social'],
  ['youtube', 'cpv', '', 'Paid Video'],
  ['example-network.com', 'display', '', 'Display'],
  ['example-network.com', 'cpm', '', 'Display'], // cpm is paid, but Display comes before Paid Other
  ['google', 'cpm', '', 'Paid Search'], // ... and Paid Search before Display
  ['coccoc', 'cpc', '', 'Paid Other'], // Cốc Cốc is not on Google's list
  ['partner.example', 'retargeting', '', 'Paid Other'],
  ['partner.example', 'ppc', 'workshop', 'Paid Other'], // "workshop" is not a shop campaign
  ['partner.example', 'social_paid', '', 'Unassigned'], // neither paid (paid.* is anchored) nor a social medium
  ['ebay', 'referral', '', 'Organic Shopping'],
  ['newsletter', 'email', 'black friday shopping', 'Organic Shopping'], // before Email
  ['l.facebook.com', 'referral', '', 'Organic Social'],
  ['chat.zalo.me', 'referral', '', 'Organic Social'],
  ['partner.example', 'social-network', '', 'Organic Social'],
  ['youtube.com', 'referral', '', 'Organic Video'],
  ['partner.example', 'video-promo', '', 'Organic Video'],
  ['google', 'organic', '', 'Organic Search'],
  ['coccoc', 'organic', '', 'Organic Search'], // by its medium
  ['mail.google.com', 'referral', '', 'Referral'], // Gmail is not on the list (the CSV, whatever the prose says)
  ['partner.example', 'referral', '', 'Referral'],
  ['shopee.vn', 'referral', '', 'Referral'], // Vietnamese marketplaces are not on the list
  ['partner.example', 'app', '', 'Referral'],
  ['partner.example', 'link', '', 'Referral'],
  ['newsletter', 'email', 'november', 'Email'],
  ['e-mail', 'newsletter', '', 'Email'],
  ['partner.example', 'affiliate', '', 'Affiliates'],
  ['podcast', 'audio', '', 'Audio'],
  ['sms', 'text', '', 'SMS'],
  ['crm', 'sms', '', 'SMS'],
  ['onesignal', 'web-push', '', 'Mobile Push Notifications'],
  ['firebase', 'inapp', '', 'Mobile Push Notifications'],
  ['crm', 'mobile-notification', '', 'Mobile Push Notifications'],
  ['chatgpt.com', 'ai-assistant', '(ai-assistant)', 'AI Assistant'],
  ['partner.example', 'print', '', 'Unassigned'],
  ['', '', '', 'Unassigned'],
];

describe("the collector's GA4 channel", () => {
  it.each(VECTORS)('%s / %s (campaign "%s") is %s', (source, medium, campaign, channel) => {
    expect(classifyChannel({ source, medium, campaign })).toBe(channel);
  });

  it('matches sources, mediums and campaigns case-insensitively, and trims them', () => {
    expect(classifyChannel({ source: ' Google ', medium: 'CPC' })).toBe('Paid Search');
    expect(classifyChannel({ source: 'Facebook.com', medium: 'Referral' })).toBe('Organic Social');
    expect(classifyChannel({ source: 'x', medium: 'PPC', campaign: 'Summer_Shop' })).toBe('Paid Shopping');
  });

  it("reads Google's whole list: 819 sources in four categories, matched on the whole source value", () => {
    const all = listedSources();
    expect(all).toHaveLength(819);
    const counts = Object.fromEntries(['SEARCH', 'SOCIAL', 'VIDEO', 'SHOPPING'].map((c) => [c, all.filter(([, cat]) => cat === c).length]));
    expect(counts).toEqual({ SEARCH: 129, SOCIAL: 592, VIDEO: 46, SHOPPING: 52 });
    expect(sourceCategory('m.facebook.com')).toBe('SOCIAL');
    expect(sourceCategory('facebook.com.evil.example')).toBeUndefined(); // not a suffix match
  });
});
