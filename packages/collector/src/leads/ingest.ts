import { isSpamStatus, markLeadsSpam } from '../quality/crm-spam';
import type { EventStore } from '../store/types';
import { parseOutcome, REF_KEY_NAMES, type Outcome, type OutcomeInput, type OutcomeOptions, type RefKey } from './outcome';

/** Where an outcome came from: a CSV line number or an index in a JSON batch. */
export interface Located {
  at: number;
  input: OutcomeInput;
}

/** What saving outcomes did, by every way they come in (API, webhook, CSV import). */
export interface SaveCounts {
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

export interface OutcomeReport extends SaveCounts {
  /** Outcomes given (rows or array items). */
  received: number;
}

/** Counts one outcome's match (or its lack) at its position. */
export function countMatch(counts: SaveCounts, match: { leadEventId?: string; matchedBy?: RefKey }, at: number): void {
  if (!match.leadEventId) return void counts.unmatched.push(at);
  counts.matched++;
  const key = match.matchedBy ? REF_KEY_NAMES[match.matchedBy] : 'earlier';
  counts.matchedBy[key] = (counts.matchedBy[key] ?? 0) + 1;
}

/** Outcomes hashed and saved per store call: keeps a 100,000-row file from becoming one transaction. */
const SAVE_BATCH = 1000;

/**
 * Saves checked outcomes SAVE_BATCH at a time and counts what the store did; a refusal (a lead
 * later than the outcome) is listed by position. The leads of `spam`/`junk` outcomes are then
 * marked spam, and what came of taking their uploads back is reported.
 */
export async function saveCounted(
  store: EventStore,
  outcomes: readonly { at: number; outcome: Outcome }[],
  counts: SaveCounts,
): Promise<void> {
  const spamLeads: string[] = [];
  for (let i = 0; i < outcomes.length; i += SAVE_BATCH) {
    const batch = outcomes.slice(i, i + SAVE_BATCH);
    const saved = await store.saveOutcomes(
      batch.map((v) => v.outcome),
      { receivedAt: new Date() },
    );
    saved.forEach((result, k) => {
      const at = batch[k]!.at;
      if (result.leadEventId && isSpamStatus(batch[k]!.outcome.status)) spamLeads.push(result.leadEventId);
      if (result.state === 'rejected') return void counts.rejected.push({ at, reason: result.reason ?? 'refused by the store' });
      counts[result.state]++;
      countMatch(counts, result, at);
    });
  }
  counts.rejected.sort((a, b) => a.at - b.at);
  if (spamLeads.length) counts.takeBack = Object.fromEntries(await markLeadsSpam(store, spamLeads));
}

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
  const valid: { at: number; outcome: Outcome }[] = [];
  for (const { at, input } of items) {
    const parsed = await parseOutcome(input, statuses, options);
    if (parsed.ok) valid.push({ at, outcome: parsed.outcome });
    else report.rejected.push({ at, reason: parsed.reason });
  }
  await saveCounted(store, valid, report);
  return report;
}
