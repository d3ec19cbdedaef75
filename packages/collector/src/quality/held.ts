/**
 * Held back: a `suspect` or `spam` lead that no operator released. Its conversions (the lead
 * itself and its outcomes) are left out of every export and upload; a lead without a verdict
 * (stored before verdicts existed) is `ok`.
 */
import type { Lead, LeadVerdict } from '../leads/lead';

/** How every held conversion's reason starts (exports' reports, the upload ledger). */
export const HELD_PREFIX = 'held back:';

export const isHeld = (lead: Pick<Lead, 'quality'>): boolean => !!lead.quality && lead.quality.verdict !== 'ok' && !lead.quality.released;

/** e.g. `held back: spam (honeypot, automation)`; null when the lead is not held. */
export function heldReason(lead: Pick<Lead, 'quality'>): string | null {
  if (!isHeld(lead)) return null;
  const q = lead.quality!;
  return `${HELD_PREFIX} ${q.verdict}${q.reasons.length ? ` (${q.reasons.join(', ')})` : ''}`;
}

/** The verdict as the API shows it: `ok` with no reasons for a lead stored before verdicts. */
export const qualityView = (lead: Pick<Lead, 'quality'>): LeadVerdict => lead.quality ?? { verdict: 'ok', reasons: [] };

/** A `quality=` filter: a verdict, `held` (suspect or spam, not released) or `released`. */
export const QUALITY_FILTERS = ['ok', 'suspect', 'spam', 'held', 'released'] as const;
export type QualityFilter = (typeof QUALITY_FILTERS)[number];

export function matchesQuality(lead: Pick<Lead, 'quality'>, filter: QualityFilter | undefined): boolean {
  if (!filter) return true;
  const q = qualityView(lead);
  if (filter === 'held') return isHeld(lead);
  if (filter === 'released') return q.released === true;
  return q.verdict === filter;
}
