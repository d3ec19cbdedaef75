/**
 * Per-step figures over the window (issue 24, point 1): how many reached each step, how many in
 * the last 30 days, the delay from the ad click to the step (median and 90th percentile, days),
 * the share that reached `won` and the average won value. Leads still too young to have had their
 * chance (younger than the 90th-percentile delay to `won`) are left out of the rate and value.
 */
import { LEAD_TYPES } from '@leadbeacon/wire';
import { DAY_MS, lagDays, percentile, type Journey } from './journeys';

export const RECENT_DAYS = 30;

export interface StepFigures {
  step: string;
  kind: 'lead' | 'outcome';
  /** Leads that reached the step in the window. */
  count: number;
  /** Of those, reached in the last 30 days before `until`. */
  last30: number;
  lagMedianDays?: number;
  lagP90Days?: number;
  /** The journeys that reached it and are old enough to have had their chance to be won. */
  mature: Journey[];
  /** Journeys that reached it but are younger than the delay to won: out of the rate. */
  young: number;
  /** Of the mature ones: won, and won with a value in the site's currency (sum of those values). */
  won: number;
  wonWithValue: number;
  wonValueSum: number;
  /** Won values in other currencies, per currency (left out of the average). */
  otherCurrencies: Map<string, number>;
  /** Won without any value. */
  wonWithoutValue: number;
  /** Share of the mature ones that reached won; undefined with no mature lead. */
  rateToWon?: number;
  /** Average won value (site's currency) of the mature won ones; undefined without any. */
  averageWonValue?: number;
  /** The average of the values the step's conversions carry today in the site's currency (the tracker's `values`, the CRM's). */
  configuredValue?: number;
}

/** The steps of the journeys in funnel order: lead types (the wire's order), then statuses by median delay, `won` last. */
export function orderedSteps(figures: readonly StepFigures[]): StepFigures[] {
  // The wire's lead types in its order; a newer lead type (calls from a call tracker) after them.
  const leadRank = (s: string) => ((LEAD_TYPES as readonly string[]).includes(s) ? LEAD_TYPES.indexOf(s as never) : LEAD_TYPES.length);
  const leads = figures
    .filter((f) => f.kind === 'lead')
    .sort((a, b) => leadRank(a.step) - leadRank(b.step) || a.step.localeCompare(b.step));
  const statuses = figures
    .filter((f) => f.kind === 'outcome' && f.step !== 'won')
    .sort((a, b) => (a.lagMedianDays ?? 0) - (b.lagMedianDays ?? 0) || a.step.localeCompare(b.step));
  return [...leads, ...statuses, ...figures.filter((f) => f.step === 'won')];
}

/** Days a lead needs to have had its chance to be won: the 90th percentile of the delay to won (0 with no won lead). */
export function maturityDays(journeys: readonly Journey[]): number {
  return (
    percentile(
      journeys.filter((j) => j.steps.has('won')).map((j) => lagDays(j, 'won')),
      0.9,
    ) ?? 0
  );
}

function emptyFigures(step: string, kind: StepFigures['kind']): StepFigures {
  return {
    step,
    kind,
    count: 0,
    last30: 0,
    mature: [],
    young: 0,
    won: 0,
    wonWithValue: 0,
    wonValueSum: 0,
    otherCurrencies: new Map(),
    wonWithoutValue: 0,
  };
}

/** Adds a mature journey's won facts to the step. */
function addMature(f: StepFigures, j: Journey): void {
  f.mature.push(j);
  if (!j.won) return;
  f.won++;
  if (j.wonValue !== undefined) {
    f.wonWithValue++;
    f.wonValueSum += j.wonValue;
  } else if (j.wonWithoutValue) f.wonWithoutValue++;
  for (const c of j.otherCurrencies) f.otherCurrencies.set(c, (f.otherCurrencies.get(c) ?? 0) + 1);
}

export interface FiguresWindow {
  until: Date;
  /** Days a journey must have run (since its click) to count in the rates. */
  maturityDays: number;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The figures of every step the journeys reached, in funnel order. */
export function stepFigures(journeys: readonly Journey[], w: FiguresWindow): StepFigures[] {
  const byStep = new Map<string, StepFigures>();
  const lags = new Map<string, number[]>();
  const values = new Map<string, number[]>();
  const recentFrom = w.until.getTime() - RECENT_DAYS * DAY_MS;
  for (const j of journeys) {
    const mature = w.until.getTime() - j.start >= w.maturityDays * DAY_MS;
    for (const [step, at] of j.steps) {
      let f = byStep.get(step);
      if (!f) byStep.set(step, (f = emptyFigures(step, step === j.leadType ? 'lead' : 'outcome')));
      f.count++;
      if (at >= recentFrom) f.last30++;
      push(lags, step, lagDays(j, step));
      if (mature) addMature(f, j);
      else f.young++;
      const carried = j.values.get(step);
      if (carried !== undefined) push(values, step, carried);
    }
  }
  for (const f of byStep.values()) finish(f, lags.get(f.step) ?? [], values.get(f.step) ?? []);
  return orderedSteps([...byStep.values()]);
}

/** The step's medians, rate and averages from what was gathered. */
function finish(f: StepFigures, lags: number[], carried: number[]): void {
  const median = percentile(lags, 0.5);
  const p90 = percentile(lags, 0.9);
  if (median !== undefined) f.lagMedianDays = median;
  if (p90 !== undefined) f.lagP90Days = p90;
  if (f.mature.length) f.rateToWon = f.won / f.mature.length;
  if (f.wonWithValue) f.averageWonValue = f.wonValueSum / f.wonWithValue;
  if (carried.length) f.configuredValue = carried.reduce((a, b) => a + b, 0) / carried.length;
}
