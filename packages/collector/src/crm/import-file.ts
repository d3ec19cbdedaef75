/**
 * `import outcomes FILE`: a CRM's export as it is, through a preset or a map (or our own plain
 * columns), all or nothing: every row is read and checked, and matched against the leads without
 * writing, before anything is saved. One refused row keeps the whole file out unless
 * `skipBadRows`, which saves the others and lists the refused ones.
 */
import { parseOutcome, type OutcomeOptions } from '../leads/outcome';
import type { EventStore } from '../store/types';
import { fieldsOf, resolveColumns } from './columns';
import { convertRow, type ConvertOptions } from './convert';
import { readCsvRows, type Delimiter } from './csv-rows';
import type { CrmMapping } from './mapping';
import { emptyReport, saveChecked, type CheckedOutcome, type CrmImportReport } from './report';

export interface CrmImportOptions extends OutcomeOptions, Omit<ConvertOptions, 'statusHint'> {
  /** The columns and statuses; our own plain columns when absent. */
  mapping?: CrmMapping;
  /** Names the mapping in messages: `preset hubspot-deals`, `crm.json`. */
  source?: string;
  delimiter?: Delimiter;
  /** Check and match only: nothing is saved. */
  dryRun?: boolean;
  /** Save the good rows when some are refused (each refused one is listed). */
  skipBadRows?: boolean;
  /** Rows shown with how they map, in a dry run. */
  sampleRows?: number;
}

/** Our own columns (`event_id,status,value,currency,time`…), statuses as written. */
export const PLAIN_MAPPING: CrmMapping = {
  columns: {
    leadId: 'event_id',
    userId: 'user_id',
    anonymousId: 'anonymous_id',
    email: 'email',
    phone: 'phone',
    gclid: ['click_id', 'gclid'],
    status: 'status',
    value: 'value',
    currency: 'currency',
    time: 'time',
    recordId: 'record_id',
  },
};

const DEFAULT_SAMPLE_ROWS = 5;

/** Every row read, converted and checked: the outcomes, the rows left out by status, the refused rows. */
async function checkRows(text: string, statuses: readonly string[], o: CrmImportOptions) {
  const mapping = o.mapping ?? PLAIN_MAPPING;
  const { columns, rows } = readCsvRows(text, o.delimiter);
  const resolved = resolveColumns(columns, mapping, o.source ?? 'our plain columns');
  const options: ConvertOptions = {
    ...o,
    statusHint: `add it to "statuses" in --map (one of ${statuses.join(', ')}, or null to leave such rows out)`,
  };
  const report = emptyReport(rows.length, o.dryRun === true);
  const checked: CheckedOutcome[] = [];
  for (const row of rows) {
    if ('error' in row) {
      report.rejected.push({ at: row.at, reason: row.error });
      continue;
    }
    const fields = fieldsOf(row.record, resolved);
    try {
      const converted = convertRow(fields, mapping, options);
      if ('leftOut' in converted) {
        report.leftOut.push({ at: row.at, status: converted.leftOut });
        continue;
      }
      const parsed = await parseOutcome(converted.input, statuses, o);
      if (parsed.ok) checked.push({ at: row.at, fields, outcome: parsed.outcome });
      else report.rejected.push({ at: row.at, reason: parsed.reason });
    } catch (err) {
      report.rejected.push({ at: row.at, reason: (err as Error).message });
    }
  }
  return { report, checked };
}

/** Imports (or with `dryRun` only checks) a CRM file; throws CsvFileError when the file itself cannot be read. */
export async function importCrmFile(
  text: string,
  store: EventStore,
  statuses: readonly string[],
  options: CrmImportOptions = {},
): Promise<CrmImportReport> {
  const { report, checked } = await checkRows(text, statuses, options);
  const previews = await store.previewOutcomes(checked.map((c) => c.outcome));
  const good: CheckedOutcome[] = [];
  previews.forEach((preview, i) => {
    const c = checked[i]!;
    if (preview.reason) report.rejected.push({ at: c.at, reason: preview.reason });
    else good.push({ ...c, preview });
  });
  report.rejected.sort((a, b) => a.at - b.at);
  report.samples = good.slice(0, options.sampleRows ?? DEFAULT_SAMPLE_ROWS);
  if (options.dryRun || (report.rejected.length && !options.skipBadRows)) {
    // Nothing saved: the counts say what the import would do.
    for (const c of good) report.tally(c.preview ?? {}, c.at);
    return report;
  }
  await saveChecked(store, good, report);
  return report;
}
