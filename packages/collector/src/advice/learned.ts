/**
 * Learned values (issue 24, point 2): a step's value is what its leads turn out to be worth,
 * (share of its leads that were won) × (average won value of its won leads), in the site's
 * currency. At least MIN_WON_FOR_VALUE won leads with a value must stand behind it; below that
 * the configured value is kept. Per channel, the channel's own value is pulled toward the step's
 * overall value by how few leads the channel has (an empirical-Bayes weighted mean):
 *
 *   channelLearned = (n · channelValue + k · overallValue) / (n + k),   k = MIN_WON_FOR_VALUE / overallRateToWon
 *
 * n is the channel's (mature) leads at the step; k is the number of leads that bring 10 won at
 * the step's overall rate, so the overall value weighs as much as 10 won leads would.
 */
import type { StepFigures } from './figures';
import type { Journey } from './journeys';

export const MIN_WON_FOR_VALUE = 10;

export interface Learned {
  /** The step's learned value; undefined when fewer than 10 won leads with a value stand behind it. */
  value?: number;
  /** Channel → its learned value (only with an overall one). */
  byChannel: Record<string, number>;
  /** The k of the shrinkage, in leads. */
  k?: number;
}

/** Rounds to the currency's minor unit (VND: whole dong, USD: cents). */
export function roundMoney(value: number, currency: string | null): number {
  let digits = 2;
  try {
    if (currency) digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: cents.
  }
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

interface ChannelTally {
  leads: number;
  won: number;
  wonWithValue: number;
  sum: number;
}

function tallyByChannel(mature: readonly Journey[]): Map<string, ChannelTally> {
  const out = new Map<string, ChannelTally>();
  for (const j of mature) {
    let t = out.get(j.channel);
    if (!t) out.set(j.channel, (t = { leads: 0, won: 0, wonWithValue: 0, sum: 0 }));
    t.leads++;
    if (!j.won) continue;
    t.won++;
    if (j.wonValue === undefined) continue;
    t.wonWithValue++;
    t.sum += j.wonValue;
  }
  return out;
}

/** The step's learned value overall and per channel (see the module's comment for the formula). */
export function learnedValue(f: StepFigures, currency: string | null): Learned {
  if (f.wonWithValue < MIN_WON_FOR_VALUE || f.rateToWon === undefined || f.averageWonValue === undefined) return { byChannel: {} };
  const overall = f.rateToWon * f.averageWonValue;
  const k = MIN_WON_FOR_VALUE / f.rateToWon;
  const byChannel: Record<string, number> = {};
  for (const [channel, t] of [...tallyByChannel(f.mature)].sort((a, b) => a[0].localeCompare(b[0]))) {
    // A channel whose won leads carry no value in the site's currency takes the step's average won value.
    const average = t.wonWithValue ? t.sum / t.wonWithValue : f.averageWonValue;
    const own = (t.won / t.leads) * average;
    byChannel[channel] = roundMoney((t.leads * own + k * overall) / (t.leads + k), currency);
  }
  return { value: roundMoney(overall, currency), byChannel, k };
}
