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

/** The GA4 default channel group of a traffic source (source, medium, campaign). */
export function classifyChannel(input: ChannelInput): string {
  const s = lower(input.source);
  const m = lower(input.medium);
  const c = lower(input.campaign);
  const category = sourceCategory(s);
  const paid = PAID.test(m);
  const shop = category === 'SHOPPING' || SHOP_CAMPAIGN.test(c);
  if (s === '(direct)' && (m === '(not set)' || m === '(none)')) return 'Direct';
  if (c.includes('cross-network')) return 'Cross-network';
  if (paid && shop) return 'Paid Shopping';
  if (paid && category === 'SEARCH') return 'Paid Search';
  if (paid && category === 'SOCIAL') return 'Paid Social';
  if (paid && category === 'VIDEO') return 'Paid Video';
  if (DISPLAY.test(m)) return 'Display';
  if (paid) return 'Paid Other';
  if (shop) return 'Organic Shopping';
  if (category === 'SOCIAL' || SOCIAL_MEDIUM.test(m)) return 'Organic Social';
  if (category === 'VIDEO' || m.includes('video')) return 'Organic Video';
  if (category === 'SEARCH' || m === 'organic') return 'Organic Search';
  if (/^(referral|app|link)$/.test(m)) return 'Referral';
  if (EMAIL.test(s) || EMAIL.test(m)) return 'Email';
  if (m === 'affiliate') return 'Affiliates';
  if (m === 'audio') return 'Audio';
  if (s === 'sms' || m === 'sms') return 'SMS';
  if (PUSH.test(m) || s === 'firebase') return 'Mobile Push Notifications';
  // GA4 has not published where this rule sits; it only ever sees its own medium value.
  if (m === 'ai-assistant') return 'AI Assistant';
  return 'Unassigned';
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
