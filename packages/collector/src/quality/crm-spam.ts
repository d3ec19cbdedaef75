/**
 * A CRM outcome `spam` or `junk` marks its lead spam (reason `crm_spam`). Its conversions not
 * sent yet are given up in the ledger. Those a platform has are to be taken back where the
 * platform documents a way: Google's by a RETRACTION through the Google Ads API (the Data Manager
 * API documents adjustments but no retraction, shared/reference/google-data-manager.md §6), sent
 * by the next sync pass when the config has `google.retractions` (uploads/retract.ts); Meta's
 * Conversions API documents none, so Meta's are recorded as impossible at once. The lead's
 * take-back note says what came of it, and the dashboard and GET /api/leads show it.
 */
import { SPAM_STATUSES } from '../leads/outcome';
import type { EventStore } from '../store/types';
import { DESTINATIONS, type Destination } from '../store/upload-types';
import { takeBackNote } from './take-back';

export const isSpamStatus = (status: string): boolean => (SPAM_STATUSES as readonly string[]).includes(status);

/** How each platform's conversions are taken back: to send (with what it waits for), or impossible (why). */
const RETRACTION: Record<Destination, { state: 'waiting' | 'impossible'; reason: string }> = {
  google: { state: 'waiting', reason: 'a Google Ads API retraction, sent by sync when the config has google.retractions' },
  meta: { state: 'impossible', reason: "Meta's Conversions API documents no retraction" },
};

/** Marks each lead spam and asks for its uploaded conversions to be taken back; resolves with the take-back notes by lead. */
export async function markLeadsSpam(store: EventStore, leadIds: readonly string[]): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (const leadId of new Set(leadIds)) {
    if (!(await store.markSpam(leadId, 'crm_spam'))) continue;
    const ids = await store.leadConversionIds(leadId);
    for (const destination of DESTINATIONS) {
      await store.giveUpWaiting(destination, ids, 'held back: spam (crm_spam)');
      await store.requestRetractions({ leadId, destination, conversionIds: ids, ...RETRACTION[destination] });
    }
    const note = await refreshTakeBack(store, leadId, ids);
    if (note) notes.set(leadId, note);
  }
  return notes;
}

/** Writes the lead's take-back note from its ledger rows as they stand; resolves with it. */
export async function refreshTakeBack(store: EventStore, leadId: string, conversionIds?: readonly string[]): Promise<string | undefined> {
  const ids = conversionIds ?? (await store.leadConversionIds(leadId));
  const note = takeBackNote(await store.uploads({ conversionIds: ids }));
  if (note) await store.setTakeBack(leadId, note);
  return note;
}
