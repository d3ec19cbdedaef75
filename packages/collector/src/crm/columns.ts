import { columnName, CsvFileError } from './csv-rows';
import { REFERENCE_FIELDS, type CrmMapping, type MapField } from './mapping';

/** Each mapped field's columns that the file has, in the mapping's order of preference. */
export type ResolvedColumns = Partial<Record<MapField, string[]>>;

const names = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Finds the mapping's columns in the header (`Deal Stage`, `deal stage` and `deal-stage` are one
 * name). A file without a status or time column, or without any reference column, cannot be
 * imported: the message names what was looked for and what the file has.
 */
export function resolveColumns(header: readonly string[], mapping: CrmMapping, source: string): ResolvedColumns {
  const byName = new Map<string, string[]>();
  for (const h of header) {
    const key = columnName(h.split('\u0000')[0]!);
    byName.set(key, [...(byName.get(key) ?? []), h]);
  }
  const resolved: ResolvedColumns = {};
  for (const [field, wanted] of Object.entries(mapping.columns) as [MapField, string | string[]][]) {
    const found = names(wanted).flatMap((n) => byName.get(columnName(n)) ?? []);
    if (found.length) resolved[field] = found;
  }
  const has = `the file has ${header.map((h) => `'${h.split('\u0000')[0]}'`).join(', ')}`;
  for (const field of ['status', 'time'] as const) {
    if (resolved[field]) continue;
    const looked = names(mapping.columns[field]);
    throw new CsvFileError(
      `line 1: no ${field} column (${looked.length ? `looked for ${looked.map((n) => `'${n}'`).join(', ')} from ${source}` : `${source} names none`}; ${has}): name it in --map's "columns"`,
    );
  }
  if (!REFERENCE_FIELDS.some((f) => resolved[f])) {
    const looked = REFERENCE_FIELDS.flatMap((f) => names(mapping.columns[f]));
    throw new CsvFileError(
      `line 1: no lead reference column (looked for ${looked.map((n) => `'${n}'`).join(', ') || 'none'}; ${has}): name one of ${REFERENCE_FIELDS.join(', ')} in --map's "columns"`,
    );
  }
  return resolved;
}

/** A row's fields: for each, the first of its columns that is not blank in this row. */
export function fieldsOf(record: Record<string, string>, columns: ResolvedColumns): Partial<Record<MapField, string>> {
  const fields: Partial<Record<MapField, string>> = {};
  for (const [field, cols] of Object.entries(columns) as [MapField, string[]][]) {
    const cell = cols.map((c) => record[c] ?? '').find((v) => v.trim() !== '');
    if (cell !== undefined) fields[field] = cell;
  }
  return fields;
}
