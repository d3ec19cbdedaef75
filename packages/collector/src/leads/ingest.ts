import { isSpamStatus, markLeadsSpam } from '../quality/crm-spam';
import type { EventStore } from '../store/types';
import { parseOutcome, REF_KEY_NAMES, type Outcome, type OutcomeInput, type OutcomeOptions } from './outcome';

/** Where an outcome came from: a CSV line number or an index in a JSON batch. */
export interface Located {
  at: number;
  input: OutcomeInput;
}

export interface OutcomeReport {
  /** Outcomes given (rows or array items). */
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Accepted outcomes that belong to a lead. */
  matched: number;
  /** How many matched by each reference (leadId, userId, clickId, email, phone, anonymousId; `earlier` when not known). */
  matchedBy: Record<string, number>;
  /** Accepted outcomes kept without a lead yet (matched when their lead arrives). */
  unmatched: number[];
  rejected: { at: number; reason: string }[];
  /** Leads a `spam`/`junk` outcome marked spam whose conversions were uploaded already: what came of taking them back. */
  takeBack?: Record<string, string>;
}

/** Outcomes hashed and saved per store call: keeps a 100,000-row file from becoming one transaction. */
const SAVE_BATCH = 1000;

/**
 * Checks each outcome, saves the valid ones and reports every one by its position. Bad ones (and
 * those the store refuses: earlier than their lead) are listed with their reason; the others are
 * saved all the same. Saving the same outcomes again
 * changes nothing (their ids come from their content).
 */
export async function ingestOutcomes(
  items: readonly Located[],
  store: EventStore,
  statuses: readonly string[],
  options: OutcomeOptions = {},
): Promise<OutcomeReport> {
  const report: OutcomeReport = {
    received: items.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    matched: 0,
    matchedBy: {},
    unmatched: [],
    rejected: [],
  };
  const spamLeads: string[] = [];
  for (let i = 0; i < items.length; i += SAVE_BATCH) {
    const valid: { at: number; outcome: Outcome }[] = [];
    for (const { at, input } of items.slice(i, i + SAVE_BATCH)) {
      const parsed = await parseOutcome(input, statuses, options);
      if (parsed.ok) valid.push({ at, outcome: parsed.outcome });
      else report.rejected.push({ at, reason: parsed.reason });
    }
    if (!valid.length) continue;
    const saved = await store.saveOutcomes(
      valid.map((v) => v.outcome),
      { receivedAt: new Date() },
    );
    saved.forEach((result, k) => {
      const at = valid[k]!.at;
      if (result.leadEventId && isSpamStatus(valid[k]!.outcome.status)) spamLeads.push(result.leadEventId);
      if (result.state === 'rejected') return void report.rejected.push({ at, reason: result.reason ?? 'refused by the store' });
      report[result.state]++;
      if (!result.leadEventId) return void report.unmatched.push(at);
      report.matched++;
      const key = result.matchedBy ? REF_KEY_NAMES[result.matchedBy] : 'earlier';
      report.matchedBy[key] = (report.matchedBy[key] ?? 0) + 1;
    });
  }
  report.rejected.sort((a, b) => a.at - b.at);
  if (spamLeads.length) report.takeBack = Object.fromEntries(await markLeadsSpam(store, spamLeads));
  return report;
}
