import { parse } from 'csv-parse/sync';

/** A file the import cannot read at all: nothing was imported. */
export class CsvFileError extends Error {}

export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** A row of the file by its line (the first line of a row with quoted newlines), or why it cannot be read. */
export type CsvRow = { at: number; record: Record<string, string> } | { at: number; error: string };

/** `Event ID`, ` event_id ` and `EVENT-ID` all name the column event_id. */
export const columnName = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * The delimiter of the header line: the one of `,` `;` tab found most often outside quotes
 * (Excel writes `;` where the decimal mark is a comma); `,` when none is.
 */
export function detectDelimiter(text: string): Delimiter {
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]!
    .replace(/"[^"]*"/g, '');
  let best: Delimiter = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const n = header.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

interface Parsed {
  record: Record<string, string>;
  raw: string;
  info: { lines: number; error?: { code: string } };
}

/**
 * The header's column names (as written, trimmed) and every row keyed by them, each with its line.
 * A BOM, CRLF and quoted fields with newlines are read as a spreadsheet writes them.
 */
export function readCsvRows(text: string, delimiter: Delimiter = detectDelimiter(text)): { columns: string[]; rows: CsvRow[] } {
  let parsed: Parsed[];
  let columns: string[] = [];
  try {
    // csv-parse counts lines wrongly with CRLF endings; line numbers must match what an editor shows.
    parsed = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      delimiter,
      // Two columns of one name would overwrite each other: each keeps its own key.
      columns: (header: string[]) => (columns = header.map((h, i) => (header.indexOf(h) === i ? h.trim() : `${h.trim()}\u0000${i}`))),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
    }) as Parsed[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new CsvFileError(`${e.lines ? `line ${e.lines}: ` : ''}${e.message}`);
  }
  if (!columns.length) throw new CsvFileError('the file is empty: the first line must name the columns');
  const rows = parsed.map(({ record, raw, info }): CsvRow => {
    const inside = raw.replace(/^\n+|\n+$/g, '').split('\n').length - 1;
    const at = info.lines - inside;
    const fields = Object.keys(record).length;
    // A row with too few or too many fields is refused by its line (the reason names the count).
    if (info.error) return { at, error: `has ${fields} field${fields === 1 ? '' : 's'}, the header has ${columns.length}` };
    return { at, record };
  });
  return { columns, rows };
}
