import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeDb, isPostgresUrl, openStore } from '../store/open';
import type { EventStore } from '../store/types';

/** A mistake in the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

/** A command that could not do its job: printed as is, exit code 1. */
export class CommandError extends Error {}

export function int(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

/** --default-country: a two-letter ISO country code, upper-cased; undefined when not given. */
export function countryCode(raw: string | undefined): string | undefined {
  const country = raw?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country))
    throw new UsageError(`--default-country must be a two-letter ISO country code such as VN, got '${country}'`);
  return country;
}

/** node:util parseArgs with its errors turned into UsageError. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: positionals, options });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** An existing database file: import and export never create an empty one by mistake. */
export function existingDb(raw: string | undefined): string {
  const path = resolve(raw ?? './leadbeacon.sqlite');
  if (!existsSync(path)) throw new CommandError(`no database at ${path}: give the collector's file with --db`);
  return path;
}

/** The collector's database for import and export: --db, else LEADBEACON_DB; a SQLite file must exist. */
export async function openExistingDb(raw: string | undefined): Promise<EventStore> {
  const db = raw ?? (process.env.LEADBEACON_DB || undefined);
  if (db !== undefined && isPostgresUrl(db)) {
    try {
      return await openStore(db);
    } catch (err) {
      throw new CommandError(`cannot open ${describeDb(db)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return openStore(existingDb(db));
}

/** Runs `fn` with a usage or command error printed the way the CLI prints them. */
export async function runCommand(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`leadbeacon-collector: ${err.message}\nRun 'leadbeacon-collector --help' for the options.\n`);
      process.exitCode = 2;
    } else if (err instanceof CommandError) {
      process.stderr.write(`leadbeacon-collector: ${err.message}\n`);
      process.exitCode = 1;
    } else throw err;
  }
}
