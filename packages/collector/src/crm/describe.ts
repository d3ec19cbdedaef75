import { REF_KEY_NAMES, REF_KEYS } from '../leads/outcome';
import { emailIn } from './mapping';
import type { CheckedOutcome, CrmImportReport } from './report';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `leadId 3, email 1`: matches per reference, in matching order. */
export function describeMatchedBy(matchedBy: Record<string, number>): string {
  const order = [...REF_KEYS.map((k) => REF_KEY_NAMES[k]), 'earlier'];
  return order
    .filter((k) => matchedBy[k])
    .map((k) => `${k} ${matchedBy[k]}`)
    .join(', ');
}

/** The references of a row as a person reads them (email and phone as the file has them: they are hashed). */
function describeRefs(c: CheckedOutcome): string {
  const o = c.outcome;
  return [
    o.ref.eventId && `leadId ${o.ref.eventId}`,
    o.ref.userId && `userId ${o.ref.userId}`,
    o.ref.clickId && `clickId ${o.ref.clickId}`,
    c.fields.email && `email ${emailIn(c.fields.email)} (hashed)`,
    c.fields.phone && `phone ${c.fields.phone.trim()} (hashed)`,
    o.ref.anonymousId && `anonymousId ${o.ref.anonymousId}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** How one row maps: its fields as our outcome, and the lead it would go to. */
function describeSample(c: CheckedOutcome): string {
  const o = c.outcome;
  const status = c.fields.status?.trim() === o.status ? o.status : `'${c.fields.status?.trim()}' -> ${o.status}`;
  const value = o.value !== undefined ? `, value ${o.value} ${o.currency ?? ''}`.trimEnd() : '';
  const record = o.recordId ? `, record ${o.recordId}` : '';
  const lead = c.preview?.leadEventId
    ? `matches lead ${c.preview.leadEventId}${c.preview.matchedBy ? ` by ${REF_KEY_NAMES[c.preview.matchedBy]}` : ''}`
    : 'no lead yet';
  return `  line ${c.at}: ${status}${value}, time ${o.time}${record}; ${describeRefs(c)}: ${lead}`;
}

/** The report as lines for a person: totals, matches by reference, then each refused, left-out and unmatched row. */
export function describeCrmImport(report: CrmImportReport): string[] {
  const outcomes = report.received - report.rejected.length - report.leftOut.length;
  const leftOut = report.leftOut.length ? `, ${report.leftOut.length} left out (status mapped to nothing)` : '';
  const would = report.saved ? '' : 'would be ';
  const lines: string[] = [];
  if (report.saved)
    lines.push(
      `${plural(report.received, 'outcome')} read: ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected${leftOut}`,
    );
  else if (report.dryRun)
    lines.push(
      `dry run, nothing saved: ${plural(report.received, 'outcome')} read: ${outcomes} would be imported, ${report.rejected.length} rejected${leftOut}`,
    );
  else
    lines.push(
      `${plural(report.received, 'outcome')} read, ${report.rejected.length} rejected: nothing imported (a file goes in whole: fix those rows, or import the others with --skip-bad-rows)`,
    );
  lines.push(
    `${report.matched} ${would}matched to a lead, ${report.unmatched.length} ${would}kept without a lead (matched when the lead arrives)`,
  );
  if (report.matched) lines.push(`matched by: ${describeMatchedBy(report.matchedBy)}`);
  for (const r of report.rejected) lines.push(`  rejected line ${r.at}: ${r.reason}`);
  const statuses = new Map<string, number[]>();
  for (const l of report.leftOut) statuses.set(l.status, [...(statuses.get(l.status) ?? []), l.at]);
  for (const [status, at] of statuses)
    lines.push(
      `  left out: ${plural(at.length, 'row')} with status '${status}' (lines ${at.slice(0, 10).join(', ')}${at.length > 10 ? ', …' : ''})`,
    );
  for (const at of report.unmatched) lines.push(`  no lead yet for line ${at}`);
  if (report.dryRun) lines.push('how the first rows map:', ...report.samples.map(describeSample));
  return lines;
}
