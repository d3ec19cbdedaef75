/**
 * SQL that takes a SQLite file of this collector back to an earlier schema, one step per
 * migration, newest last: the migration tests open such a file to check it upgrades.
 */

/** Schema 9: outcomes matched by click id. */
export const DROP_CLICK_ID_MATCHING = `DROP TRIGGER leads_click_ids; DROP TABLE lead_click_ids; DROP INDEX outcomes_waiting_click;
  ALTER TABLE outcomes DROP COLUMN ref_click_id; ALTER TABLE outcomes DROP COLUMN record_id; ALTER TABLE outcomes DROP COLUMN matched_by;`;
/** Schema 10: call tracking. */
export const DROP_CALL_TRACKING = 'DROP TABLE number_leases; DROP TABLE calls;';
/** Schema 11: the leads' quality verdicts. */
export const DROP_QUALITY = `DROP INDEX leads_quality; ALTER TABLE leads DROP COLUMN quality_verdict; ALTER TABLE leads DROP COLUMN quality_reasons;
  ALTER TABLE leads DROP COLUMN released_at; ALTER TABLE leads DROP COLUMN take_back;`;
/** Schema 12: retractions on the upload ledger. */
export const DROP_RETRACTIONS = [
  'DROP INDEX uploads_retraction;',
  ...['retraction_reason', 'retraction_at', 'retraction_attempts', 'retraction_due', 'retraction_lead', 'retraction'].map(
    (c) => `ALTER TABLE uploads DROP COLUMN ${c};`,
  ),
].join(' ');

/** Back to schema 8: everything from click-id matching on. */
export const DROP_SINCE_CLICK_ID_MATCHING = [DROP_CLICK_ID_MATCHING, DROP_CALL_TRACKING, DROP_QUALITY, DROP_RETRACTIONS].join('\n');
