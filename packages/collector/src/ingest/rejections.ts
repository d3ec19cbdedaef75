/**
 * What a batch's refused events become in the answer: each named by its own id when it has a
 * usable one, else by its place in the batch (`events/3`, `batch/3`), with why it was refused.
 * The sender keeps neither (they would be refused again); the answer tells it which and why.
 */
export interface Rejection {
  id: string;
  reason: string;
}

/** At most this many schema faults in one rejection's reason: the first ones say what is wrong. */
const MAX_FAULTS = 5;

/** The id a rejection names: `id` when it is a string of 1 to `maxLength` characters, else `place`. */
export function rejectionId(id: unknown, place: string, maxLength: number): string {
  return typeof id === 'string' && id.length > 0 && id.length <= maxLength ? id : place;
}

/** One reason from an item's faults: the first few, joined. */
export function reasonOf(faults: readonly string[]): string {
  const shown = faults.slice(0, MAX_FAULTS).join('; ');
  return faults.length > MAX_FAULTS ? `${shown}; … and ${faults.length - MAX_FAULTS} more` : shown;
}

/** For the log line: `rejected 2 (first: e-9 /props/via must be one of …)`, or nothing. */
export function rejectionSummary(rejected: readonly Rejection[]): string {
  const first = rejected[0];
  return first ? `, rejected ${rejected.length} (first: ${first.id} ${first.reason})` : '';
}
