import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CsvFileError, describeImport, importOutcomesCsv } from '../leads/import-csv';
import { checkStatusNames, isCurrency, type OutcomeOptions } from '../leads/outcome';
import { CommandError, countryCode, openExistingDb, parse, UsageError } from './args';

export const IMPORT_USAGE = `Usage: leadbeacon-collector import outcomes FILE.csv --db <file|url> [options]

Imports lead outcomes from a CRM export: one row per outcome, a header row naming the columns
(any order; other columns are ignored):
  event_id, anonymous_id, user_id, email, phone   at least one: which lead it is
  status      qualified, won, lost, or a name given with --status
  time        ISO 8601 with an offset, e.g. 2026-11-23T14:30:00+07:00
  value       optional, digits and an optional '.', e.g. 2500000 or 149.90
  currency    ISO 4217 code, needed with a value (or --currency)
Emails and phones are normalised and hashed as the tracker does; the plain values are never
stored. Importing the same file again changes nothing. Each rejected row is listed by line.

Options:
  --db <file or url>      the collector's SQLite file (default ./leadbeacon.sqlite) or
                          PostgreSQL URL (or LEADBEACON_DB)
  --status <name>         a status besides qualified, won and lost; repeatable
  --default-country <cc>  ISO country for national phone numbers, e.g. VN (0912 345 678 -> +84912345678)
  --currency <code>       currency of values given without one
  --help                  show this help

Exit code: 0 all rows imported, 1 some rows rejected (the others were imported) or the file
could not be read (nothing imported), 2 a wrong option.
`;

const IMPORT_FLAGS = {
  db: { type: 'string' },
  status: { type: 'string', multiple: true },
  'default-country': { type: 'string' },
  currency: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse<typeof IMPORT_FLAGS>>['values'];

export async function importCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, IMPORT_FLAGS, true);
  if (values.help) return void process.stdout.write(IMPORT_USAGE);
  const file = csvFileArgument(positionals);
  const { statuses, options } = importOptions(values);
  const text = await readCsv(file);
  const store = await openExistingDb(values.db);
  try {
    const report = await importOutcomesCsv(text, store, statuses, options);
    process.stdout.write(describeImport(report, 'line').join('\n') + '\n');
    if (report.rejected.length)
      throw new CommandError(`${report.rejected.length} row(s) rejected, listed above; the other rows were imported`);
  } catch (err) {
    if (err instanceof CsvFileError) throw new CommandError(`${file}: ${err.message} (nothing imported)`, { cause: err });
    throw err;
  } finally {
    await store.close();
  }
}

/** The words after `import`: `outcomes FILE.csv`, nothing more. */
function csvFileArgument(positionals: string[]): string {
  const [what, file, ...rest] = positionals;
  if (what !== 'outcomes') throw new UsageError(`import what? 'leadbeacon-collector import outcomes FILE.csv' (got '${what ?? ''}')`);
  if (!file || rest.length) throw new UsageError('import outcomes takes one CSV file');
  return file;
}

/** --default-country, --currency and --status, checked. */
function importOptions(values: Values): { statuses: string[]; options: OutcomeOptions } {
  const country = countryCode(values['default-country']);
  const currency = values.currency?.toUpperCase();
  if (currency !== undefined && !isCurrency(currency))
    throw new UsageError(`--currency must be an ISO 4217 code such as VND or USD, got '${currency}'`);
  try {
    const statuses = checkStatusNames(values.status ?? []);
    return { statuses, options: { ...(country ? { defaultCountry: country } : {}), ...(currency ? { defaultCurrency: currency } : {}) } };
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
}

async function readCsv(file: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (err) {
    throw new CommandError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}
