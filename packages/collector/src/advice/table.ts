/** The advice as `advise` prints it for a person: a table of the steps, each step's reason, then the advice. */
import type { Advice } from './advise';

const num = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits });
const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);

/** Columns padded to their widest cell; numbers right-aligned. */
function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function adviceText(a: Advice): string {
  const head = [
    'step',
    'count',
    'last 30 d',
    'median d',
    'p90 d',
    'to won',
    `learned${a.currency ? ` ${a.currency}` : ''}`,
    'configured',
    'role',
  ];
  const rows = a.steps.map((s) => [
    s.step,
    num(s.count),
    num(s.last30),
    num(s.lagMedianDays),
    num(s.lagP90Days),
    pct(s.rateToWon),
    num(s.learnedValue, 2),
    num(s.configuredValue, 2),
    s.role,
  ]);
  const lines = [
    `Steps of leads from ${a.since} to ${a.until}${a.currency ? `, values in ${a.currency}` : ''}:`,
    '',
    ...(rows.length ? columns([head, ...rows]) : ['(no leads in this window)']),
    '',
    ...a.steps.map((s) => `- ${s.reason}`),
    ...(a.steps.length ? [''] : []),
    ...a.advice,
  ];
  return lines.join('\n') + '\n';
}
