import { startPostgres } from '@leadbeacon/test-utils/postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster of this run, or why there is none (the PostgreSQL tests fail with it). */
    postgres: { url?: string; error?: string };
  }
}

/**
 * One throwaway PostgreSQL cluster for the collector's tests (each store gets a schema of its
 * own in it). When PostgreSQL is missing, only the PostgreSQL tests fail, with the install hint.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  try {
    const cluster = await startPostgres();
    project.provide('postgres', { url: cluster.url });
    return () => cluster.stop();
  } catch (err) {
    project.provide('postgres', { error: err instanceof Error ? err.message : String(err) });
  }
}
