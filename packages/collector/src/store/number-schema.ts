/** Call tracking's tables (issue 23): pool numbers leased to visits, and the calls the provider reports. */

/** SQLite schema 10. */
export const SQLITE_NUMBERS = `
CREATE TABLE number_leases (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pool TEXT NOT NULL,
  number TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  leased_at TEXT NOT NULL,
  until TEXT NOT NULL,
  fallback INTEGER NOT NULL DEFAULT 0,
  touch TEXT NOT NULL,
  ads TEXT
);
CREATE INDEX number_leases_number ON number_leases(number, leased_at);
CREATE INDEX number_leases_visitor ON number_leases(pool, anonymous_id, until);
CREATE INDEX number_leases_recent ON number_leases(pool, until);
CREATE TABLE calls (
  provider TEXT NOT NULL,
  call_id TEXT NOT NULL,
  to_number TEXT NOT NULL,
  caller_hash TEXT,
  caller TEXT,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration INTEGER,
  answered INTEGER NOT NULL DEFAULT 0,
  lease_id INTEGER,
  event_id TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (provider, call_id)
);
CREATE INDEX calls_started ON calls(started_at);
`;

/** PostgreSQL schema 8. */
export const PG_NUMBERS = `
CREATE TABLE number_leases (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pool text NOT NULL,
  number text NOT NULL,
  anonymous_id text NOT NULL,
  session_id text NOT NULL,
  leased_at timestamptz NOT NULL,
  until timestamptz NOT NULL,
  fallback boolean NOT NULL DEFAULT false,
  touch json NOT NULL,
  ads text
);
CREATE INDEX number_leases_number ON number_leases(number, leased_at);
CREATE INDEX number_leases_visitor ON number_leases(pool, anonymous_id, until);
CREATE INDEX number_leases_recent ON number_leases(pool, until);
CREATE TABLE calls (
  provider text NOT NULL,
  call_id text NOT NULL,
  to_number text NOT NULL,
  caller_hash text,
  caller text,
  status text NOT NULL,
  started_at timestamptz NOT NULL,
  duration integer,
  answered boolean NOT NULL DEFAULT false,
  lease_id bigint,
  event_id text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (provider, call_id)
);
CREATE INDEX calls_started ON calls(started_at);
`;
