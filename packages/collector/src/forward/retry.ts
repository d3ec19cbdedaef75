/** The delay before attempt `attempts + 1`: exponential, capped, with ±20% jitter so collectors spread out. */
export function retryDelay(attempts: number, min: number, max: number, random = Math.random): number {
  const base = Math.min(max, min * 2 ** Math.min(attempts, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}
