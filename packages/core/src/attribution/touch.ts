import type { Touch } from '../types';
import { iso } from '../util';
import { classifyChannel } from './channel';
import { isClickId } from '@leadbeacon/wire';

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

const bare = (hostname: string) => hostname.replace(/^www\./, '');

const host = (href: string): string => {
  try {
    return bare(new URL(href).hostname);
  } catch {
    return '';
  }
};

/** True for the site's own hosts: `example.com` also covers `shop.example.com` and back. */
const sameSite = (a: string, b: string): boolean => a === b || a.endsWith('.' + b) || b.endsWith('.' + a);

/**
 * The touch a page load carries, or null for a direct or internal visit.
 * UTM tags win; then Google's click ids (google / cpc); then an external referrer
 * (search engines organic, other sites referral) unless it is one of `excluded` (payment
 * gateways, the site's other domains); then, with click ids only, a direct touch.
 * `landingPage` and `referrer` must already be scrubbed.
 */
export function landingTouch(
  href: string,
  referrer: string,
  landingPage: string,
  now: number,
  excluded: readonly string[] = [],
): Touch | null {
  let params: URLSearchParams;
  try {
    params = new URL(href).searchParams;
  } catch {
    return null;
  }
  const clickIds: Record<string, string> = {};
  for (const [name, value] of params) {
    const key = name.toLowerCase() === 'sccid' ? 'sccid' : name;
    if (isClickId(key) && value) clickIds[key] = value;
  }
  const utm: Partial<Touch> = {};
  for (const k of UTM) {
    const v = params.get('utm_' + k);
    if (v) utm[k] = v;
  }
  const hasIds = Object.keys(clickIds).length > 0;
  const refHost = host(referrer);
  const external = !!refHost && ![host(href), ...excluded].some((h) => sameSite(refHost, bare(h)));
  let t: Partial<Touch> | undefined;
  if (utm.source || utm.medium || utm.campaign) {
    t = { source: '(not set)', medium: '(not set)', ...utm };
  } else if (clickIds.gclid || clickIds.gbraid || clickIds.wbraid || clickIds.dclid) {
    // Google's auto-tagging ids with no UTM.
    t = { source: 'google', medium: 'cpc' };
  } else if (external) {
    const engine = ENGINES.find(([re]) => re.test(refHost));
    t = AI.test(refHost)
      ? { source: refHost, medium: 'ai-assistant', campaign: '(ai-assistant)' }
      : { source: engine ? engine[1] : refHost, medium: engine ? 'organic' : 'referral' };
  } else if (!hasIds) {
    return null;
  }
  const touch = t ? ({ ...t, channel: classifyChannel(t), landingPage, ts: iso(now) } as Touch) : directTouch(landingPage, now);
  if (hasIds) touch.clickIds = clickIds;
  if (external) touch.referrer = referrer;
  return touch;
}

// Written out, channel included: a direct visit then never runs the channel rules, whose source
// regexes V8 would compile (about 30 KB of heap and a few ms after start-up, measured).
export const directTouch = (landingPage: string, now: number): Touch => ({
  source: '(direct)',
  medium: '(none)',
  channel: 'Direct',
  landingPage,
  ts: iso(now),
});

/** Two touches belong to the same campaign when source, medium, campaign, term and content agree. */
export const campaignKey = (t: Touch | undefined): string => (t ? [t.source, t.medium, t.campaign, t.term, t.content].join('|') : '');
