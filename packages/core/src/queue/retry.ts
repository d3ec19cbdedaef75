/** Backoff for attempt n (1-based): exponential from 1 s, capped at 5 min, with "equal jitter". */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 300_000;
/** A Retry-After beyond this is treated as this (a misconfigured header must not park leads for days). */
export const RETRY_AFTER_CAP_MS = 3_600_000;

export function backoff(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return (ceiling * (1 + random())) / 2;
}

/** The delay before the next attempt: the server's Retry-After when given (not undefined or NaN), else backoff. */
export function retryDelay(attempt: number, random: () => number, retryAfter?: number): number {
  return retryAfter! >= 0 ? Math.min(retryAfter!, RETRY_AFTER_CAP_MS) : backoff(attempt, random);
}
