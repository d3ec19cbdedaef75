/**
 * A provider's call log as CSV, for providers without webhooks: one row per call, with the
 * columns `call_id`, `to`, `from` (optional), `start` (ISO 8601 with its offset), `duration`
 * (seconds) and `answered` (yes/no, true/false, 1/0) or `status` (completed, busy, no-answer…).
 * Each row is recorded as a webhook would be (calls.ts): matched to the lease that held the
 * number when the call started, made a `call` lead when it counts. Importing the file again
 * changes nothing (a call is kept by provider and call id).
 */
import { parse } from 'csv-parse/sync';
import type { EventStore } from '../store/types';
import { recordCall, type CallRules, type CallUpdate } from './calls';

export interface CallsImportReport {
  recorded: number;
  matched: number;
  leads: number;
  rejected: { row: number; reason: string }[];
}

const YES = new Set(['yes', 'true', '1', 'y']);

const phoneOf = (v: string | undefined) => v?.trim().replace(/[\s().-]/g, '') || undefined;

/** `start` with its offset, else why not. */
function startOf(v: string | undefined): Date | string {
  const text = (v ?? '').trim();
  const ms = Date.parse(text);
  return Number.isFinite(ms) && /(Z|[+-]\d\d:?\d\d)$/.test(text) ? new Date(ms) : `start must be ISO 8601 with its offset, got '${text}'`;
}

/** `duration` in whole seconds (absent when empty), else why not. */
function durationOf(v: string | undefined): number | undefined | string {
  if (!v?.trim()) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : `duration must be whole seconds, got '${v}'`;
}

/** The number called in E.164, else why not. */
function toOf(v: string | undefined): string {
  const to = phoneOf(v);
  return to && /^\+\d{7,15}$/.test(to) ? to : `to must be a number in E.164, got '${v ?? ''}'`;
}

/** One row as a call update, or why it cannot be one. */
export function callRow(r: Record<string, string>, provider: string): CallUpdate | string {
  const callId = r.call_id?.trim();
  if (!callId) return 'call_id is empty';
  const to = toOf(r.to);
  if (!to.startsWith('+')) return to;
  const at = startOf(r.start);
  if (typeof at === 'string') return at;
  const duration = durationOf(r.duration);
  if (typeof duration === 'string') return duration;
  const status = r.status?.trim().toLowerCase() || 'completed';
  const said = r.answered?.trim().toLowerCase();
  const answered = said ? YES.has(said) : status === 'completed' && (duration ?? 0) > 0;
  const from = phoneOf(r.from);
  return { provider, callId, to, ...(from ? { from } : {}), status, at, ...(duration !== undefined ? { duration } : {}), answered };
}

export async function importCalls(text: string, store: EventStore, rules: CallRules, provider = 'csv'): Promise<CallsImportReport> {
  const rows = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true }) as Record<
    string,
    string
  >[];
  const report: CallsImportReport = { recorded: 0, matched: 0, leads: 0, rejected: [] };
  for (const [i, r] of rows.entries()) {
    const update = callRow(r, provider);
    if (typeof update === 'string') {
      report.rejected.push({ row: i + 2, reason: update });
      continue;
    }
    const call = await recordCall(store, update, rules);
    report.recorded++;
    if (call.leaseId !== undefined) report.matched++;
    if (call.eventId) report.leads++;
  }
  return report;
}
