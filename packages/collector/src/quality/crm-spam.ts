/**
 * A CRM outcome `spam` or `junk` marks its lead spam (reason `crm_spam`). Its conversions not
 * sent yet are given up in the ledger; those already sent cannot be taken back: Google's Data
 * Manager API documents adjustments (the same transactionId restates a value or adds user data)
 * but no retraction, and a restated value of 0 is not documented as one
 * (shared/reference/google-data-manager.md §6); Meta's Conversions API documents none either. So
 * no request is sent: the lead records "could not take back" with where they went, and the
 * dashboard and GET /api/leads show it.
 */
import { SPAM_STATUSES } from '../leads/outcome';
import type { EventStore } from '../store/types';
import { DESTINATIONS } from '../store/upload-types';

export const isSpamStatus = (status: string): boolean => (SPAM_STATUSES as readonly string[]).includes(status);

const NO_RETRACTION: Record<string, string> = {
  google: "Google's Data Manager API documents adjustments, no retraction",
  meta: "Meta's Conversions API documents no retraction",
};

/** Marks each lead spam and records what came of its uploaded conversions; resolves with the take-back notes by lead. */
export async function markLeadsSpam(store: EventStore, leadIds: readonly string[]): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (const leadId of new Set(leadIds)) {
    if (!(await store.markSpam(leadId, 'crm_spam'))) continue;
    const ids = await store.leadConversionIds(leadId);
    for (const destination of DESTINATIONS) await store.giveUpWaiting(destination, ids, 'held back: spam (crm_spam)');
    const taken = (await store.uploads({ conversionIds: ids })).filter((u) => u.state === 'sent' || u.state === 'accepted');
    if (!taken.length) continue;
    const where = [...new Set(taken.map((u) => u.destination))];
    const note = `could not take back ${taken.length} uploaded conversion${taken.length > 1 ? 's' : ''} (${where
      .map((d) => NO_RETRACTION[d] ?? d)
      .join('; ')})`;
    await store.setTakeBack(leadId, note);
    notes.set(leadId, note);
  }
  return notes;
}
