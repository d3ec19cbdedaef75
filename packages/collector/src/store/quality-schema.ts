/**
 * The leads' quality (issue 22), the same in both stores: the verdict and its reasons as judged
 * when the lead arrived (JSON array of reason names), when an operator released a held lead, and
 * what came of taking back a conversion uploaded before the lead was marked spam. Leads stored
 * before this step have no verdict: they count as `ok`, as they did.
 */
export const SQLITE_QUALITY = `
ALTER TABLE leads ADD COLUMN quality_verdict TEXT;
ALTER TABLE leads ADD COLUMN quality_reasons TEXT;
ALTER TABLE leads ADD COLUMN released_at TEXT;
ALTER TABLE leads ADD COLUMN take_back TEXT;
CREATE INDEX leads_quality ON leads(quality_verdict) WHERE quality_verdict IS NOT NULL;
`;

export const PG_QUALITY = `
ALTER TABLE leads ADD COLUMN quality_verdict text, ADD COLUMN quality_reasons text,
  ADD COLUMN released_at timestamptz, ADD COLUMN take_back text;
CREATE INDEX leads_quality ON leads(quality_verdict) WHERE quality_verdict IS NOT NULL;
`;

/** The leads' quality verdicts (issue 22): what the judge reads, releasing, and marking spam later. */
export interface QualityStore {
  /** Which of these sessions had a page view stored. */
  sessionsWithPageView(sessionIds: readonly string[]): Promise<Set<string>>;
  /**
   * Releases held (suspect or spam, not released yet) leads, and makes their held ledger rows due
   * now (the next sync pass sends them); resolves with the ids released.
   */
  releaseLeads(eventIds: readonly string[], at: Date): Promise<string[]>;
  /** Marks a lead spam with one more reason (a release is undone); false when no such lead. */
  markSpam(eventId: string, reason: string): Promise<boolean>;
  /** Records what came of taking back its uploaded conversions. */
  setTakeBack(eventId: string, note: string): Promise<void>;
  /** The ledger's conversion ids of a lead: its event id, and each outcome revision's. */
  leadConversionIds(eventId: string): Promise<string[]>;
}
