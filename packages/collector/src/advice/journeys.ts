/**
 * The leads of the advice's window as journeys: where each started (its ad click, else the lead
 * itself), which funnel steps it reached and when, and what it was won for. Everything the
 * per-step figures (figures.ts) and the learned values (learned.ts) count comes from here.
 */
import type { StoredOutcome } from '../leads/outcome';
import type { LeadRecord } from '../store/types';

export const DAY_MS = 86_400_000;

/** Statuses that are not a step to bid on or to give a value to: a lost lead is no conversion (exports leave it out too). */
const NOT_STEPS: ReadonlySet<string> = new Set(['lost']);

export interface Journey {
  leadId: string;
  /** The lead's own type: its first step (form_submit, call_click… or a newer lead type). */
  leadType: string;
  /** The collector's channel of the lead's last touch. */
  channel: string;
  /** When the journey started (ms): the earliest first-seen of the lead's click ids, else the lead's own time. */
  start: number;
  /** Step → when the lead first reached it (ms): its own type at its time, each status at its earliest outcome. */
  steps: Map<string, number>;
  /** Leads with the status `won`. */
  won: boolean;
  /** The sum of its won outcomes' values in the site's currency, when it has any. */
  wonValue?: number;
  /** Currencies of its won values in another currency than the site's (left out of the average, never converted). */
  otherCurrencies: string[];
  /** A won lead whose won outcomes carry no value at all. */
  wonWithoutValue: boolean;
  /** Step → the value its conversion carries in the site's currency: the lead's own (the tracker's `values`), a status's outcomes' (summed). */
  values: Map<string, number>;
}

/** The ad click the journey starts from: the earliest click id seen, else the lead. */
function startOf(lead: LeadRecord): number {
  const clicks = lead.clickIds.map((c) => Date.parse(c.firstSeen)).filter((t) => Number.isFinite(t));
  const leadTime = Date.parse(lead.ts);
  return Math.min(leadTime, ...clicks);
}

/**
 * The site's currency: the most common currency among the won outcomes (ties: alphabetical);
 * without any, the most common among the leads' own values; null when nothing carries a currency.
 */
export function siteCurrency(leads: readonly LeadRecord[], until: Date): string | null {
  const count = (codes: (string | undefined)[]) => {
    const n = new Map<string, number>();
    for (const c of codes) if (c) n.set(c, (n.get(c) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  };
  const won = leads.flatMap((l) => l.outcomes.filter((o) => o.status === 'won' && o.time < until.toISOString() && o.value !== undefined));
  return count(won.map((o) => o.currency)) ?? count(leads.map((l) => (l.value !== undefined ? l.currency : undefined))) ?? null;
}

/** One lead as a journey; outcomes dated at or after `until` are not known yet. */
export function journeyOf(lead: LeadRecord, currency: string | null, until: Date): Journey {
  const j: Journey = {
    leadId: lead.eventId,
    leadType: lead.type,
    channel: lead.last.channel,
    start: startOf(lead),
    steps: new Map([[lead.type, Date.parse(lead.ts)]]),
    won: false,
    otherCurrencies: [],
    wonWithoutValue: false,
    values: new Map(),
  };
  if (lead.value !== undefined && lead.currency === currency) j.values.set(lead.type, lead.value);
  let wonValues = 0;
  for (const o of lead.outcomes) {
    const at = Date.parse(o.time);
    if (at >= until.getTime() || NOT_STEPS.has(o.status)) continue;
    if ((j.steps.get(o.status) ?? Infinity) > at) j.steps.set(o.status, at);
    if (o.value !== undefined && o.currency === currency) j.values.set(o.status, (j.values.get(o.status) ?? 0) + o.value);
    if (o.status === 'won') wonValues += addWon(j, o, currency);
  }
  const wonValue = j.values.get('won');
  if (wonValue !== undefined) j.wonValue = wonValue;
  j.wonWithoutValue = j.won && wonValues === 0;
  return j;
}

/** Marks the journey won; a value in another currency is noted. Returns 1 when the outcome carries a value. */
function addWon(j: Journey, o: StoredOutcome, currency: string | null): number {
  j.won = true;
  if (o.value === undefined) return 0;
  if (o.currency !== currency) j.otherCurrencies.push(o.currency ?? '?');
  return 1;
}

/** The lag of a journey to a step it reached, in days (never below 0: a click id first seen after its lead is the lead's). */
export const lagDays = (j: Journey, step: string): number => Math.max(0, (j.steps.get(step)! - j.start) / DAY_MS);

/**
 * The p-th percentile (0–1) of the values, by linear interpolation between the closest ranks
 * (numpy's and Excel PERCENTILE.INC's default); undefined for none.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}
