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
  source: string;
  medium: string;
  campaign: string;
  category: SourceCategory | undefined;
  /** A paid medium (cpc, ppc, paid…). */
  paid: boolean;
  /** A shopping source or campaign. */
  shop: boolean;
}

/** GA4's rules in its evaluation order: the first that matches names the channel. */
const RULES: readonly (readonly [(typeof CHANNELS)[number], (t: Traffic) => boolean])[] = [
  ['Direct', ({ source, medium }) => source === '(direct)' && (medium === '(not set)' || medium === '(none)')],
  ['Cross-network', ({ campaign }) => campaign.includes('cross-network')],
  ['Paid Shopping', ({ paid, shop }) => paid && shop],
  ['Paid Search', ({ paid, category }) => paid && category === 'SEARCH'],
  ['Paid Social', ({ paid, category }) => paid && category === 'SOCIAL'],
  ['Paid Video', ({ paid, category }) => paid && category === 'VIDEO'],
  ['Display', ({ medium }) => DISPLAY.test(medium)],
  ['Paid Other', ({ paid }) => paid],
  ['Organic Shopping', ({ shop }) => shop],
  ['Organic Social', ({ medium, category }) => category === 'SOCIAL' || SOCIAL_MEDIUM.test(medium)],
  ['Organic Video', ({ medium, category }) => category === 'VIDEO' || medium.includes('video')],
  ['Organic Search', ({ medium, category }) => category === 'SEARCH' || medium === 'organic'],
  ['Referral', ({ medium }) => /^(referral|app|link)$/.test(medium)],
  ['Email', ({ source, medium }) => EMAIL.test(source) || EMAIL.test(medium)],
  ['Affiliates', ({ medium }) => medium === 'affiliate'],
  ['Audio', ({ medium }) => medium === 'audio'],
  ['SMS', ({ source, medium }) => source === 'sms' || medium === 'sms'],
  ['Mobile Push Notifications', ({ source, medium }) => PUSH.test(medium) || source === 'firebase'],
  // GA4 has not published where this rule sits; it only ever sees its own medium value.
  ['AI Assistant', ({ medium }) => medium === 'ai-assistant'],
];

/** The GA4 default channel group of a traffic source (source, medium, campaign). */
export function classifyChannel(input: ChannelInput): string {
  const source = lower(input.source);
  const medium = lower(input.medium);
  const campaign = lower(input.campaign);
  const category = sourceCategory(source);
  const shop = category === 'SHOPPING' || SHOP_CAMPAIGN.test(campaign);
  const traffic: Traffic = { source, medium, campaign, category, paid: PAID.test(medium), shop };
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
