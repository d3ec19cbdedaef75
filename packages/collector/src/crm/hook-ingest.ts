/**
 * A webhook delivery's events as outcomes: each event (HubSpot sends an array of them in one
 * delivery) read through the hook's JSON paths and statuses, checked, and saved in one call to
 * the store, which commits before the route answers.
 */
import { ingestOutcomes, type OutcomeReport } from '../leads/ingest';
import type { OutcomeInput, OutcomeOptions } from '../leads/outcome';
import type { EventStore } from '../store/types';
import { convertRow } from './convert';
import type { HookConfig } from './hooks-config';
import { readPath } from './json-path';
import type { MapField } from './mapping';

export interface HookReport extends OutcomeReport {
  /** Events whose status the hook's statuses leave out (null): not outcomes. */
  leftOut: { at: number; status: string }[];
}

/** A JSON value as the text a CSV cell would hold; objects and arrays are not values. */
function cellOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** Epoch milliseconds (HubSpot's `occurredAt`) or seconds, as ISO 8601; other text as it is. */
function timeCell(cell: string): string {
  if (/^\d{13}$/.test(cell)) return new Date(Number(cell)).toISOString();
  if (/^\d{10}$/.test(cell)) return new Date(Number(cell) * 1000).toISOString();
  return cell;
}

function fieldsOf(event: unknown, hook: HookConfig, receivedAt: Date): Partial<Record<MapField, string>> {
  const fields: Partial<Record<MapField, string>> = {};
  for (const [field, paths] of Object.entries(hook.paths) as [MapField, (string | number)[][]][]) {
    const cell = paths.map((p) => cellOf(readPath(event, p))).find((v) => v !== undefined && v.trim() !== '');
    if (cell !== undefined) fields[field] = cell;
  }
  // A delivery without a time of its own is the change happening now.
  fields.time = fields.time === undefined ? receivedAt.toISOString() : timeCell(fields.time);
  return fields;
}

/** Reads, checks and saves the events of one delivery; rejected and left-out events are listed by index. */
export async function ingestDelivery(
  events: readonly unknown[],
  hook: HookConfig,
  target: { store: EventStore; statuses: readonly string[] },
  options: OutcomeOptions & { receivedAt: Date },
): Promise<HookReport> {
  const { store, statuses } = target;
  const items: { at: number; input: OutcomeInput }[] = [];
  const leftOut: HookReport['leftOut'] = [];
  const early: OutcomeReport['rejected'] = [];
  const convert = { ...hook, statusHint: `add it to hooks.${hook.name}.statuses in the config file (or null to leave it out)` };
  events.forEach((event, at) => {
    try {
      const converted = convertRow(fieldsOf(event, hook, options.receivedAt), hook.mapping, convert);
      if ('leftOut' in converted) leftOut.push({ at, status: converted.leftOut });
      else items.push({ at, input: converted.input });
    } catch (err) {
      early.push({ at, reason: (err as Error).message });
    }
  });
  const report = await ingestOutcomes(items, store, statuses, { ...options, now: options.receivedAt });
  report.received = events.length;
  report.rejected = [...early, ...report.rejected].sort((a, b) => a.at - b.at);
  return { ...report, leftOut };
}
