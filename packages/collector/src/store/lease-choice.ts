/**
 * Which number a visit gets, as both stores decide it inside their transaction:
 * - the number the visitor holds in this pool (held longer; a new session of the same visitor
 *   keeps the number on a lease of its own, so a call goes to the latest visit);
 * - else a free number (no lease of it held at `now`), the one free the longest first (so a call
 *   to a number just released is least likely to be meant for the next visitor);
 * - else the fallback, on a lease marked so.
 * Only leases that ended in the last day are read (an index range, not the whole history): a
 * number free for longer counts as never used.
 */
import type { LeaseRequest, NumberLease } from './number-types';

/** Leases that ended before this are not read (see above). */
export const recentSince = (now: Date): string => new Date(now.getTime() - 86_400_000).toISOString();

export type LeaseChoice =
  { kind: 'extend'; lease: NumberLease; until: string } | { kind: 'new'; number: string; fallback: boolean; until: string };

/**
 * `held`: the visitor's latest unexpired non-fallback lease in the pool; `lastUntil`: each pool
 * number's latest `until` over all its leases.
 */
export function chooseLease(req: LeaseRequest, held: NumberLease | undefined, lastUntil: Map<string, string>): LeaseChoice {
  const now = req.now.toISOString();
  const until = new Date(req.now.getTime() + req.holdMs).toISOString();
  if (held && held.until > now && req.numbers.includes(held.number)) {
    if (held.session === req.session) return { kind: 'extend', lease: held, until: held.until > until ? held.until : until };
    return { kind: 'new', number: held.number, fallback: false, until };
  }
  let best: string | undefined;
  let bestUntil = '';
  for (const n of req.numbers) {
    const last = lastUntil.get(n) ?? '';
    if (last > now) continue;
    if (best === undefined || last < bestUntil) [best, bestUntil] = [n, last];
  }
  return best === undefined
    ? { kind: 'new', number: req.fallback, fallback: true, until }
    : { kind: 'new', number: best, fallback: false, until };
}
