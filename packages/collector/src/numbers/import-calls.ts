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

export function callRow(r: Record<string, string>, provider: string): CallUpdate | string {
  const callId = r.call_id?.trim();
  const to = r.to?.trim().replace(/[\s().-]/g, '');
  const start = Date.parse(r.start ?? '');
  if (!callId) return 'call_id is empty';
  if (!to || !/^\+\d{7,15}$/.test(to)) return `to must be a number in E.164, got '${r.to ?? ''}'`;
  if (!Number.isFinite(start) || !/(Z|[+-]\d\d:?\d\d)$/.test((r.start ?? '').trim())) return `start must be ISO 8601 with its offset, got '${r.start ?? ''}'`;
  const duration = r.duration?.trim() ? Number(r.duration) : undefined;
  if (duration !== undefined && !(Number.isInteger(duration) && duration >= 0)) return `duration must be whole seconds, got '${r.duration}'`;
  const status = r.status?.trim().toLowerCase() || 'completed';
  const answered = r.answered !== undefined && r.answered.trim() !== '' ? YES.has(r.answered.trim().toLowerCase()) : status === 'completed' && (duration ?? 0) > 0;
  const from = r.from?.trim().replace(/[\s().-]/g, '');
  return { provider, callId, to, ...(from ? { from } : {}), status, at: new Date(start), ...(duration !== undefined ? { duration } : {}), answered };
}

export async function importCalls(text: string, store: EventStore, rules: CallRules, provider = 'csv'): Promise<CallsImportReport> {
  const rows = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true }) as Record<string, string>[];
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
