import { columnName, CsvFileError, readCsvRows } from '../crm/csv-rows';
import type { EventStore } from '../store/types';
import { ingestOutcomes, type Located, type OutcomeReport } from './ingest';
import type { OutcomeOptions } from './outcome';

/** Columns the import reads; any other column is ignored. */
export const OUTCOME_COLUMNS = ['event_id', 'anonymous_id', 'user_id', 'email', 'phone', 'status', 'value', 'currency', 'time'] as const;
const REFERENCE_COLUMNS = ['event_id', 'anonymous_id', 'user_id', 'email', 'phone'];

export { CsvFileError };

/** A row read from the file, or one that could not be read as an outcome (wrong field count). */
type Row = Located | { at: number; error: string };

function readRows(text: string): Row[] {
  const { columns: header, rows } = readCsvRows(text, ',');
  const columns = header.map((h) => columnName(h.split('\u0000')[0]!));
  checkHeader(columns);
  return rows.map((r) => {
    if ('error' in r) return r;
    const input: Record<string, string> = {};
    header.forEach((h, i) => (input[columns[i]!] = r.record[h] ?? ''));
    return { at: r.at, input };
  });
}

function checkHeader(columns: string[]): void {
  const known = columns.filter((c) => (OUTCOME_COLUMNS as readonly string[]).includes(c));
  const twice = known.filter((c, i) => known.indexOf(c) !== i);
  if (twice.length) throw new CsvFileError(`line 1: column ${twice[0]} appears twice`);
  const missing = ['status', 'time'].filter((c) => !columns.includes(c));
  if (missing.length) throw new CsvFileError(`line 1: no ${missing.join(' or ')} column (columns: ${OUTCOME_COLUMNS.join(', ')})`);
  if (!REFERENCE_COLUMNS.some((c) => columns.includes(c))) {
    throw new CsvFileError(`line 1: no lead reference column: add one of ${REFERENCE_COLUMNS.join(', ')}`);
  }
}

/**
 * Imports a CRM export: one outcome per row, columns named in the header row in any order.
 * Every rejected row is reported by its line number; re-importing the same file changes nothing.
 * Throws CsvFileError (nothing imported) when the file itself cannot be read.
 */
export async function importOutcomesCsv(
  text: string,
  store: EventStore,
  statuses: readonly string[],
  options: OutcomeOptions = {},
): Promise<OutcomeReport> {
  const rows = readRows(text);
  const report = await ingestOutcomes(
    rows.filter((r): r is Located => 'input' in r),
    store,
    statuses,
    options,
  );
  report.received = rows.length;
  for (const r of rows) if ('error' in r) report.rejected.push({ at: r.at, reason: r.error });
  report.rejected.sort((a, b) => a.at - b.at);
  return report;
}

/** The report as lines for a person: totals, then each rejected and unmatched row. */
export function describeImport(report: OutcomeReport, where: 'line' | 'item'): string[] {
  const lines = [
    `${report.received} outcome${report.received === 1 ? '' : 's'} read: ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected`,
    `${report.matched} matched to a lead, ${report.unmatched.length} kept without a lead (matched when the lead arrives)`,
  ];
  for (const r of report.rejected) lines.push(`  rejected ${where} ${r.at}: ${r.reason}`);
  for (const at of report.unmatched) lines.push(`  no lead yet for ${where} ${at}`);
  return lines;
}
