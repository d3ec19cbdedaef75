/** The npm package whose PostgreSQL server the tests use when the machine has none. */
export declare const NPM_POSTGRES_PACKAGE: string;

/** Whether the package has a build for this machine (Linux x64). */
export declare function npmPostgresSupported(): boolean;

/**
 * The folder holding the npm package's initdb and postgres, ready to run (its shared-library
 * links made; as root, a copy in the temp dir that every user can read). Throws when the package
 * is not installed or has no build for this machine.
 */
export declare function npmPostgresBin(asRoot?: boolean): string;
