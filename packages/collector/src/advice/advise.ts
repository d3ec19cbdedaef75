/**
 * The bidding advice (issue 24): per-step figures over a window (default the last 90 days), each
 * step's learned value, which step to bid on, and how long values have been sent. What
 * `advise --json` prints, `GET /api/advice` answers and the dashboard's Bidding panel shows; the
 * uploads and exports take their learned values from it (apply.ts).
 */
import type { EventStore } from '../store/types';
import { stepFigures, maturityDays, type StepFigures } from './figures';
import { DAY_MS, journeyOf, siteCurrency } from './journeys';
import { learnedValue, roundMoney, type Learned } from './learned';
import { adviceWords, biddable, reasonFor, type ReasonContext } from './reasons';

export const ADVICE_DAYS = 90;

export interface AdviceStep {
  step: string;
  count: number;
  last30: number;
  lagMedianDays: number | null;
  lagP90Days: number | null;
  rateToWon: number | null;
  /** null: fewer than 10 won leads with a value behind it; the configured value is kept. */
  learnedValue: number | null;
  /** The average value the step's conversions carry today (the tracker's `values`, the CRM's), when they carry one. */
  configuredValue?: number;
  role: 'primary' | 'secondary';
  reason: string;
  /** Channel → learned value, pulled toward the step's (README); only with a learned value. */
  byChannel?: Record<string, number>;
}

export interface Advice {
  since: string;
  until: string;
  currency: string | null;
  primary: string | null;
  valueDataDays: number;
  steps: AdviceStep[];
  /** The advice in plain sentences. */
  advice: string[];
}

export interface AdviceOptions {
  since?: Date;
  /** Default now. */
  until?: Date;
}

/** The deepest biddable step; among lead types (equally deep), the one with the most conversions in 30 days. */
export function primaryStep(figures: readonly StepFigures[]): string | null {
  const ok = figures.filter(biddable);
  const deepest = ok.at(-1);
  if (!deepest) return null;
  if (deepest.kind === 'outcome') return deepest.step;
  return ok.reduce((best, f) => (f.last30 > best.last30 ? f : best)).step;
}

const rounded = (n: number | undefined, digits: number) => (n === undefined ? null : Number(n.toFixed(digits)));

/**
 * Whole days since the first upload (the ledger's sentAt, else acceptedAt) of a conversion of a
 * step that carries a value (its own or a learned one); 0 when none was uploaded.
 */
async function valueDataDays(store: EventStore, valued: ReadonlySet<string>, until: Date): Promise<number> {
  let first = Infinity;
  for (const state of ['sent', 'accepted'] as const)
    for (const u of await store.uploads({ state })) {
      const at = Date.parse(u.sentAt ?? u.acceptedAt ?? '');
      if (valued.has(u.step) && at < first) first = at;
    }
  return Number.isFinite(first) ? Math.max(0, Math.floor((until.getTime() - first) / DAY_MS)) : 0;
}

function adviceStep(f: StepFigures, learned: Learned, c: ReasonContext): AdviceStep {
  const { primary, currency } = c;
  return {
    step: f.step,
    count: f.count,
    last30: f.last30,
    lagMedianDays: rounded(f.lagMedianDays, 2),
    lagP90Days: rounded(f.lagP90Days, 2),
    rateToWon: rounded(f.rateToWon, 4),
    learnedValue: learned.value ?? null,
    ...(f.configuredValue !== undefined ? { configuredValue: roundMoney(f.configuredValue, currency) } : {}),
    role: f.step === primary ? 'primary' : 'secondary',
    reason: reasonFor(f, learned, c),
    ...(learned.value !== undefined ? { byChannel: learned.byChannel } : {}),
  };
}

/** The advice for the window [since, until) from the store's leads, outcomes and upload ledger. */
export async function advise(store: EventStore, options: AdviceOptions = {}): Promise<Advice> {
  const until = options.until ?? new Date();
  const since = options.since ?? new Date(until.getTime() - ADVICE_DAYS * DAY_MS);
  if (!(since < until)) throw new RangeError(`since (${since.toISOString()}) must be before until (${until.toISOString()})`);
  const leads = await store.leads({ since, until });
  const currency = siteCurrency(leads, until);
  const journeys = leads.map((l) => journeyOf(l, currency, until));
  const maturity = maturityDays(journeys);
  const figures = stepFigures(journeys, { until, maturityDays: maturity });
  const primary = primaryStep(figures);
  const learned = new Map(figures.map((f) => [f.step, learnedValue(f, currency)]));
  const primaryIsLeadType = figures.some((f) => f.step === primary && f.kind === 'lead');
  const context = { primary, primaryIsLeadType, currency, maturityDays: maturity };
  const steps = figures.map((f) => adviceStep(f, learned.get(f.step)!, context));
  const valued = new Set(steps.filter((s) => s.learnedValue !== null || s.configuredValue !== undefined).map((s) => s.step));
  const days = await valueDataDays(store, valued, until);
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    currency,
    primary,
    valueDataDays: days,
    steps,
    advice: adviceWords(
      primary,
      steps.filter((s) => s.role === 'secondary').map((s) => s.step),
      days,
    ),
  };
}
