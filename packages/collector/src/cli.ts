#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCollector } from './server';

const USAGE = `Usage: leadbeacon-collector [options]

Receives leadbeacon batches on POST /collect, stores each event once in SQLite and shows
them live at /.

Options:
  --port <n>           port to listen on (default 8787; 0 picks a free one)
  --host <addr>        address to bind (default 127.0.0.1; 0.0.0.0 to accept from the network)
  --db <file>          SQLite database file (default ./leadbeacon.sqlite)
  --cors-origin <o>    origin allowed to POST from a browser, e.g. https://example.com;
                       repeatable; '*' allows any (the default when none is given)
  --body-limit <n>     largest request body in bytes (default 1000000)
  --help               show this help
`;

class UsageError extends Error {}

function int(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'body-limit': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const origins = values['cors-origin'];
  return {
    help: values.help === true,
    port: int('port', values.port, 0, 65535) ?? 8787,
    host: values.host ?? '127.0.0.1',
    dbPath: resolve(values.db ?? './leadbeacon.sqlite'),
    corsOrigins: !origins || origins.includes('*') ? ('*' as const) : origins,
    bodyLimit: int('body-limit', values['body-limit'], 1, 2 ** 31 - 1),
  };
}

/** Runs the CLI with `argv` (without node and script); exported for tests, run below on import. */
export async function main(argv: string[]): Promise<void> {
  let opts;
  try {
    opts = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`leadbeacon-collector: ${err.message}\nRun 'leadbeacon-collector --help' for the options.\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { help: _help, ...collectorOptions } = opts;
  const collector = await createCollector({
    ...collectorOptions,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write(
    `leadbeacon collector ${__VERSION__}\n` +
      `  live page  ${collector.url}/\n` +
      `  collect    ${collector.url}/collect\n` +
      `  database   ${opts.dbPath}\n` +
      `  origins    ${opts.corsOrigins === '*' ? '*' : opts.corsOrigins.join(' ')}\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: closing…\n`);
    collector.close().then(
      () => process.stdout.write('closed\n'),
      (err: unknown) => {
        process.stderr.write(`error while closing: ${String(err)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`leadbeacon-collector: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
