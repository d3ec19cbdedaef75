import { resolve } from 'node:path';
import { MAX_BATCH_EVENTS } from '@leadbeacon/wire';
import { checkAdminToken } from '../auth';
import { checkTimeZone } from '../exports/time';
import { checkStatusNames } from '../leads/outcome';
import { checkWriteKey } from '../http/write-key';
import type { ForwardOptions } from '../forward/forwarder';
import { createCollector, DEFAULT_RATE_LIMIT } from '../server';
import { describeDb, isPostgresUrl } from '../store/open';
import { configPath } from '../uploads/config';
import { numbersOption } from './numbers-option';
import { qualityOption } from './quality-option';
import { parseDuration, startSyncEvery } from '../uploads/schedule';
import { loadConfig } from './destinations';
import { SERVE_USAGE } from './serve-usage';
import { CommandError, countryCode, int, parse, UsageError } from './args';
import { HooksConfigError, readHooksConfig, type HookConfigs } from '../crm/hooks-config';

const SERVE_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  'db-pool': { type: 'string' },
  'cors-origin': { type: 'string', multiple: true },
  'write-key': { type: 'string', multiple: true },
  'body-limit': { type: 'string' },
  'max-events': { type: 'string' },
  'rate-limit': { type: 'string' },
  'rate-burst': { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'headers-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  forward: { type: 'string' },
  'forward-format': { type: 'string' },
  'forward-write-key': { type: 'string' },
  'admin-token': { type: 'string' },
  timezone: { type: 'string' },
  status: { type: 'string', multiple: true },
  'default-country': { type: 'string' },
  'sync-every': { type: 'string' },
  config: { type: 'string' },
  'twilio-auth-token': { type: 'string' },
  'spam-min-form-ms': { type: 'string' },
  'spam-min-page-ms': { type: 'string' },
  'spam-max-per-address': { type: 'string' },
  'spam-max-per-visitor': { type: 'string' },
  'spam-exempt': { type: 'string', multiple: true },
  'spam-no-honeypot': { type: 'string', multiple: true },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse<typeof SERVE_FLAGS>>['values'];

/** --forward and its options; the URL must be http(s). */
function forwardOptions(values: Values): ForwardOptions | undefined {
  if (values.forward === undefined) {
    if (values['forward-format'] || values['forward-write-key'])
      throw new UsageError('--forward-format and --forward-write-key need --forward URL');
    return undefined;
  }
  if (!URL.canParse(values.forward) || !/^https?:$/.test(new URL(values.forward).protocol))
    throw new UsageError(`--forward must be an http(s) URL, got '${values.forward}'`);
  const format = values['forward-format'] ?? 'native';
  if (format !== 'native' && format !== 'segment') throw new UsageError(`--forward-format must be native or segment, got '${format}'`);
  return { url: values.forward, format, ...(values['forward-write-key'] ? { writeKey: values['forward-write-key'] } : {}) };
}

function serveOptions(argv: string[]) {
  const { values } = parse(argv, SERVE_FLAGS);
  const defaultCountry = countryCode(values['default-country']);
  try {
    checkStatusNames(values.status ?? []);
    return {
      help: values.help === true,
      port: int('port', values.port, 0, 65535) ?? 8787,
      host: values.host ?? '127.0.0.1',
      ...databaseOptions(values),
      ...intakeOptions(values),
      forward: forwardOptions(values),
      ...readingOptions(values),
      statuses: values.status ?? [],
      defaultCountry,
      sync: syncOptions(values),
      ...hooksOption(values),
      ...numbersOption(configFile(values), values['twilio-auth-token']),
      quality: qualityOption(configFile(values), values),
    };
  } catch (err) {
    if (err instanceof UsageError || err instanceof CommandError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

/** The config file: --config, else leadbeacon.config.json beside a SQLite database when there is one. */
function configFile(values: Values): string | undefined {
  const db = values.db ?? (process.env.LEADBEACON_DB || './leadbeacon.sqlite');
  return configPath(values.config ?? (process.env.LEADBEACON_CONFIG || undefined), isPostgresUrl(db) ? undefined : db);
}

/** The config file's webhooks ("hooks"), read at start so a mistake stops the collector there. */
function hooksOption(values: Values): { hooks?: HookConfigs } {
  const file = configFile(values);
  if (!file) return {};
  try {
    const hooks = readHooksConfig(file);
    return Object.keys(hooks).length ? { hooks } : {};
  } catch (err) {
    if (err instanceof HooksConfigError) throw new CommandError(err.message);
    throw err;
  }
}

/** --sync-every 1h and --config: the destinations config is read at start, so a mistake stops the collector there. */
function syncOptions(values: Values) {
  if (values['sync-every'] === undefined) return undefined;
  const everyMs = parseDuration(values['sync-every']);
  if (everyMs === undefined) throw new UsageError(`--sync-every takes 15m, 1h, 1d… (1 minute to 1 day), got '${values['sync-every']}'`);
  const file = configFile(values);
  if (!file) throw new UsageError('--sync-every needs --config FILE (or leadbeacon.config.json beside the database)');
  return { everyMs, file };
}

/** --db (else LEADBEACON_DB, else ./leadbeacon.sqlite) and --db-pool. */
function databaseOptions(values: Values) {
  const db = values.db ?? (process.env.LEADBEACON_DB || './leadbeacon.sqlite');
  return { db: isPostgresUrl(db) ? db : resolve(db), dbPoolSize: int('db-pool', values['db-pool'], 1, 1000) };
}

/** What POST /collect accepts, from whom, and how fast. */
function intakeOptions(values: Values) {
  const origins = values['cors-origin'];
  const writeKeys = values['write-key'] ?? (process.env.LEADBEACON_WRITE_KEY ? [process.env.LEADBEACON_WRITE_KEY] : []);
  const seconds = (name: 'headers-timeout' | 'request-timeout') => {
    const s = int(name, values[name], 1, 3600);
    return s === undefined ? undefined : s * 1000;
  };
  return {
    corsOrigins: !origins || origins.includes('*') ? ('*' as const) : origins,
    writeKeys: writeKeys.map(checkWriteKey),
    bodyLimit: int('body-limit', values['body-limit'], 1, 2 ** 31 - 1),
    maxEvents: int('max-events', values['max-events'], 1, MAX_BATCH_EVENTS),
    rateLimit: {
      rate: int('rate-limit', values['rate-limit'], 0, 1_000_000) ?? DEFAULT_RATE_LIMIT.rate,
      burst: int('rate-burst', values['rate-burst'], 1, 10_000_000) ?? DEFAULT_RATE_LIMIT.burst,
    },
    trustProxy: values['trust-proxy'] === true,
    headersTimeoutMs: seconds('headers-timeout'),
    requestTimeoutMs: seconds('request-timeout'),
  };
}

/** Who may read (--admin-token, else LEADBEACON_ADMIN_TOKEN) and the dashboard's time zone. */
function readingOptions(values: Values) {
  const token = values['admin-token'] ?? (process.env.LEADBEACON_ADMIN_TOKEN || undefined);
  return { adminToken: token === undefined ? undefined : checkAdminToken(token), timeZone: checkTimeZone(values.timezone ?? 'UTC') };
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/** Starts the collector and runs until SIGINT/SIGTERM. */
export async function serve(argv: string[]): Promise<void> {
  const { help, sync, ...opts } = serveOptions(argv);
  if (help) return void process.stdout.write(SERVE_USAGE);
  const config = sync ? loadConfig(sync.file) : undefined;
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const collector = await createCollector({ ...opts, log });
  const reading = opts.adminToken
    ? 'admin token required (Authorization: Bearer, or sign in at /login)'
    : `no admin token: dashboard, events, outcomes API and exports answer only on this machine (127.0.0.1);\n` +
      `             set --admin-token or LEADBEACON_ADMIN_TOKEN to read them from elsewhere`;
  process.stdout.write(
    `leadbeacon collector ${__VERSION__}\n` +
      `  dashboard  ${collector.url}/dashboard\n` +
      `  live page  ${collector.url}/\n` +
      `  collect    ${collector.url}/collect\n` +
      `  database   ${describeDb(opts.db)} (${collector.store.kind})\n` +
      `  origins    ${opts.corsOrigins === '*' ? '*' : opts.corsOrigins.join(' ')}\n` +
      `  write key  ${opts.writeKeys.length ? `required (${opts.writeKeys.length} accepted)` : 'none: any batch is taken'}\n` +
      `  rate limit ${opts.rateLimit.rate ? `${opts.rateLimit.rate} events/s per client, bursts of ${opts.rateLimit.burst}` : 'off'}\n` +
      (opts.forward ? `  forward    ${opts.forward.url} (${opts.forward.format} format)\n` : '') +
      (opts.numbers
        ? `  numbers    ${opts.numbers.pools.length} pool(s) at ${collector.url}/api/number; calls in at ${collector.url}/api/calls/twilio, /api/calls/telnyx\n`
        : '') +
      (opts.hooks
        ? `  webhooks   ${Object.keys(opts.hooks)
            .map((n) => `${collector.url}/api/hooks/${n}`)
            .join(' ')}\n`
        : '') +
      `  time zone  ${opts.timeZone}\n` +
      `  reading    ${reading}\n`,
  );
  if (!opts.adminToken && !LOOPBACK_HOSTS.includes(opts.host)) {
    process.stdout.write(
      `  note       listening on ${opts.host} without an admin token: other machines can post events but not read them\n`,
    );
  }
  if (sync && config) {
    process.stdout.write(`  sync       every ${sync.everyMs / 60_000} min, destinations from ${sync.file}\n`);
    const stopSync = startSyncEvery(collector.store, config, sync.everyMs, log);
    return stopOnSignals(async () => {
      await stopSync();
      await collector.close();
    });
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
