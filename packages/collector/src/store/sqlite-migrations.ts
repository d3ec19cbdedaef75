import type { Database } from 'better-sqlite3';
import { SQLITE_NUMBERS } from './number-schema';
import { SQLITE_QUALITY } from './quality-schema';
import { SQLITE_RETRACTIONS } from './retraction-schema';
import { backfill } from './sqlite-backfill';

/**
 * Schema versions of the SQLite file, in `PRAGMA user_version`. Version 1 is the collector's
 * first schema, exactly as it shipped; each later step upgrades a file in place, inside one
 * transaction, so a file from any earlier collector opens and a crash mid-upgrade changes nothing.
 */

// `ts` holds the event time normalised to UTC ISO 8601, so text order is time order even when
// clients send local offsets; the event exactly as received lives in `body`.
// No column for the client address: the collector never stores IPs.
const V1 = `
CREATE TABLE IF NOT EXISTS events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  type         TEXT NOT NULL,
  name         TEXT NOT NULL,
  ts           TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  session_id   TEXT NOT NULL,
  user_id      TEXT,
  received_at  TEXT NOT NULL,
  body         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE INDEX IF NOT EXISTS events_received_at ON events(received_at);
CREATE INDEX IF NOT EXISTS events_ts ON events(ts);
`;

// Leads, CRM outcomes, and sessions (visits): each session once, at its first page view, with the
// collector's channel of that page view's last touch, so the dashboard counts visits per channel
// without scanning every page view. Leads keep both touches with the collector's and the browser's channel.
const V2 = `
CREATE TABLE sessions (
  session_id TEXT PRIMARY KEY,
  ts TEXT NOT NULL,
  channel TEXT NOT NULL
);
CREATE INDEX sessions_ts ON sessions(ts, channel);
CREATE TABLE leads (
  event_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  ts TEXT NOT NULL,
  value REAL,
  currency TEXT,
  anonymous_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  user_id TEXT,
  page_url TEXT NOT NULL,
  first_source TEXT NOT NULL, first_medium TEXT NOT NULL, first_campaign TEXT,
  first_channel TEXT NOT NULL, first_browser_channel TEXT NOT NULL, first_ts TEXT NOT NULL,
  last_source TEXT NOT NULL, last_medium TEXT NOT NULL, last_campaign TEXT,
  last_channel TEXT NOT NULL, last_browser_channel TEXT NOT NULL, last_ts TEXT NOT NULL,
  click_ids TEXT NOT NULL,
  hashed_email TEXT,
  hashed_phone TEXT,
  ads_consent TEXT NOT NULL,
  user_agent TEXT
);
CREATE INDEX leads_ts ON leads(ts);
CREATE INDEX leads_anonymous_id ON leads(anonymous_id);
CREATE INDEX leads_user_id ON leads(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX leads_hashed_email ON leads(hashed_email) WHERE hashed_email IS NOT NULL;
CREATE INDEX leads_hashed_phone ON leads(hashed_phone) WHERE hashed_phone IS NOT NULL;
CREATE TABLE outcomes (
  id TEXT PRIMARY KEY,
  ref_event_id TEXT,
  ref_user_id TEXT,
  ref_anonymous_id TEXT,
  ref_hashed_email TEXT,
  ref_hashed_phone TEXT,
  status TEXT NOT NULL,
  time TEXT NOT NULL,
  value REAL,
  currency TEXT,
  lead_event_id TEXT,
  received_at TEXT NOT NULL
);
CREATE INDEX outcomes_lead ON outcomes(lead_event_id);
CREATE INDEX outcomes_time ON outcomes(time);
CREATE INDEX outcomes_waiting_event ON outcomes(ref_event_id) WHERE lead_event_id IS NULL;
CREATE INDEX outcomes_waiting_user ON outcomes(ref_user_id) WHERE lead_event_id IS NULL;
CREATE INDEX outcomes_waiting_anonymous ON outcomes(ref_anonymous_id) WHERE lead_event_id IS NULL;
CREATE INDEX outcomes_waiting_email ON outcomes(ref_hashed_email) WHERE lead_event_id IS NULL;
CREATE INDEX outcomes_waiting_phone ON outcomes(ref_hashed_phone) WHERE lead_event_id IS NULL;
`;

// Events waiting to be forwarded (--forward), written in the same transaction as the events.
const V3 = `
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at TEXT NOT NULL,
  lease_until TEXT,
  last_error TEXT
);
CREATE INDEX outbox_next ON outbox(next_at);
`;

// Parked outbox events: the forward sink refused them on their own (or they are over its size
// limit); they stay with the reason and are never claimed until an admin requeues them. Claims
// read due events through an index that leaves parked ones out.
const V4 = `
ALTER TABLE outbox ADD COLUMN parked_at TEXT;
ALTER TABLE outbox ADD COLUMN parked_reason TEXT;
DROP INDEX outbox_next;
CREATE INDEX outbox_due ON outbox(next_at) WHERE parked_at IS NULL;
CREATE INDEX outbox_parked ON outbox(seq) WHERE parked_at IS NOT NULL;
`;

// Meta's hashes beside Google's: a lead's from the browser (metaHashedEmail/Phone), an outcome's
// from the CRM's email/phone. Not references: outcomes are matched on Google's hashes.
const V5 = `
ALTER TABLE leads ADD COLUMN meta_hashed_email TEXT;
ALTER TABLE leads ADD COLUMN meta_hashed_phone TEXT;
ALTER TABLE outcomes ADD COLUMN meta_hashed_email TEXT;
ALTER TABLE outcomes ADD COLUMN meta_hashed_phone TEXT;
`;

// The upload ledger: one row per (conversion, destination) and where its delivery stands
// (store/upload-types.ts); a lease per row (owner, until) so two processes never take one row.
const V6 = `
CREATE TABLE uploads (
  conversion_id TEXT NOT NULL,
  destination TEXT NOT NULL CHECK (destination IN ('google', 'meta')),
  step TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'sent', 'accepted', 'rejected', 'given_up')),
  attempts INTEGER NOT NULL DEFAULT 0,
  waiting_until TEXT,
  reason TEXT,
  sent_at TEXT,
  accepted_at TEXT,
  request_id TEXT,
  lease_owner TEXT,
  lease_until TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversion_id, destination)
);
CREATE INDEX uploads_due ON uploads(destination, state, waiting_until);
CREATE INDEX uploads_created ON uploads(created_at, conversion_id);
`;

// Meta Pixel's cookies (_fbp, _fbc) on the page of a lead, for the Conversions API's fbp and fbc.
const V7 = `
ALTER TABLE leads ADD COLUMN fbp TEXT;
ALTER TABLE leads ADD COLUMN fbc TEXT;
`;

// Every value an outcome had (issue 20: a changed value is a new conversion, not an overwrite):
// `outcomes` keeps the current one and its revision number, `outcome_revisions` each one. An
// outcome stored before this version starts at revision 1 with the value it has now (a value it
// had before was overwritten by the collector of the time and is not known).
const V8 = `
ALTER TABLE outcomes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
CREATE TABLE outcome_revisions (
  outcome_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  value REAL,
  currency TEXT,
  received_at TEXT NOT NULL,
  PRIMARY KEY (outcome_id, revision)
);
INSERT INTO outcome_revisions (outcome_id, revision, value, currency, received_at)
  SELECT id, 1, value, currency, received_at FROM outcomes;
`;

// CRM outcomes matched by ad click id (gclid…): each lead's click ids in a table of their own,
// filled by a trigger (and from the leads already stored), so a click id finds its lead by index;
// an outcome keeps the click id it named, the CRM's record id, and which reference matched it.
const V9 = `
ALTER TABLE outcomes ADD COLUMN ref_click_id TEXT;
ALTER TABLE outcomes ADD COLUMN record_id TEXT;
ALTER TABLE outcomes ADD COLUMN matched_by TEXT;
CREATE INDEX outcomes_waiting_click ON outcomes(ref_click_id) WHERE lead_event_id IS NULL;
CREATE TABLE lead_click_ids (
  click_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  ts TEXT NOT NULL,
  PRIMARY KEY (click_id, event_id)
);
CREATE TRIGGER leads_click_ids AFTER INSERT ON leads BEGIN
  INSERT OR IGNORE INTO lead_click_ids (click_id, event_id, ts)
    SELECT json_extract(c.value, '$.value'), NEW.event_id, NEW.ts FROM json_each(NEW.click_ids) c
    WHERE json_extract(c.value, '$.value') IS NOT NULL;
END;
INSERT OR IGNORE INTO lead_click_ids (click_id, event_id, ts)
  SELECT json_extract(c.value, '$.value'), l.event_id, l.ts FROM leads l, json_each(l.click_ids) c
  WHERE json_extract(c.value, '$.value') IS NOT NULL;
`;

interface Migration {
  version: number;
  up(db: Database): void;
}

const MIGRATIONS: Migration[] = [
  { version: 1, up: (db) => db.exec(V1) },
  {
    version: 2,
    up: (db) => {
      db.exec(V2);
      backfill(db);
    },
  },
  { version: 3, up: (db) => db.exec(V3) },
  { version: 4, up: (db) => db.exec(V4) },
  { version: 5, up: (db) => db.exec(V5) },
  { version: 6, up: (db) => db.exec(V6) },
  { version: 7, up: (db) => db.exec(V7) },
  { version: 8, up: (db) => db.exec(V8) },
  { version: 9, up: (db) => db.exec(V9) },
  { version: 10, up: (db) => db.exec(SQLITE_NUMBERS) },
  { version: 11, up: (db) => db.exec(SQLITE_QUALITY) },
  { version: 12, up: (db) => db.exec(SQLITE_RETRACTIONS) },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings the file to SCHEMA_VERSION; refuses a file written by a newer collector. */
export function migrate(db: Database): void {
  // IMMEDIATE takes the write lock before reading the version: two processes opening one old
  // file at once (the server and an import) upgrade it once.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `this database has schema version ${current}, newer than this collector's ${SCHEMA_VERSION}: upgrade @leadbeacon/collector`,
      );
    }
    for (const m of MIGRATIONS) if (m.version > current) m.up(db);
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
