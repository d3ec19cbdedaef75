import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CsvFileError, DELIMITERS, type Delimiter } from '../crm/csv-rows';
import { describeCrmImport } from '../crm/describe';
import { importCrmFile, type CrmImportOptions } from '../crm/import-file';
import { MappingError, mergeMappings, readMapFile } from '../crm/mapping';
import { isPresetName, PRESET_NAMES, PRESETS } from '../crm/presets';
import { isTimeZone } from '../crm/values';
import { checkStatusNames, isCurrency } from '../leads/outcome';
import { CommandError, countryCode, openExistingDb, parse, UsageError } from './args';
import { IMPORT_USAGE } from './import-usage';
import { importCallsCommand } from './import-calls';

export { IMPORT_USAGE };

const IMPORT_FLAGS = {
  db: { type: 'string' },
  preset: { type: 'string' },
  map: { type: 'string' },
  delimiter: { type: 'string' },
  decimal: { type: 'string' },
  'date-format': { type: 'string' },
  timezone: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'skip-bad-rows': { type: 'boolean' },
  status: { type: 'string', multiple: true },
  'default-country': { type: 'string' },
  currency: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse<typeof IMPORT_FLAGS>>['values'];

export async function importCommand(argv: string[]): Promise<void> {
  if (argv[0] === 'calls') return importCallsCommand(argv.slice(1));
  const { values, positionals } = parse(argv, IMPORT_FLAGS, true);
  if (values.help) return void process.stdout.write(IMPORT_USAGE);
  const file = csvFileArgument(positionals);
  const { statuses, options } = importOptions(values);
  const text = await readCsv(file);
  const store = await openExistingDb(values.db);
  try {
    const report = await importCrmFile(text, store, statuses, options);
    process.stdout.write(describeCrmImport(report).join('\n') + '\n');
    if (!report.rejected.length) return;
    if (report.dryRun) throw new CommandError(`${report.rejected.length} row(s) would be rejected, listed above`);
    if (report.saved)
      throw new CommandError(`${report.rejected.length} row(s) rejected and skipped, listed above; the other rows were imported`);
    throw new CommandError(`${report.rejected.length} row(s) rejected, listed above; nothing was imported`);
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

/** --preset and --map: the preset's mapping with the map file over it. */
function mappingOptions(values: Values): Pick<CrmImportOptions, 'mapping' | 'source'> {
  const preset = values.preset;
  if (preset !== undefined && !isPresetName(preset))
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got '${preset}'`);
  let map;
  try {
    map = values.map === undefined ? undefined : readMapFile(resolve(values.map));
  } catch (err) {
    if (err instanceof MappingError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
  const mapping = mergeMappings(preset ? PRESETS[preset] : undefined, map);
  const source = [preset && `preset ${preset}`, values.map].filter(Boolean).join(' with ');
  return mapping ? { mapping, source } : {};
}

/** --delimiter, --decimal, --date-format, --timezone: how the file writes its fields. */
function formatOptions(values: Values): Pick<CrmImportOptions, 'delimiter' | 'decimal' | 'dateFormat' | 'timeZone'> {
  const named: Record<string, Delimiter> = { tab: '\t', '\\t': '\t' };
  const delimiter = values.delimiter === undefined ? undefined : (named[values.delimiter] ?? values.delimiter);
  if (delimiter !== undefined && !DELIMITERS.includes(delimiter as Delimiter))
    throw new UsageError(`--delimiter must be , ; or tab, got '${values.delimiter}'`);
  const decimal = values.decimal;
  if (decimal !== undefined && decimal !== ',' && decimal !== '.') throw new UsageError(`--decimal must be , or ., got '${decimal}'`);
  const zone = values.timezone;
  if (zone !== undefined && !isTimeZone(zone))
    throw new UsageError(`--timezone must be an IANA time zone such as Europe/Berlin, got '${zone}'`);
  return {
    ...(delimiter ? { delimiter: delimiter as Delimiter } : {}),
    ...(decimal ? { decimal } : {}),
    ...(values['date-format'] ? { dateFormat: values['date-format'] } : {}),
    ...(zone ? { timeZone: zone } : {}),
  };
}

/** Every option of the import, checked. */
function importOptions(values: Values): { statuses: string[]; options: CrmImportOptions } {
  const country = countryCode(values['default-country']);
  const currency = values.currency?.toUpperCase();
  if (currency !== undefined && !isCurrency(currency))
    throw new UsageError(`--currency must be an ISO 4217 code such as VND or USD, got '${currency}'`);
  let statuses: string[];
  try {
    statuses = checkStatusNames(values.status ?? []);
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
  const options: CrmImportOptions = {
    ...mappingOptions(values),
    ...formatOptions(values),
    ...(country ? { defaultCountry: country } : {}),
    ...(currency ? { defaultCurrency: currency } : {}),
    ...(values['dry-run'] ? { dryRun: true } : {}),
    ...(values['skip-bad-rows'] ? { skipBadRows: true } : {}),
  };
  return { statuses, options };
}

/**
 * The file as text: UTF-8 (with or without a BOM), else Windows-1252, which Excel's "CSV" writes on
 * Western-European Windows (`Währung` would otherwise come out as `W\uFFFDhrung` and match no column).
 */
async function readCsv(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(file));
  } catch (err) {
    throw new CommandError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    process.stdout.write(`${file} is not UTF-8: read as Windows-1252 (what Excel writes on Western-European Windows)\n`);
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
