/**
 * GA4's default channel group, computed by the collector with Google's whole source-category
 * list (data/ga4-source-categories.csv, 819 sources: the copy dbt-ga4 keeps of Google's
 * spreadsheet). The browser carries only the common part of that list, so the collector's
 * channel is the one the dashboard and the exports use; the browser's is kept beside it.
 * Rules in GA4's evaluation order, first match wins, matched case-insensitively
 * (shared/reference/channels-clickids.md §1).
 */
import { parse } from 'csv-parse/sync';
import sourceCategoriesCsv from '../../data/ga4-source-categories.csv?raw';

export type SourceCategory = 'SEARCH' | 'SOCIAL' | 'VIDEO' | 'SHOPPING';

export interface ChannelInput {
  source?: string;
  medium?: string;
  campaign?: string;
}

let categories: Map<string, SourceCategory> | undefined;

/** The list, parsed on first use: lowercased source -> category. */
function sourceCategories(): Map<string, SourceCategory> {
  if (!categories) {
    const rows = parse(sourceCategoriesCsv, { columns: true, skip_empty_lines: true, trim: true }) as {
      source: string;
      source_category: string;
    }[];
    categories = new Map(rows.map((r) => [r.source.toLowerCase(), r.source_category.replace('SOURCE_CATEGORY_', '') as SourceCategory]));
  }
  return categories;
}

/** The category of a source on Google's list (the whole source value, not a domain suffix). */
export function sourceCategory(source: string | undefined): SourceCategory | undefined {
  return sourceCategories().get((source ?? '').trim().toLowerCase());
}

/** Every source on the list, for tests and documentation. */
export function listedSources(): [string, SourceCategory][] {
  return [...sourceCategories()];
}

const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
const SHOP_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/;
const DISPLAY = /^(display|banner|expandable|interstitial|cpm)$/;
const SOCIAL_MEDIUM = /^(social|social-network|social-media|sm|social network|social media)$/;
const EMAIL = /^(email|e-mail|e_mail|e mail)$/;
const PUSH = /push$|mobile|notification/;

const lower = (v: string | undefined) => (v ?? '').trim().toLowerCase();

/** A traffic source as the rules read it: trimmed and lowercased, with its category on Google's list. */
interface Traffic {
  s: string;
  m: string;
  c: string;
  category: SourceCategory | undefined;
  /** A paid medium (cpc, ppc, paid…). */
  paid: boolean;
  /** A shopping source or campaign. */
  shop: boolean;
}

/** GA4's rules in its evaluation order: the first that matches names the channel. */
const RULES: readonly (readonly [(typeof CHANNELS)[number], (t: Traffic) => boolean])[] = [
  ['Direct', ({ s, m }) => s === '(direct)' && (m === '(not set)' || m === '(none)')],
  ['Cross-network', ({ c }) => c.includes('cross-network')],
  ['Paid Shopping', ({ paid, shop }) => paid && shop],
  ['Paid Search', ({ paid, category }) => paid && category === 'SEARCH'],
  ['Paid Social', ({ paid, category }) => paid && category === 'SOCIAL'],
  ['Paid Video', ({ paid, category }) => paid && category === 'VIDEO'],
  ['Display', ({ m }) => DISPLAY.test(m)],
  ['Paid Other', ({ paid }) => paid],
  ['Organic Shopping', ({ shop }) => shop],
  ['Organic Social', ({ m, category }) => category === 'SOCIAL' || SOCIAL_MEDIUM.test(m)],
  ['Organic Video', ({ m, category }) => category === 'VIDEO' || m.includes('video')],
  ['Organic Search', ({ m, category }) => category === 'SEARCH' || m === 'organic'],
  ['Referral', ({ m }) => /^(referral|app|link)$/.test(m)],
  ['Email', ({ s, m }) => EMAIL.test(s) || EMAIL.test(m)],
  ['Affiliates', ({ m }) => m === 'affiliate'],
  ['Audio', ({ m }) => m === 'audio'],
  ['SMS', ({ s, m }) => s === 'sms' || m === 'sms'],
  ['Mobile Push Notifications', ({ s, m }) => PUSH.test(m) || s === 'firebase'],
  // GA4 has not published where this rule sits; it only ever sees its own medium value.
  ['AI Assistant', ({ m }) => m === 'ai-assistant'],
];

/** The GA4 default channel group of a traffic source (source, medium, campaign). */
export function classifyChannel(input: ChannelInput): string {
  const s = lower(input.source);
  const m = lower(input.medium);
  const c = lower(input.campaign);
  const category = sourceCategory(s);
  const traffic: Traffic = { s, m, c, category, paid: PAID.test(m), shop: category === 'SHOPPING' || SHOP_CAMPAIGN.test(c) };
  return RULES.find(([, matches]) => matches(traffic))?.[0] ?? 'Unassigned';
}

/** Every channel name, in GA4's rule order (the dashboard's filter list). */
export const CHANNELS = [
  'Direct',
  'Cross-network',
  'Paid Shopping',
  'Paid Search',
  'Paid Social',
  'Paid Video',
  'Display',
  'Paid Other',
  'Organic Shopping',
  'Organic Social',
  'Organic Video',
  'Organic Search',
  'Referral',
  'Email',
  'Affiliates',
  'Audio',
  'SMS',
  'Mobile Push Notifications',
  'AI Assistant',
  'Unassigned',
] as const;
