import { countMatch, saveCounted, type OutcomeReport } from '../leads/ingest';
import type { Outcome, RefKey } from '../leads/outcome';
import type { EventStore, OutcomePreview } from '../store/types';
import type { MapField } from './mapping';

/** A row that became an outcome, with what the store would do with it. */
export interface CheckedOutcome {
  at: number;
  fields: Partial<Record<MapField, string>>;
  outcome: Outcome;
  preview?: OutcomePreview;
}

export interface CrmImportReport extends OutcomeReport {
  /** Rows whose status the mapping leaves out (null), by line. */
  leftOut: { at: number; status: string }[];
  /** The first rows as they map, with their match: what a dry run shows. */
  samples: CheckedOutcome[];
  dryRun: boolean;
  /** Whether anything was saved. */
  saved: boolean;
  /** Counts one outcome's match. */
  tally(match: { leadEventId?: string; matchedBy?: RefKey }, at: number): void;
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
    tally: (match, at) => countMatch(report, match, at),
  };
  return report;
}

/** Saves the checked outcomes and counts what happened (leads/ingest.ts: spam outcomes mark their leads); a refusal now (a lead that arrived meanwhile) is listed. */
export async function saveChecked(store: EventStore, good: readonly CheckedOutcome[], report: CrmImportReport): Promise<void> {
  await saveCounted(store, good, report);
  report.saved = true;
}
