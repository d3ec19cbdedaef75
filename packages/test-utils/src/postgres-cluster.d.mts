/** Says how to install PostgreSQL; the error of every PostgreSQL test where it is missing. */
export declare const POSTGRES_INSTALL_HINT: string;

/** The folder holding initdb and postgres, or an error with the install hint. */
export declare function findPostgresBin(env?: NodeJS.ProcessEnv, debianRoot?: string): string;

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  /** The folder of the server programs used. */
  bin: string;
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
}

/** Creates the database `name` on the cluster whose `postgres` database `url` names; the new database's URL. */
export declare function createDatabaseAt(url: string, name: string): Promise<string>;
/** A throwaway cluster (initdb + postgres in a temp dir, a free 127.0.0.1 port). */
export declare function startPostgres(options?: StartPostgresOptions): Promise<PostgresCluster>;
