import type { CallsFigures } from './calls';
import type { QualityFilter } from '../quality/held';
import type { QualityFigures } from './quality';
import { addDays, startOfLocalDay } from '../exports/time';
import type { Advice } from '../advice/advise';
import type { MatchingFigures } from './matching';
import type { UploadsFigures } from './uploads';
import { LEAD_TYPES, type LeadType } from '@leadbeacon/wire';
import type { ForwardFigures } from '../http/forward-routes';
import type { DashboardFacts, EventStore, LeadFact, LeadRecord } from '../store/types';

/** Sums per currency: values in different currencies are never added together. */
export type Money = Record<string, number>;

export interface DashboardFilter {
  /** First local day shown, YYYY-MM-DD. */
  from: string;
  /** Last local day shown (inclusive), YYYY-MM-DD. */
  to: string;
  type?: LeadType;
  channel?: string;
  /** Which leads the Lead quality view lists (held ones by default). */
  quality?: QualityFilter;
}

export interface Breakdown {
  key: string;
  visits?: number;
  leads: number;
  value: Money;
  qualified: number;
  won: number;
  wonValue: Money;
}

export interface FunnelStep {
  step: string;
  label: string;
  count: number;
  value: Money;
  /** Share of the step it follows (lead types: of visits), or undefined when that is 0. */
  rate?: number;
  /** Indented under "Leads". */
  sub?: boolean;
}

export interface DashboardView {
  filter: DashboardFilter;
  timeZone: string;
  days: { date: string; counts: Record<LeadType, number> }[];
  totals: { visits: number; leads: number; value: Money; qualified: number; won: number; wonValue: Money };
  funnel: FunnelStep[];
  byChannel: Breakdown[];
  bySource: Breakdown[];
  byCampaign: Breakdown[];
  recent: LeadRecord[];
  unmatchedOutcomes: number;
  /** When the collector forwards: delivered since start, waiting, parked. */
  forwarding?: ForwardFigures;
  /** Per destination with ledger rows: what sync delivered (the Uploads view). */
  uploads?: UploadsFigures[];
  /** The bidding advice over the 90 days up to the range's end (the Bidding panel). */
  bidding?: Advice;
  /** How CRM outcomes matched their leads, and the latest still waiting. */
  matching?: MatchingFigures;
  /** With call tracking: calls by source, answered and missed, and each pool's use. */
  calls?: CallsFigures;
  /** Verdict counts, held back, the listed leads (the Lead quality view). */
  quality?: QualityFigures;
}

export const RECENT_LEADS = 50;
const TOP = 10;

export function addMoney(into: Money, value: number | undefined, currency: string | undefined): void {
  if (value === undefined) return;
  const c = currency ?? '';
  into[c] = (into[c] ?? 0) + value;
}

const zeroCounts = () => Object.fromEntries(LEAD_TYPES.map((t) => [t, 0])) as Record<LeadType, number>;

/** Per lead: reached qualified (or won), won, and the values of those outcomes. */
function outcomesByLead(facts: DashboardFacts) {
  const out = new Map<string, { qualified: boolean; won: boolean; qualifiedValue: Money; wonValue: Money }>();
  for (const o of facts.outcomes) {
    let s = out.get(o.leadEventId);
    if (!s) out.set(o.leadEventId, (s = { qualified: false, won: false, qualifiedValue: {}, wonValue: {} }));
    if (o.status === 'qualified') {
      s.qualified = true;
      addMoney(s.qualifiedValue, o.value, o.currency);
    }
    if (o.status === 'won') {
      s.qualified = s.won = true;
      addMoney(s.wonValue, o.value, o.currency);
    }
  }
  return out;
}

function breakdown(
  leads: LeadFact[],
  keyOf: (l: LeadFact) => string,
  outcomes: ReturnType<typeof outcomesByLead>,
  limit = Infinity,
): Breakdown[] {
  const rows = new Map<string, Breakdown>();
  for (const l of leads) {
    const key = keyOf(l);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, leads: 0, value: {}, qualified: 0, won: 0, wonValue: {} }));
    row.leads++;
    addMoney(row.value, l.value, l.currency);
    const o = outcomes.get(l.eventId);
    if (o?.qualified) row.qualified++;
    if (o?.won) {
      row.won++;
      for (const [c, v] of Object.entries(o.wonValue)) addMoney(row.wonValue, v, c);
    }
  }
  return [...rows.values()].sort((a, b) => b.leads - a.leads || a.key.localeCompare(b.key)).slice(0, limit);
}

function funnel(visits: number, leads: LeadFact[], outcomes: ReturnType<typeof outcomesByLead>): FunnelStep[] {
  const rate = (n: number, of: number) => (of > 0 ? n / of : undefined);
  const value: Money = {};
  const byType = LEAD_TYPES.map((t) => ({ step: t, label: t, count: 0, value: {} as Money, sub: true }));
  const qualified = { count: 0, value: {} as Money };
  const won = { count: 0, value: {} as Money };
  for (const l of leads) {
    addMoney(value, l.value, l.currency);
    const row = byType.find((r) => r.step === l.type)!;
    row.count++;
    addMoney(row.value, l.value, l.currency);
    const o = outcomes.get(l.eventId);
    if (o?.qualified) {
      qualified.count++;
      for (const [c, v] of Object.entries(o.qualifiedValue)) addMoney(qualified.value, v, c);
    }
    if (o?.won) {
      won.count++;
      for (const [c, v] of Object.entries(o.wonValue)) addMoney(won.value, v, c);
    }
  }
  return [
    { step: 'visits', label: 'Visits', count: visits, value: {} },
    { step: 'leads', label: 'Leads', count: leads.length, value, ...opt(rate(leads.length, visits)) },
    ...byType.map((r) => ({ ...r, ...opt(rate(r.count, visits)) })),
    { step: 'qualified', label: 'Qualified', count: qualified.count, value: qualified.value, ...opt(rate(qualified.count, leads.length)) },
    { step: 'won', label: 'Won', count: won.count, value: won.value, ...opt(rate(won.count, qualified.count)) },
  ];
}

/**
 * Leads per local day and type. Each day's start is worked out once (Intl is slow per lead) and
 * each lead goes to its day by binary search, exact across DST changes and half-hour zones.
 */
function perDay(leads: LeadFact[], filter: DashboardFilter, timeZone: string): DashboardView['days'] {
  const days: DashboardView['days'] = [];
  const starts: number[] = [];
  for (let d = filter.from; d <= filter.to; d = addDays(d, 1)) {
    days.push({ date: d, counts: zeroCounts() });
    starts.push(startOfLocalDay(d, timeZone).getTime());
  }
  for (const l of leads) {
    const t = Date.parse(l.ts);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    if (t >= starts[0]!) days[lo]!.counts[l.type]++;
  }
  return days;
}

const opt = (rate: number | undefined) => (rate === undefined ? {} : { rate });

/** Everything the dashboard shows for a filter, from two store reads. */
export async function dashboardView(store: EventStore, filter: DashboardFilter, timeZone: string): Promise<DashboardView> {
  const since = startOfLocalDay(filter.from, timeZone);
  const until = startOfLocalDay(addDays(filter.to, 1), timeZone);
  const types = filter.type ? [filter.type] : undefined;
  const q = { since, until, ...(types ? { types } : {}), ...(filter.channel ? { channel: filter.channel } : {}) };
  const [facts, recent] = await Promise.all([store.facts(q), store.leads({ ...q, order: 'desc', limit: RECENT_LEADS })]);
  const outcomes = outcomesByLead(facts);

  const days = perDay(facts.leads, filter, timeZone);
  const steps = funnel(facts.visits, facts.leads, outcomes);
  const byChannel = breakdown(facts.leads, (l) => l.channel, outcomes);
  // Channels with visits but no lead still show, with their visits: that is where leads are missing.
  for (const [channel, visits] of Object.entries(facts.visitsByChannel)) {
    if (filter.channel && channel !== filter.channel) continue;
    const row = byChannel.find((r) => r.key === channel);
    if (row) row.visits = visits;
    else byChannel.push({ key: channel, visits, leads: 0, value: {}, qualified: 0, won: 0, wonValue: {} });
  }
  const at = (step: string) => steps.find((s) => s.step === step)!;
  return {
    filter,
    timeZone,
    days,
    totals: {
      visits: facts.visits,
      leads: facts.leads.length,
      value: at('leads').value,
      qualified: at('qualified').count,
      won: at('won').count,
      wonValue: at('won').value,
    },
    funnel: steps,
    byChannel,
    bySource: breakdown(facts.leads, (l) => `${l.source} / ${l.medium}`, outcomes, TOP),
    byCampaign: breakdown(
      facts.leads.filter((l) => l.campaign),
      (l) => l.campaign!,
      outcomes,
      TOP,
    ),
    recent,
    unmatchedOutcomes: facts.unmatchedOutcomes,
  };
}
