import { resolve } from 'node:path';
import { checkAdminToken } from '../auth';
import { checkTimeZone } from '../exports/time';
import { checkStatusNames } from '../leads/outcome';
import { createCollector } from '../server';
import { int, parse, UsageError } from './args';

export const SERVE_USAGE = `Usage: leadbeacon-collector [serve] [options]

Receives leadbeacon batches on POST /collect, stores each event once in SQLite, keeps a lead
for every form, call, email and chat, and shows them on the dashboard (/dashboard) and the
live page (/).

Options:
  --port <n>             port to listen on (default 8787; 0 picks a free one)
  --host <addr>          address to bind (default 127.0.0.1; 0.0.0.0 to accept from the network)
  --db <file>            SQLite database file (default ./leadbeacon.sqlite)
  --cors-origin <o>      origin allowed to POST from a browser, e.g. https://example.com;
                         repeatable; '*' allows any (the default when none is given)
  --body-limit <n>       largest request body in bytes (default 1000000)
  --admin-token <t>      token for the dashboard, events, outcomes API and exports (at least 16
                         characters; or LEADBEACON_ADMIN_TOKEN). Without one they answer only
                         on this machine (127.0.0.1)
  --timezone <tz>        IANA time zone of the dashboard's days and export files (default UTC)
  --status <name>        an outcome status besides qualified, won and lost; repeatable
  --default-country <cc> ISO country for national phone numbers in POST /api/outcomes, e.g. VN
  --help                 show this help

Commands:
  leadbeacon-collector import outcomes FILE.csv --db <file>     CRM outcomes from a CSV file
  leadbeacon-collector export <format> --db <file> --out FILE   a file for Google Ads or Meta
Run a command with --help for its options.
`;

function serveOptions(argv: string[]) {
  const { values } = parse(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'cors-origin': { type: 'string', multiple: true },
    'body-limit': { type: 'string' },
    'admin-token': { type: 'string' },
    timezone: { type: 'string' },
    status: { type: 'string', multiple: true },
    'default-country': { type: 'string' },
    help: { type: 'boolean' },
  });
  const origins = values['cors-origin'];
  const token = values['admin-token'] ?? (process.env.LEADBEACON_ADMIN_TOKEN || undefined);
  const country = values['default-country']?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw new UsageError(`--default-country must be a two-letter ISO country code such as VN, got '${country}'`);
  try {
    checkStatusNames(values.status ?? []);
    return {
      help: values.help === true,
      port: int('port', values.port, 0, 65535) ?? 8787,
      host: values.host ?? '127.0.0.1',
      dbPath: resolve(values.db ?? './leadbeacon.sqlite'),
      corsOrigins: !origins || origins.includes('*') ? ('*' as const) : origins,
      bodyLimit: int('body-limit', values['body-limit'], 1, 2 ** 31 - 1),
      adminToken: token === undefined ? undefined : checkAdminToken(token),
      timeZone: checkTimeZone(values.timezone ?? 'UTC'),
      statuses: values.status ?? [],
      defaultCountry: country,
    };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/** Starts the collector and runs until SIGINT/SIGTERM. */
export async function serve(argv: string[]): Promise<void> {
  const { help, ...opts } = serveOptions(argv);
  if (help) return void process.stdout.write(SERVE_USAGE);
  const collector = await createCollector({
    ...opts,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  const reading = opts.adminToken
    ? 'admin token required (Authorization: Bearer, or sign in at /login)'
    : `no admin token: dashboard, events, outcomes API and exports answer only on this machine (127.0.0.1);\n` +
      `             set --admin-token or LEADBEACON_ADMIN_TOKEN to read them from elsewhere`;
  process.stdout.write(
    `leadbeacon collector ${__VERSION__}\n` +
      `  dashboard  ${collector.url}/dashboard\n` +
      `  live page  ${collector.url}/\n` +
      `  collect    ${collector.url}/collect\n` +
      `  database   ${opts.dbPath}\n` +
      `  origins    ${opts.corsOrigins === '*' ? '*' : opts.corsOrigins.join(' ')}\n` +
      `  time zone  ${opts.timeZone}\n` +
      `  reading    ${reading}\n`,
  );
  if (!opts.adminToken && !LOOPBACK_HOSTS.includes(opts.host)) {
    process.stdout.write(`  note       listening on ${opts.host} without an admin token: other machines can post events but not read them\n`);
  }
  stopOnSignals(collector.close);
}

function stopOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: closing…\n`);
    close().then(
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
