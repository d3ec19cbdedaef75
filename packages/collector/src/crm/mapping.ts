/**
 * How a CRM's columns (CSV) or fields (webhook JSON) become an outcome: which column is which of
 * our fields, which CRM status is which of our steps. Read from a map file (`--map`), a preset, or
 * both (the map file wins field by field and status by status).
 */
import { readFileSync } from 'node:fs';

/** Our fields, as the map file names them, and the outcome field each becomes. */
export const MAP_FIELDS = {
  leadId: 'event_id',
  userId: 'user_id',
  anonymousId: 'anonymous_id',
  email: 'email',
  phone: 'phone',
  gclid: 'click_id',
  status: 'status',
  value: 'value',
  currency: 'currency',
  time: 'time',
  recordId: 'record_id',
} as const;
export type MapField = keyof typeof MAP_FIELDS;
export const isMapField = (k: string): k is MapField => Object.hasOwn(MAP_FIELDS, k);

/** The reference fields: at least one must be mapped. */
export const REFERENCE_FIELDS: readonly MapField[] = ['leadId', 'userId', 'gclid', 'email', 'phone', 'anonymousId'];

export interface CrmMapping {
  /** Field → the column(s) it comes from: the first present and not blank in a row is read. */
  columns: Partial<Record<MapField, string | string[]>>;
  /** CRM status (any case) → our step; null: rows with this status are not outcomes and are left out. */
  statuses?: Record<string, string | null>;
  /** Currency of values that come without one. */
  currency?: string;
  /** Unicode date patterns tried in order, for times without an offset. */
  dateFormats?: string[];
}

/** A map file that cannot be used: the message names the file and key. */
export class MappingError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isColumn = (v: unknown): v is string | string[] =>
  (typeof v === 'string' && v.trim() !== '') ||
  (Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string' && c.trim() !== ''));

/** Checks a mapping given as JSON (a map file, or a webhook's config): `where` names it in messages. */
export function checkMapping(raw: unknown, where: string, columnsKey = 'columns'): CrmMapping {
  if (!isObject(raw)) throw new MappingError(`${where}: expected {"${columnsKey}": {…}, "statuses": {…}}`);
  const columns = raw[columnsKey] ?? {};
  if (!isObject(columns)) throw new MappingError(`${where}: ${columnsKey} must be an object`);
  const out: CrmMapping = { columns: {} };
  for (const [key, value] of Object.entries(columns)) {
    if (!isMapField(key)) throw new MappingError(`${where}: ${columnsKey}.${key} is not a field (${Object.keys(MAP_FIELDS).join(', ')})`);
    if (!isColumn(value)) throw new MappingError(`${where}: ${columnsKey}.${key} must be a name or a list of names`);
    out.columns[key] = value;
  }
  if (raw.statuses !== undefined) out.statuses = checkStatuses(raw.statuses, where);
  if (raw.currency !== undefined) {
    if (typeof raw.currency !== 'string') throw new MappingError(`${where}: currency must be a code such as USD`);
    out.currency = raw.currency.toUpperCase();
  }
  return out;
}

function checkStatuses(raw: unknown, where: string): Record<string, string | null> {
  if (!isObject(raw)) throw new MappingError(`${where}: statuses must be an object, e.g. {"Closed Won": "won"}`);
  const out: Record<string, string | null> = {};
  for (const [crm, ours] of Object.entries(raw)) {
    if (ours !== null && typeof ours !== 'string')
      throw new MappingError(`${where}: statuses.${crm} must be one of our statuses (won, qualified…) or null`);
    out[crm] = ours === null ? null : ours.trim().toLowerCase();
  }
  return out;
}

/** Reads a `--map` file. */
export function readMapFile(file: string): CrmMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new MappingError(`cannot read the map file ${file}: ${why}`);
  }
  return checkMapping(raw, file);
}

/** A preset with a map file over it: the file's columns, statuses and currency win. */
export function mergeMappings(base: CrmMapping | undefined, over: CrmMapping | undefined): CrmMapping | undefined {
  if (!base || !over) return base ?? over;
  const statuses = base.statuses || over.statuses ? { ...base.statuses, ...over.statuses } : undefined;
  const currency = over.currency ?? base.currency;
  return {
    ...base,
    columns: { ...base.columns, ...over.columns },
    ...(statuses ? { statuses } : {}),
    ...(currency ? { currency } : {}),
  };
}

/**
 * Our step for a CRM status: a mapped one (any case, spaces trimmed), `null` for a status left
 * out, and an error for one the mapping does not know: unknown statuses are reported, not guessed.
 */
export function stepOf(status: string, statuses: Record<string, string | null> | undefined, hint: string): string | null {
  if (!statuses) return status;
  const key = status.trim().toLowerCase();
  for (const [crm, ours] of Object.entries(statuses)) if (crm.trim().toLowerCase() === key) return ours;
  throw new Error(`status '${status}' is not mapped: ${hint}`);
}

/** The email in a cell: `Name (email)` as HubSpot writes associated contacts, the first of several (`;`). */
export function emailIn(cell: string): string {
  const first = cell.split(';')[0]!.trim();
  const inParens = /\(([^()\s]+@[^()\s]+)\)\s*$/.exec(first);
  return inParens ? inParens[1]! : first;
}
