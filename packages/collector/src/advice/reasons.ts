/**
 * The plain words of the advice: why each step is primary or secondary, what stands behind its
 * value, and the advice as a whole. The rules (README "Bidding: which step, which values"):
 * a step to bid on has at least 30 conversions in the last 30 days and a median delay from the ad
 * click of at most 5 days; the deepest such step is the primary one; about 30 days of value data
 * are advised before a campaign switches to value-based bidding.
 */
import type { StepFigures } from './figures';
import { MIN_WON_FOR_VALUE, roundMoney, type Learned } from './learned';

export const MIN_RECENT_CONVERSIONS = 30;
export const MAX_MEDIAN_LAG_DAYS = 5;
export const VALUE_DATA_DAYS_ADVISED = 30;

const days = (n: number | undefined) => (n === undefined ? '?' : `${Number(n.toFixed(1))} day${Number(n.toFixed(1)) === 1 ? '' : 's'}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** "1,948,276 VND", "333.33 USD": rounded to the currency's minor unit. */
export const money = (n: number, currency: string | null) =>
  `${roundMoney(n, currency).toLocaleString('en-US', { maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ''}`;

/** Enough conversions soon enough to bid on. */
export const biddable = (f: StepFigures): boolean =>
  f.last30 >= MIN_RECENT_CONVERSIONS && f.lagMedianDays !== undefined && f.lagMedianDays <= MAX_MEDIAN_LAG_DAYS;

/** "qualified: 40 in 30 days, median 1 day after the click: …" */
function roleWords(f: StepFigures, c: ReasonContext): string {
  const { primary } = c;
  const head = `${f.step}: ${f.last30} in 30 days, median ${days(f.lagMedianDays)} after the click`;
  if (f.step === primary) return `${head}: the deepest step with enough conversions soon enough: bid on it (primary)`;
  if (biddable(f))
    return `${head}: enough and soon enough, but ${primary} is ${c.primaryIsLeadType ? 'the stronger signal (more in 30 days)' : 'deeper'}: secondary`;
  const few = f.last30 < MIN_RECENT_CONVERSIONS;
  const late = !(f.lagMedianDays !== undefined && f.lagMedianDays <= MAX_MEDIAN_LAG_DAYS);
  if (few && late) return `${head}: too few and too late to bid on`;
  if (few) return `${head}: too few to bid on (${MIN_RECENT_CONVERSIONS} in 30 days needed)`;
  return `${head}: too late to bid on (a median over ${MAX_MEDIAN_LAG_DAYS} days)`;
}

/** What stands behind the value: the learned one and its figures, or why the configured one is kept. */
function valueWords(f: StepFigures, learned: Learned, currency: string | null): string {
  if (learned.value !== undefined)
    return `learned value ${money(learned.value, currency)}: ${f.won} of ${f.mature.length} won, ${money(f.averageWonValue!, currency)} on average`;
  if (f.won === 0) return 'configured value kept: none of its leads won yet';
  return `configured value kept: ${plural(f.wonWithValue, 'won lead')} with a value behind it, ${MIN_WON_FOR_VALUE} needed`;
}

/** What was left out of the rate or the average, and why. */
function leftOutWords(f: StepFigures, maturityDays: number): string[] {
  const out: string[] = [];
  if (f.young)
    out.push(`${plural(f.young, 'lead')} younger than ${days(maturityDays)} (the 90th-percentile delay to won) left out of the rate`);
  for (const [currency, n] of [...f.otherCurrencies].sort((a, b) => a[0].localeCompare(b[0])))
    out.push(`${n} won in ${currency} left out of the value (not converted)`);
  if (f.wonWithoutValue) out.push(`${f.wonWithoutValue} won without a value left out of the value`);
  return out;
}

export interface ReasonContext {
  primary: string | null;
  /** The primary step is a lead type (as deep as the other lead types). */
  primaryIsLeadType: boolean;
  currency: string | null;
  maturityDays: number;
}

/** The step's reason in plain words: its role, its value, what was left out. */
export function reasonFor(f: StepFigures, learned: Learned, c: ReasonContext): string {
  return [roleWords(f, c), valueWords(f, learned, c.currency), ...leftOutWords(f, c.maturityDays)].join('; ');
}

/** The advice as a whole: which step to bid on, and whether value-based bidding may start. */
export function adviceWords(primary: string | null, secondary: readonly string[], valueDataDays: number): string[] {
  const out: string[] = [];
  if (primary)
    out.push(
      `Bid on ${primary}: make it the primary conversion${secondary.length ? `; keep ${secondary.join(', ')} as secondary (observed, not bid on)` : ''}.`,
    );
  else
    out.push(
      `No step has ${MIN_RECENT_CONVERSIONS} conversions in 30 days with a median delay of at most ${MAX_MEDIAN_LAG_DAYS} days yet: keep the bidding you have and let the data grow.`,
    );
  if (valueDataDays === 0)
    out.push(
      `No value has been uploaded by sync yet; once it is, let about ${VALUE_DATA_DAYS_ADVISED} days of value data accumulate before switching a campaign to value-based bidding.`,
    );
  else if (valueDataDays >= VALUE_DATA_DAYS_ADVISED)
    out.push(`Values have been sent for ${plural(valueDataDays, 'day')}: enough to switch to value-based bidding.`);
  else
    out.push(
      `Values have been sent for ${plural(valueDataDays, 'day')}; about ${VALUE_DATA_DAYS_ADVISED} are advised before switching a campaign to value-based bidding.`,
    );
  return out;
}
