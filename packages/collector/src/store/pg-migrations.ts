import type { PoolClient } from 'pg';
import { PG_NUMBERS } from './number-schema';
import { PG_QUALITY } from './quality-schema';
import { PG_RETRACTIONS } from './retraction-schema';

/**
 * The PostgreSQL schema, in versions: each is applied once, in one transaction, by whichever
 * collector starts first; the others wait on an advisory lock and find it done. Tables live in a
 * schema of their own (default `leadbeacon`), so a database shared with other software is fine.
 * Times are timestamptz; `body` keeps each event exactly as received (json, not jsonb, keeps it
 * byte for byte). No column holds a client address: the collector never stores IPs.
 */
const V1 = `
CREATE TABLE events (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text NOT NULL UNIQUE,
  type         text NOT NULL,
  name         text NOT NULL,
  ts           timestamptz NOT NULL,
  anonymous_id text NOT NULL,
  session_id   text NOT NULL,
  user_id      text,
  received_at  timestamptz NOT NULL,
  body         json NOT NULL
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_ts ON events(ts);
CREATE INDEX events_received_at ON events(received_at);
CREATE TABLE sessions (
  session_id text PRIMARY KEY,
  ts timestamptz NOT NULL,
  channel text NOT NULL
);
CREATE INDEX sessions_ts ON sessions(ts, channel);
CREATE TABLE leads (
  event_id text PRIMARY KEY,
  seq bigint NOT NULL,
  type text NOT NULL,
  ts timestamptz NOT NULL,
  value double precision,
  currency text,
  anonymous_id text NOT NULL,
  session_id text NOT NULL,
  user_id text,
  page_url text NOT NULL,
  first_source text NOT NULL, first_medium text NOT NULL, first_campaign text,
  first_channel text NOT NULL, first_browser_channel text NOT NULL, first_ts timestamptz NOT NULL,
  last_source text NOT NULL, last_medium text NOT NULL, last_campaign text,
  last_channel text NOT NULL, last_browser_channel text NOT NULL, last_ts timestamptz NOT NULL,
  click_ids json NOT NULL,
  hashed_email text,
  hashed_phone text,
  ads_consent text NOT NULL,
  user_agent text
);
CREATE INDEX leads_ts ON leads(ts);
CREATE INDEX leads_anonymous_id ON leads(anonymous_id);
CREATE INDEX leads_user_id ON leads(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX leads_hashed_email ON leads(hashed_email) WHERE hashed_email IS NOT NULL;
CREATE INDEX leads_hashed_phone ON leads(hashed_phone) WHERE hashed_phone IS NOT NULL;
CREATE TABLE outcomes (
  id text PRIMARY KEY,
  ref_event_id text,
  ref_user_id text,
  ref_anonymous_id text,
  ref_hashed_email text,
  ref_hashed_phone text,
  status text NOT NULL,
  time timestamptz NOT NULL,
  value double precision,
  currency text,
  lead_event_id text,
  received_at timestamptz NOT NULL
);
CREATE INDEX outcomes_lead ON outcomes(lead_event_id);
CREATE INDEX outcomes_time ON outcomes(time);
CREATE INDEX outcomes_waiting_event ON outcomes(ref_event_id) WHERE lead_event_id IS NULL;
CREATE INDEX outcomes_waiting_user ON outcomes(ref_user_id) WHERE lead_event_id IS NULL;
CREATE INDEX outcomes_waiting_anonymous ON outcomes(ref_anonymous_id) WHERE lead_event_id IS NULL;
CREATE INDEX outcomes_waiting_email ON outcomes(ref_hashed_email) WHERE lead_event_id IS NULL;
CREATE INDEX outcomes_waiting_phone ON outcomes(ref_hashed_phone) WHERE lead_event_id IS NULL;
CREATE TABLE outbox (
  seq bigint PRIMARY KEY,
  attempts integer NOT NULL DEFAULT 0,
  next_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  last_error text
);
CREATE INDEX outbox_next ON outbox(next_at);
`;

/**
 * Parked outbox events: the forward sink refused them on their own (or they are over its size
 * limit); they stay with the reason and are never claimed until an admin requeues them. Claims
 * read due events through an index that leaves parked ones out.
 */
const V2 = `
ALTER TABLE outbox ADD COLUMN parked_at timestamptz, ADD COLUMN parked_reason text;
DROP INDEX outbox_next;
CREATE INDEX outbox_due ON outbox(next_at) WHERE parked_at IS NULL;
CREATE INDEX outbox_parked ON outbox(seq) WHERE parked_at IS NOT NULL;
`;

// Meta's hashes beside Google's: a lead's from the browser (metaHashedEmail/Phone), an outcome's
// from the CRM's email/phone. Not references: outcomes are matched on Google's hashes.
const V3 = `
ALTER TABLE leads ADD COLUMN meta_hashed_email text, ADD COLUMN meta_hashed_phone text;
ALTER TABLE outcomes ADD COLUMN meta_hashed_email text, ADD COLUMN meta_hashed_phone text;
`;

// The upload ledger: one row per (conversion, destination) and where its delivery stands
// (store/upload-types.ts); a lease per row (owner, until) so two collectors never take one row.
const V4 = `
CREATE TABLE uploads (
  conversion_id text NOT NULL,
  destination text NOT NULL CHECK (destination IN ('google', 'meta')),
  step text NOT NULL,
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'sent', 'accepted', 'rejected', 'given_up')),
  attempts integer NOT NULL DEFAULT 0,
  waiting_until timestamptz,
  reason text,
  sent_at timestamptz,
  accepted_at timestamptz,
  request_id text,
  lease_owner text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversion_id, destination)
);
CREATE INDEX uploads_due ON uploads(destination, state, waiting_until);
CREATE INDEX uploads_created ON uploads(created_at, conversion_id);
`;

// Meta Pixel's cookies (_fbp, _fbc) on the page of a lead, for the Conversions API's fbp and fbc.
const V5 = `
ALTER TABLE leads ADD COLUMN fbp text, ADD COLUMN fbc text;
`;

// Every value an outcome had (issue 20: a changed value is a new conversion, not an overwrite):
// `outcomes` keeps the current one and its revision number, `outcome_revisions` each one. An
// outcome stored before this version starts at revision 1 with the value it has now (a value it
// had before was overwritten by the collector of the time and is not known).
const V6 = `
ALTER TABLE outcomes ADD COLUMN revision integer NOT NULL DEFAULT 1;
CREATE TABLE outcome_revisions (
  outcome_id text NOT NULL,
  revision integer NOT NULL,
  value double precision,
  currency text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (outcome_id, revision)
);
INSERT INTO outcome_revisions (outcome_id, revision, value, currency, received_at)
  SELECT id, 1, value, currency, received_at FROM outcomes;
`;

// CRM outcomes matched by ad click id (gclid…): the leads' click ids found by a GIN index on
// their JSON; an outcome keeps the click id it named, the CRM's record id, and which reference matched it.
const V7 = `
ALTER TABLE outcomes ADD COLUMN ref_click_id text, ADD COLUMN record_id text, ADD COLUMN matched_by text;
CREATE INDEX outcomes_waiting_click ON outcomes(ref_click_id) WHERE lead_event_id IS NULL;
CREATE INDEX leads_click_ids ON leads USING gin ((click_ids::jsonb) jsonb_path_ops);
`;

const MIGRATIONS: { version: number; sql: string }[] = [
  { version: 1, sql: V1 },
  { version: 2, sql: V2 },
  { version: 3, sql: V3 },
  { version: 4, sql: V4 },
  { version: 5, sql: V5 },
  { version: 6, sql: V6 },
  { version: 7, sql: V7 },
  { version: 8, sql: PG_NUMBERS },
  { version: 9, sql: PG_QUALITY },
  { version: 10, sql: PG_RETRACTIONS },
];

export const PG_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** A schema name goes into SQL as an identifier: plain lowercase names only. */
export function checkSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`a PostgreSQL schema name must be lowercase letters, digits and _, got '${name}'`);
  return name;
}

/**
 * Brings `schema` to PG_SCHEMA_VERSION under a transaction-level advisory lock (several collectors
 * starting at once migrate once), and refuses a schema written by a newer collector.
 */
export async function migratePostgres(client: PoolClient, schema: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`leadbeacon migrations ${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${schema}.migrations`);
    const current = rows[0]?.v ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new Error(
        `the PostgreSQL schema ${schema} has version ${current}, newer than this collector's ${PG_SCHEMA_VERSION}: upgrade @leadbeacon/collector`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${schema}.migrations (version) VALUES ($1)`, [m.version]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
