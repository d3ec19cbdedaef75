/** Says how to install PostgreSQL; the error of every PostgreSQL test where it is missing. */
export declare const POSTGRES_INSTALL_HINT: string;

/** Where the server programs were found: LEADBEACON_PG_BIN, the machine's, or the npm package's. */
export type PostgresOrigin = 'LEADBEACON_PG_BIN' | 'system' | 'npm';

/** The server programs' folder and where it came from. */
export interface FoundPostgres {
  bin: string;
  origin: PostgresOrigin;
}

/**
 * The server programs to use: LEADBEACON_PG_BIN, the machine's (Debian's /usr/lib/postgresql, then
 * PATH), then the npm package's (`npm`, by default npmPostgresBin); LEADBEACON_POSTGRES=npm takes
 * the npm package's first. An error with the install hint when there are none.
 */
export declare function findPostgres(env?: NodeJS.ProcessEnv, debianRoot?: string, npm?: () => string): FoundPostgres;

/** The folder holding initdb and postgres (findPostgres's `bin`). */
export declare function findPostgresBin(env?: NodeJS.ProcessEnv, debianRoot?: string, npm?: () => string): string;

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  /** The folder of the server programs used. */
  bin: string;
  /** Where those programs came from. */
  origin: PostgresOrigin;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Keep fsync and synchronous commit on (PostgreSQL's defaults). Default false: test speed. */
  durable?: boolean;
  /** Default 200. */
  maxConnections?: number;
  /** As root, the system user the server runs as; default `postgres` where it exists, else `nobody`. */
  osUser?: string;
}

/** Creates the database `name` on the cluster whose `postgres` database `url` names; the new database's URL. */
export declare function createDatabaseAt(url: string, name: string): Promise<string>;
/** A throwaway cluster (initdb + postgres in a temp dir, a free 127.0.0.1 port). */
export declare function startPostgres(options?: StartPostgresOptions): Promise<PostgresCluster>;
