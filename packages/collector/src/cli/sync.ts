import { isPostgresUrl } from '../store/open';
import { configPath } from '../uploads/config';
import { runSync } from '../uploads/sync';
import { CommandError, openExistingDb, parse, UsageError } from './args';
import { loadConfig } from './destinations';

export const SYNC_USAGE = `Usage: leadbeacon-collector sync --db <file|url> [--config FILE] [--dry-run] [--destination google|meta]

Runs one pass: every conversion of a step the config names goes to Google Ads (Data Manager
API) and Meta (Conversions API) once, when the platform's rules allow; the upload ledger in the
database remembers each one's state. Prints one line per destination:
  google: 12 sent, 11 accepted, 1 rejected (INVALID_GCLID), 3 waiting (click under 6 h, …)
Exits 0 when nothing failed for a reason the operator must fix, 1 otherwise.

Options:
  --db <file or url>    the collector's SQLite file (default ./leadbeacon.sqlite) or PostgreSQL URL
                        (or LEADBEACON_DB)
  --config <file>       the destinations config (default leadbeacon.config.json beside the database)
  --dry-run             Google: validateOnly; Meta: only with the config's testEventCode (else
                        skipped); the ledger is not changed
  --destination <d>     only google or only meta
  --help                show this help
`;

export async function syncCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    config: { type: 'string' },
    'dry-run': { type: 'boolean' },
    destination: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) return void process.stdout.write(SYNC_USAGE);
  const only = values.destination;
  if (only !== undefined && only !== 'google' && only !== 'meta')
    throw new UsageError(`--destination must be google or meta, got '${only}'`);
  const db = values.db ?? (process.env.LEADBEACON_DB || './leadbeacon.sqlite');
  const file = configPath(values.config, isPostgresUrl(db) ? undefined : db);
  if (!file) throw new CommandError('no destinations config: give --config FILE, or put leadbeacon.config.json beside the database');
  const config = loadConfig(file);
  if (!config.google && !config.meta) throw new CommandError(`${file} configures no destination`);
  if (only && !config[only]) throw new CommandError(`${file} does not configure ${only} (destinations.${only})`);
  const store = await openExistingDb(db);
  try {
    const tallies = await runSync({ store, config, dryRun: values['dry-run'] === true, ...(only ? { only } : {}) });
    process.stdout.write(tallies.map((t) => t.line()).join('\n') + '\n');
    if (tallies.some((t) => !t.ok)) process.exitCode = 1;
  } finally {
    await store.close();
  }
}
