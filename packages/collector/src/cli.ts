#!/usr/bin/env node
import { adviseCommand } from './cli/advise';
import { runCommand } from './cli/args';
import { destinationsCommand } from './cli/destinations';
import { exportCommand } from './cli/export';
import { importCommand } from './cli/import';
import { leadsCommand } from './cli/leads';
import { serve } from './cli/serve';
import { syncCommand } from './cli/sync';

/** Runs the CLI with `argv` (without node and script); exported for tests, run below on import. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  await runCommand(() => {
    if (command === 'import') return importCommand(rest);
    if (command === 'export') return exportCommand(rest);
    if (command === 'destinations') return destinationsCommand(rest);
    if (command === 'sync') return syncCommand(rest);
    if (command === 'advise') return adviseCommand(rest);
    if (command === 'leads') return leadsCommand(rest);
    return serve(command === 'serve' ? rest : argv);
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`leadbeacon-collector: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
