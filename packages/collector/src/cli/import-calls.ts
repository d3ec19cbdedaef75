import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_COUNT_SECONDS, readNumbersConfig } from '../numbers/config';
import { importCalls } from '../numbers/import-calls';
import { configPath } from '../uploads/config';
import { CommandError, openExistingDb, parse, UsageError } from './args';

const FLAGS = {
  db: { type: 'string' },
  config: { type: 'string' },
  provider: { type: 'string' },
  help: { type: 'boolean' },
} as const;

export const IMPORT_CALLS_USAGE = `Usage: leadbeacon-collector import calls FILE.csv --db <file|url> [--config FILE] [--provider NAME]

A call log (columns call_id, to, from, start, duration, answered or status), each call matched
to the visit that held its number and made a 'call' lead when it counts ("numbers.countSeconds"
of the config, default 60 s answered). Importing the same file again changes nothing.
`;

export async function importCallsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, FLAGS, true);
  if (values.help) return void process.stdout.write(IMPORT_CALLS_USAGE);
  if (positionals.length !== 1) throw new UsageError('import calls takes one CSV file');
  const file = resolve(positionals[0]!);
  const config = configPath(values.config ?? process.env.LEADBEACON_CONFIG, undefined);
  const numbers = config ? readNumbersConfig(config) : undefined;
  const provider = values.provider ?? 'csv';
  if (!/^[a-z0-9_-]{1,32}$/.test(provider)) throw new UsageError('--provider must be lowercase letters, digits, _ or -');
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new CommandError(`cannot read ${file}: ${err.message}`);
  });
  const store = await openExistingDb(values.db);
  try {
    const rules = {
      countSeconds: numbers?.countSeconds ?? DEFAULT_COUNT_SECONDS,
      storeCallerNumbers: numbers?.storeCallerNumbers ?? false,
    };
    const r = await importCalls(text, store, rules, provider);
    process.stdout.write(`${r.recorded} call(s) recorded, ${r.matched} matched to a visit, ${r.leads} counted as leads\n`);
    for (const x of r.rejected) process.stdout.write(`  row ${x.row}: ${x.reason}\n`);
    if (r.rejected.length) throw new CommandError(`${r.rejected.length} row(s) rejected, listed above; the other rows were recorded`);
  } finally {
    await store.close();
  }
}
