import { checkDestinations } from '../uploads/check';
import { ConfigError, configPath, readDestinationsConfig } from '../uploads/config';
import type { DestinationsConfig } from '../uploads/config-types';
import { CommandError, parse, UsageError } from './args';

export const DESTINATIONS_USAGE = `Usage: leadbeacon-collector destinations check [--config FILE]

Reads the destinations config file and says, per destination (google, meta), what is set and
what is missing, then does a dry run with one synthetic event: Google with validateOnly
(nothing stored), Meta only with the config's testEventCode (shown in Test Events, never
counted). Needs no database. Exits 1 when something must be fixed.

Options:
  --config <file>   the config file (default ./leadbeacon.config.json)
  --help            show this help
`;

/** Reads the config file, turning its errors into CommandError. */
export function loadConfig(file: string): DestinationsConfig {
  try {
    return readDestinationsConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) throw new CommandError(err.message);
    throw err;
  }
}

export async function destinationsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { config: { type: 'string' }, help: { type: 'boolean' } }, true);
  if (values.help) return void process.stdout.write(DESTINATIONS_USAGE);
  if (positionals.length !== 1 || positionals[0] !== 'check') throw new UsageError('destinations takes one command: check');
  const file = configPath(values.config ?? 'leadbeacon.config.json')!;
  const report = await checkDestinations(loadConfig(file));
  process.stdout.write(report.lines.join('\n') + '\n');
  if (!report.ok) process.exitCode = 1;
}
