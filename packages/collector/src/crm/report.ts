import { REF_KEY_NAMES, type Outcome } from '../leads/outcome';
import type { EventStore, OutcomePreview } from '../store/types';
import type { MapField } from './mapping';

/** A row that became an outcome, with what the store would do with it. */
export interface CheckedOutcome {
  at: number;
  fields: Partial<Record<MapField, string>>;
  outcome: Outcome;
  preview?: OutcomePreview;
}

export interface CrmImportReport {
  /** Rows in the file. */
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Outcomes that belong to a lead (or would, in a dry run or a refused file). */
  matched: number;
  /** How many matched by each reference: leadId, userId, clickId, email, phone, anonymousId (`earlier` when not known). */
  matchedBy: Record<string, number>;
  /** Lines of outcomes without a lead yet (kept, and matched when their lead arrives). */
  unmatched: number[];
  rejected: { at: number; reason: string }[];
  /** Rows whose status the mapping leaves out (null), by line. */
  leftOut: { at: number; status: string }[];
  /** The first rows as they map, with their match: what a dry run shows. */
  samples: CheckedOutcome[];
  dryRun: boolean;
  /** Whether anything was saved. */
  saved: boolean;
  /** Counts one outcome's match. */
  tally(match: { leadEventId?: string; matchedBy?: string }, at: number): void;
}

export function emptyReport(received: number, dryRun: boolean): CrmImportReport {
  const report: CrmImportReport = {
    received,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    matched: 0,
    matchedBy: {},
    unmatched: [],
    rejected: [],
    leftOut: [],
    samples: [],
    dryRun,
    saved: false,
    tally(match, at) {
      if (!match.leadEventId) return void report.unmatched.push(at);
      report.matched++;
      const key = match.matchedBy ? REF_KEY_NAMES[match.matchedBy as keyof typeof REF_KEY_NAMES] : 'earlier';
      report.matchedBy[key] = (report.matchedBy[key] ?? 0) + 1;
    },
  };
  return report;
}

/** Outcomes saved per store call: keeps a 100,000-row file from becoming one transaction. */
const SAVE_BATCH = 1000;

/** Saves the checked outcomes and counts what happened; a refusal now (a lead that arrived meanwhile) is listed. */
export async function saveChecked(store: EventStore, good: readonly CheckedOutcome[], report: CrmImportReport): Promise<void> {
  for (let i = 0; i < good.length; i += SAVE_BATCH) {
    const batch = good.slice(i, i + SAVE_BATCH);
    const saved = await store.saveOutcomes(
      batch.map((c) => c.outcome),
      { receivedAt: new Date() },
    );
    saved.forEach((result, k) => {
      const at = batch[k]!.at;
      if (result.state === 'rejected') return void report.rejected.push({ at, reason: result.reason ?? 'refused by the store' });
      report[result.state]++;
      report.tally(result, at);
    });
  }
  report.saved = true;
  report.rejected.sort((a, b) => a.at - b.at);
}
