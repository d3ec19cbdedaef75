/**
 * Learned values used, not only shown (issue 24, point 4): the value a conversion goes out with
 * when a destination's config says `"values": "learned"` or an export runs with `--values learned`.
 * Each conversion takes its step's learned value for its lead's channel (else the step's overall
 * one), in the site's currency; a step without a learned value keeps the conversion's own value
 * (the configured one). A `won` outcome that carries the CRM's value keeps it: that is the sale
 * itself, of which the learned `won` value is only the average.
 */
import type { Conversion } from '../exports/conversions';
import type { EventStore } from '../store/types';
import { advise, type Advice } from './advise';

/** Where a conversion's value comes from: the site's tracker and CRM (`configured`), or the outcomes (`learned`). */
export const VALUE_SOURCES = ['configured', 'learned'] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

export const isValueSource = (s: unknown): s is ValueSource => VALUE_SOURCES.includes(s as ValueSource);

export type Valuer = (c: Conversion) => Conversion;

/** The value each conversion is sent with, by the advice's learned values. */
export function learnedValuer(advice: Pick<Advice, 'currency' | 'steps'>): Valuer {
  const steps = new Map(advice.steps.map((s) => [s.step, s]));
  return (c) => {
    const step = steps.get(c.step);
    if (!advice.currency || !step || step.learnedValue === null) return c;
    if (c.kind === 'outcome' && c.step === 'won' && c.value !== undefined) return c;
    const channel = c.lead?.last.channel;
    const value = (channel !== undefined ? step.byChannel?.[channel] : undefined) ?? step.learnedValue;
    return { ...c, value, currency: advice.currency };
  };
}

/** The valuer for a source: learned values as of `now` from the store, or the conversions' own. */
export async function valuerFor(store: EventStore, source: ValueSource | undefined, now: Date): Promise<Valuer> {
  if (source !== 'learned') return (c) => c;
  return learnedValuer(await advise(store, { until: now }));
}
