import type { Touch } from '../types';
import { iso } from '../util';
import { classifyChannel } from './channel';
import { CLICK_IDS, GOOGLE_CLICK_IDS } from './click-ids';

/** Hostname patterns of search engines, for `<engine> / organic` from a referrer. */
const ENGINES: [RegExp, string][] = [
  [/(^|\.)google\.[a-z.]+$/, 'google'],
  [/(^|\.)bing\.com$/, 'bing'],
  [/(^|\.)search\.yahoo\.[a-z.]+$|^yahoo\.[a-z.]+$/, 'yahoo'],
  [/(^|\.)duckduckgo\.com$/, 'duckduckgo'],
  [/(^|\.)baidu\.com$/, 'baidu'],
  [/(^|\.)yandex\.[a-z.]+$/, 'yandex'],
  [/(^|\.)naver\.com$/, 'naver'],
  [/(^|\.)ecosia\.org$/, 'ecosia.org'],
  [/(^|\.)coccoc\.com$/, 'coccoc'],
  [/(^|\.)search\.brave\.com$/, 'brave'],
];

/** Referrers GA4 counts as AI assistants (medium `ai-assistant`, campaign `(ai-assistant)`, May 2026). */
const AI = /(^|\.)(chatgpt\.com|chat\.openai\.com|gemini\.google\.com|claude\.ai|perplexity\.ai|copilot\.microsoft\.com)$/;

const UTM = ['source', 'medium', 'campaign', 'term', 'content', 'id'] as const;

export const host = (href: string): string => {
  try {
    return new URL(href).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
};

/** True for the site's own hosts: `example.com` also covers `shop.example.com` and back. */
export function sameSite(a: string, b: string): boolean {
  return a === b || a.endsWith('.' + b) || b.endsWith('.' + a);
}

/**
 * The touch a page load carries, or null for a direct or internal visit.
 * UTM tags win; then Google's click ids (google / cpc); then an external referrer
 * (search engines organic, other sites referral) unless it is one of `excluded` (payment
 * gateways, the site's other domains). `landingPage` and `referrer` must already be scrubbed.
 */
export function landingTouch(href: string, referrer: string, landingPage: string, now: number, excluded: readonly string[] = []): Touch | null {
  let params: URLSearchParams;
  try {
    params = new URL(href).searchParams;
  } catch {
    return null;
  }
  const clickIds: Record<string, string> = {};
  for (const [name, value] of params) {
    const key = name.toLowerCase() === 'sccid' ? 'sccid' : name;
    if (CLICK_IDS[key] && value) clickIds[key] = value;
  }
  const hasIds = Object.keys(clickIds).length > 0;
  const refHost = host(referrer);
  const external = !!refHost && ![host(href), ...excluded].some((h) => sameSite(refHost, h.replace(/^www\./, '')));
  const t: Partial<Touch> = {};
  if (params.get('utm_source') || params.get('utm_medium') || params.get('utm_campaign')) {
    for (const k of UTM) {
      const v = params.get('utm_' + k);
      if (v) t[k] = v;
    }
    t.source = t.source || '(not set)';
    t.medium = t.medium || '(not set)';
  } else if (GOOGLE_CLICK_IDS.some((k) => clickIds[k])) {
    t.source = 'google';
    t.medium = 'cpc';
  } else if (external && AI.test(refHost)) {
    t.source = refHost;
    t.medium = 'ai-assistant';
    t.campaign = '(ai-assistant)';
  } else if (external) {
    const engine = ENGINES.find(([re]) => re.test(refHost));
    t.source = engine ? engine[1] : refHost;
    t.medium = engine ? 'organic' : 'referral';
  } else if (!hasIds) {
    return null;
  } else {
    t.source = '(direct)';
    t.medium = '(none)';
  }
  const touch = { ...t, channel: classifyChannel(t), landingPage, ts: iso(now) } as Touch;
  if (hasIds) touch.clickIds = clickIds;
  if (external) touch.referrer = referrer;
  return touch;
}

export const directTouch = (landingPage: string, now: number): Touch => ({
  source: '(direct)',
  medium: '(none)',
  channel: 'Direct',
  landingPage,
  ts: iso(now),
});

/** Two touches belong to the same campaign when source, medium, campaign, term and content agree. */
export const campaignKey = (t: Touch | undefined): string => (t ? [t.source, t.medium, t.campaign, t.term, t.content].join('|') : '');
