/**
 * Taking back a conversion uploaded before its lead turned out spam (issue 22), the same in both
 * stores: the upload's ledger row gets the retraction's state, why, when it was done, how many
 * tries failed, when to try again, and the lead it is for. A retraction is asked of an `accepted`
 * row only; `waiting`: to be sent; `retracted`: the platform took it back; `refused`: the platform
 * refused it (its reason); `impossible`: the platform documents no way (its reason).
 */
export const SQLITE_RETRACTIONS = `
ALTER TABLE uploads ADD COLUMN retraction TEXT CHECK (retraction IN ('waiting', 'retracted', 'refused', 'impossible'));
ALTER TABLE uploads ADD COLUMN retraction_reason TEXT;
ALTER TABLE uploads ADD COLUMN retraction_at TEXT;
ALTER TABLE uploads ADD COLUMN retraction_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE uploads ADD COLUMN retraction_due TEXT;
ALTER TABLE uploads ADD COLUMN retraction_lead TEXT;
CREATE INDEX uploads_retraction ON uploads(destination, retraction_due) WHERE retraction = 'waiting';
`;

export const PG_RETRACTIONS = `
ALTER TABLE uploads ADD COLUMN retraction text CHECK (retraction IN ('waiting', 'retracted', 'refused', 'impossible')),
  ADD COLUMN retraction_reason text, ADD COLUMN retraction_at timestamptz,
  ADD COLUMN retraction_attempts integer NOT NULL DEFAULT 0, ADD COLUMN retraction_due timestamptz,
  ADD COLUMN retraction_lead text;
CREATE INDEX uploads_retraction ON uploads(destination, retraction_due) WHERE retraction = 'waiting';
`;
