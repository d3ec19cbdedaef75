import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isValueSource } from '../advice/apply';
import { ExportError, FORMATS, isExportFormat, runExport, summary } from '../exports/run';
import { checkTimeZone, parseInstant } from '../exports/time';
import { CommandError, openExistingDb, parse, UsageError } from './args';

export const EXPORT_USAGE = `Usage: leadbeacon-collector export <format> --db <file|url> --out FILE [options]

Writes the conversions (leads as funnel steps, and CRM outcomes) whose time falls in
[--since, --until) as a file to upload, and FILE's report beside it (FILE.report.csv) listing
every conversion not written with the reason. Reads the database only; never calls out.

Formats:
  google-ads                   Google Ads offline click conversions (gclid, GBRAID, WBRAID)
  google-ads-enhanced-leads    Google Ads enhanced conversions for leads (hashed email/phone)
  meta-capi                    Meta Conversions API events (JSON body for /<pixel>/events)

Options:
  --db <file or url>   the collector's SQLite file (default ./leadbeacon.sqlite) or PostgreSQL
                       URL (or LEADBEACON_DB)
  --out <file>         where to write the file (required)
  --since <date>       2026-11-01 (local day in --timezone) or 2026-11-01T00:00:00+07:00;
                       default 90 days (meta-capi: 7) before --until
  --until <date>       exclusive end; default now
  --timezone <tz>      IANA time zone of the file's times (default UTC)
  --values <source>    configured (default: the values the tracker and CRM gave) or learned
                       (each step's value learned from the outcomes, as advise shows)
  --name <step=Name>   conversion name of a funnel step, e.g. --name form_submit="Lead form"
                       --name won=Sale; 'step=' leaves a step out; repeatable. Steps: form_submit,
                       call_click, email_click, chat_start, qualified, won, lost and your statuses.
                       Defaults: google-ads* the step itself (lost left out); meta-capi Lead,
                       Contact, QualifiedLead, Purchase
  --help               show this help
`;

const replaceExtension = (file: string) => file.replace(/(\.[^./\\]+)?$/, '.report.csv');

/** The export's options from the command line; a bad one is a usage error. */
function exportOptions(values: { since?: string; until?: string; timezone?: string; values?: string; name?: string[] }) {
  if (values.values !== undefined && !isValueSource(values.values))
    throw new UsageError(`--values must be configured or learned, got '${values.values}'`);
  try {
    const timeZone = checkTimeZone(values.timezone ?? 'UTC');
    const since = values.since === undefined ? undefined : parseInstant(values.since, timeZone, '--since');
    const until = values.until === undefined ? undefined : parseInstant(values.until, timeZone, '--until');
    return {
      timeZone,
      names: values.name ?? [],
      ...(values.values ? { values: values.values } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
    };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export async function exportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    {
      db: { type: 'string' },
      out: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      timezone: { type: 'string' },
      values: { type: 'string' },
      name: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
    true,
  );
  if (values.help) return void process.stdout.write(EXPORT_USAGE);
  const [format, ...rest] = positionals;
  if (!format || !isExportFormat(format) || rest.length)
    throw new UsageError(`export takes one format: ${Object.keys(FORMATS).join(', ')}`);
  if (!values.out) throw new UsageError('--out FILE is required');
  const options = exportOptions(values);
  const store = await openExistingDb(values.db);
  try {
    const result = await runExport(store, format, options);
    const out = resolve(values.out);
    const report = replaceExtension(out);
    await writeFile(out, result.text);
    await writeFile(report, result.report);
    process.stdout.write(
      `${format}: ${summary(result)}\n` +
        `  conversions ${result.since.toISOString()} to ${result.until.toISOString()}, times in ${options.timeZone}\n` +
        `  file        ${out}\n  report      ${report}\n`,
    );
  } catch (err) {
    if (err instanceof ExportError) throw new CommandError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}
