import type { Touch } from '../types';
import { iso } from '../util';
import { classifyChannel } from './channel';
import { isClickId } from '@leadbeacon/wire';

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

/** A page load: its URL, its referrer and landing page (both already scrubbed), when, and the referrers that never start a touch. */
export interface Landing {
  href: string;
  referrer: string;
  landingPage: string;
  now: number;
  /** Payment gateways, the site's other domains. */
  excluded?: readonly string[];
}

/** The click ids the landing URL carries, under their own names (`sccid` in any case). */
function clickIdsOf(params: URLSearchParams): Record<string, string> {
  const clickIds: Record<string, string> = {};
  for (const [name, value] of params) {
    const key = name.toLowerCase() === 'sccid' ? 'sccid' : name;
    if (isClickId(key) && value) clickIds[key] = value;
  }
  return clickIds;
}

/** Source and medium from an external referrer: a search engine's search is organic, an AI assistant its own medium, else a referral. */
function fromReferrer(refHost: string): Partial<Touch> {
  const engine = ENGINES.find(([re]) => re.test(refHost));
  if (AI.test(refHost)) return { source: refHost, medium: 'ai-assistant', campaign: '(ai-assistant)' };
  return { source: engine ? engine[1] : refHost, medium: engine ? 'organic' : 'referral' };
}

/** UTM tags first, then Google's auto-tagging ids (google / cpc), then an external referrer. */
function sourceOf(params: URLSearchParams, clickIds: Record<string, string>, refHost: string | false): Partial<Touch> | undefined {
  const utm: Partial<Touch> = {};
  for (const k of UTM) {
    const v = params.get('utm_' + k);
    if (v) utm[k] = v;
  }
  if (utm.source || utm.medium || utm.campaign) return { source: '(not set)', medium: '(not set)', ...utm };
  if (clickIds.gclid || clickIds.gbraid || clickIds.wbraid || clickIds.dclid) return { source: 'google', medium: 'cpc' };
  return refHost ? fromReferrer(refHost) : undefined;
}

/**
 * The touch a page load carries, or null for a direct or internal visit.
 * UTM tags win; then Google's click ids (google / cpc); then an external referrer
 * (search engines organic, other sites referral) unless it is one of `excluded`; then, with
 * click ids only, a direct touch.
 */
export function landingTouch({ href, referrer, landingPage, now, excluded = [] }: Landing): Touch | null {
  let params: URLSearchParams;
  try {
    params = new URL(href).searchParams;
  } catch {
    return null;
  }
  const clickIds = clickIdsOf(params);
  const hasIds = Object.keys(clickIds).length > 0;
  const refHost = host(referrer);
  const external = !!refHost && ![host(href), ...excluded].some((h) => sameSite(refHost, bare(h)));
  const t = sourceOf(params, clickIds, external && refHost);
  if (!t && !hasIds) return null;
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
