/** What came of sending one batch to a platform, in terms the sync pass records in the ledger. */
export type Attempt =
  /** The platform took the batch (Google: `requestId` to ask for the verdict; Meta: accepted as is). */
  | { kind: 'taken'; requestId?: string }
  /**
   * The platform refused the batch for a reason that sending again will not fix. `byIndex`: the
   * events the refusal names (index in the batch → reason); when it names none, all are refused.
   */
  | { kind: 'refused'; reason: string; byIndex: Map<number, string> }
  /** No verdict: a network error, a timeout, 429 or 5xx. Tried again later (`retryAfterMs` when the platform said). */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** The credentials or the account are refused: nothing more is sent until the operator fixes them. */
  | { kind: 'credentials'; reason: string };

/** Splits `items` into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
