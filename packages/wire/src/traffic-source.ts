import type { Touch, TouchFacts } from './events';

/**
 * A version-2 touch's source and medium (and campaign, term, content, id), as GA4 derives them
 * from what the browser saw: UTM tags first; then Google's auto-tagging ids (google / cpc); then
 * an external referrer (a search engine's search is `<engine> / organic`, an AI assistant
 * `<host> / ai-assistant`, any other site `<host> / referral`); else `(direct) / (none)`. The
 * collector adds the channel (its GA4 classifier over Google's whole source list);
 * `leadbeacon/channel` does the same in the browser, with a compact list.
 */
export type TrafficSource = Pick<Touch, 'source' | 'medium' | 'campaign' | 'term' | 'content' | 'id'>;

/**
 * Search engines' own search hosts, for `<engine> / organic` from a referrer. As in GA4, only
 * the search itself: another host of the same company (`mail.google.com`, `news.yahoo.com`)
 * is that host as a referral, whose channel then follows Google's source list.
 */
const ENGINES: [RegExp, string][] = [
  [/^google\.[a-z.]+$/, 'google'],
  [/^(cn\.)?bing\.com$/, 'bing'],
  [/^([a-z]+\.)?search\.yahoo\.[a-z.]+$|^yahoo\.[a-z.]+$/, 'yahoo'],
  [/^duckduckgo\.com$/, 'duckduckgo'],
  [/^(m\.)?baidu\.com$/, 'baidu'],
  [/^yandex\.[a-z.]+$|^ya\.ru$/, 'yandex'],
  [/^(m\.)?search\.naver\.com$/, 'naver'],
  [/^ecosia\.org$/, 'ecosia.org'],
  [/^coccoc\.com$/, 'coccoc'],
  [/^search\.brave\.com$/, 'brave'],
];

/** Referrers GA4 counts as AI assistants (medium `ai-assistant`, campaign `(ai-assistant)`, May 2026). */
const AI = /(^|\.)(chatgpt\.com|chat\.openai\.com|gemini\.google\.com|claude\.ai|perplexity\.ai|copilot\.microsoft\.com)$/;

/** The UTM tags a touch keeps: `utm_source` as `source`, … */
export const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content', 'id'] as const;

/** Google's auto-tagging click ids: with no UTM tags, the visit is `google / cpc`. */
const GOOGLE_ADS_IDS = ['gclid', 'gbraid', 'wbraid', 'dclid'];

/** The host of a URL without `www.`; '' when it is none. */
export function referrerHost(href: string): string {
  try {
    return new URL(href).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Source and medium from an external referrer's host. */
function fromReferrer(host: string): TrafficSource {
  if (AI.test(host)) return { source: host, medium: 'ai-assistant', campaign: '(ai-assistant)' };
  const engine = ENGINES.find(([re]) => re.test(host));
  return { source: engine ? engine[1] : host, medium: engine ? 'organic' : 'referral' };
}

/** The touch's source and medium, with the UTM tags' campaign, term, content and id (see TrafficSource). */
export function trafficSource(touch: TouchFacts): TrafficSource {
  const utm = touch.utm;
  if (utm && (utm.source || utm.medium || utm.campaign)) {
    const out: TrafficSource = { source: '(not set)', medium: '(not set)' };
    for (const key of UTM_KEYS) if (typeof utm[key] === 'string' && utm[key]) out[key] = utm[key];
    return out;
  }
  const ids = touch.clickIds || {};
  if (GOOGLE_ADS_IDS.some((name) => ids[name])) return { source: 'google', medium: 'cpc' };
  const host = touch.referrer ? referrerHost(touch.referrer) : '';
  return host ? fromReferrer(host) : { source: '(direct)', medium: '(none)' };
}
