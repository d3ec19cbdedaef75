/**
 * Call tracking's swapping as the main script and its lazy file share it (numbers/early.ts hands
 * it over, numbers/numbers.ts uses it). Imports nothing of the core but the collector's answer.
 */
import type { NumberAnswer } from './outside';

/** What the main script hands call tracking's swapping. */
export interface NumberSwapOptions {
  pool: string;
  businessNumber: string;
  /** The collector's answer to the request the main script made while the swapping loaded (undefined: none). */
  first: Promise<NumberAnswer | undefined>;
  /** Asks again (the hold kept): a promise that never rejects, undefined without the visit's ids. */
  ask: () => Promise<NumberAnswer | undefined> | undefined;
  /** Shows the places hidden until the number is known (numbers/hide.ts); never throws. */
  reveal: () => void;
}
