/** Every value an outcome had (issue 20): the rows of `outcome_revisions`, for both stores. */
import type { Outcome } from '../leads/outcome';
import { sameMetaHashes, sameValue, type OutcomeRow } from './outcome-rows';
import { put, str, type Param } from './rows';
import type { OutcomeRevision } from './types';

/** A revision row's values, in the order both stores' INSERT INTO outcome_revisions lists them. */
export const revisionParams = (o: Outcome, revision: number, receivedAt: string): Param[] => [
  o.id,
  revision,
  o.value ?? null,
  o.currency ?? null,
  receivedAt,
];

/** An outcome_revisions row as both databases return it. */
export interface RevisionRow {
  revision: number;
  value: number | null;
  currency: string | null;
  received_at: string;
}

export function revisionOf(r: RevisionRow): OutcomeRevision {
  const rev: OutcomeRevision = { revision: Number(r.revision), receivedAt: r.received_at };
  put(rev, 'value', r.value ?? undefined);
  put(rev, 'currency', str(r.currency));
  return rev;
}

/**
 * What saving an outcome whose id is stored already does: nothing (same value and currency;
 * Meta's hashes refreshed if they differ), or a new revision with the new value.
 */
export function resave(row: OutcomeRow, o: Outcome): { state: 'unchanged' | 'updated'; revision: number; write: boolean } {
  if (sameValue(row, o)) return { state: 'unchanged', revision: Number(row.revision), write: !sameMetaHashes(row, o) };
  return { state: 'updated', revision: Number(row.revision) + 1, write: true };
}
