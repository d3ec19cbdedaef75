import type { Touch } from '../types';
import { iso } from '../util';
import { isClickId, type Utm } from '@leadbeacon/wire';

/**
 * What a page load says of where the visit came from, as facts (wire format version 2): the
 * landing URL's UTM tags and click ids and an external referrer. The collector names the source,
 * medium and channel (`leadbeacon/channel` does in the browser, for sites that want it there).
 */

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

/** The UTM tags of the landing URL, when it has `utm_source`, `utm_medium` or `utm_campaign` (the others alone start no touch). */
function utmOf(params: URLSearchParams): Utm | undefined {
  const utm: Utm = {};
  for (const k of UTM) {
    const v = params.get('utm_' + k);
    if (v) utm[k] = v;
  }
  return utm.source || utm.medium || utm.campaign ? utm : undefined;
}

/**
 * The touch a page load carries, or null for a direct or internal visit: its UTM tags, click ids
 * and referrer when that is another site (not the site's own, not one of `excluded`).
 */
export function landingTouch({ href, referrer, landingPage, now, excluded = [] }: Landing): Touch | null {
  let params: URLSearchParams;
  try {
    params = new URL(href).searchParams;
  } catch {
    return null;
  }
  const clickIds = clickIdsOf(params);
  const utm = utmOf(params);
  const refHost = host(referrer);
  const external = !!refHost && ![host(href), ...excluded].some((h) => sameSite(refHost, bare(h)));
  const hasIds = Object.keys(clickIds).length > 0;
  if (!utm && !hasIds && !external) return null;
  const touch = directTouch(landingPage, now);
  if (utm) touch.utm = utm;
  if (hasIds) touch.clickIds = clickIds;
  if (external) touch.referrer = referrer;
  return touch;
}

/** A direct visit's touch: nothing but where and when (the collector names it `(direct) / (none)`, Direct). */
export const directTouch = (landingPage: string, now: number): Touch => ({ landingPage, ts: iso(now) });

/**
 * A touch's campaign, for "a new campaign starts a new session": its UTM tags, else Google's
 * click ids, else its referrer's host (an older script's stored touch: its source and medium).
 */
export function campaignKey(t: Touch | undefined): string {
  if (!t) return '';
  const u = t.utm || t;
  const ids = t.clickIds || {};
  if (u.source || u.medium || u.campaign) return [u.source, u.medium, u.campaign, u.term, u.content].join('|');
  return ids.gclid || ids.gbraid || ids.wbraid || ids.dclid ? 'google|cpc' : host(t.referrer || '');
}
