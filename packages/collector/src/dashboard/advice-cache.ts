/**
 * The Bidding panel's advice, computed at most once a minute per range end: it reads every lead
 * of 90 days with its outcomes, several times what the rest of the page reads, and changes slowly.
 * A range that runs into today ends now (the advice of up to a minute ago).
 */
import { advise, type Advice } from '../advice/advise';
import type { EventStore } from '../store/types';

export const ADVICE_CACHE_MS = 60_000;

export function adviceCache(store: EventStore, ttlMs = ADVICE_CACHE_MS) {
  const cache = new Map<string, { at: number; advice: Promise<Advice> }>();
  return (rangeEnd: Date, now = Date.now()): Promise<Advice> => {
    for (const [key, entry] of cache) if (now - entry.at >= ttlMs) cache.delete(key);
    const key = rangeEnd.getTime() > now ? 'now' : rangeEnd.toISOString();
    const known = cache.get(key);
    if (known) return known.advice;
    const advice = advise(store, { until: new Date(Math.min(now, rangeEnd.getTime())) });
    cache.set(key, { at: now, advice });
    advice.catch(() => cache.delete(key));
    return advice;
  };
}
