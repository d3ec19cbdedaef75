/**
 * Charts as plain SVG, drawn on the server: no chart library, no script, nothing fetched. The
 * browser scales them through the viewBox. Every label is escaped.
 */
import { LEAD_TYPES, type LeadType } from '@leadbeacon/wire';
import type { DashboardView, FunnelStep } from './data';
import { count, money, percent, text } from './format';

export const TYPE_COLORS: Record<LeadType, string> = {
  form_submit: '#1f5fbf',
  call_click: '#2e9e5b',
  email_click: '#d08a1c',
  chat_start: '#8a4fc9',
  call: '#c2413b',
};

const W = 960;
const H = 220;
const PAD = { left: 40, right: 10, top: 10, bottom: 28 };

/** A readable step for the y axis: 1, 2, 5, 10, 20, 50… so that about four lines fit. */
function gridStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const pow = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= rough) ?? 10 * pow;
}

/** Leads per day, stacked by type. */
export function leadsPerDayChart(days: DashboardView['days']): string {
  const totals = days.map((d) => LEAD_TYPES.reduce((n, t) => n + d.counts[t], 0));
  const max = Math.max(1, ...totals);
  const step = gridStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.75);
  const y = (n: number) => PAD.top + plotH - (n / top) * plotH;
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step) {
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${PAD.left - 6}" y="${y(v) + 4}" class="axis" text-anchor="end">${v}</text>`,
    );
  }
  const labelEvery = Math.ceil(days.length / 12);
  days.forEach((d, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    let base = 0;
    for (const t of LEAD_TYPES) {
      const n = d.counts[t];
      if (!n) continue;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(base + n).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + n)).toFixed(1)}" fill="${TYPE_COLORS[t]}" data-day="${d.date}" data-type="${t}" data-count="${n}"><title>${d.date}: ${n} ${t}</title></rect>`,
      );
      base += n;
    }
    if (i % labelEvery === 0)
      parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${H - 8}" class="axis" text-anchor="middle">${d.date.slice(5)}</text>`);
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Leads per day by type" class="chart">${parts.join('')}</svg>`;
}

/** The funnel as horizontal bars, widths relative to visits (or to the largest step). */
export function funnelChart(steps: FunnelStep[]): string {
  const rowH = 30;
  const labelW = 150;
  const max = Math.max(1, ...steps.map((s) => s.count));
  const barMax = W - labelW - 330;
  const rows = steps.map((s, i) => {
    const y = i * rowH;
    const w = Math.max(s.count ? 2 : 0, (s.count / max) * barMax);
    const color = s.sub ? TYPE_COLORS[s.step as LeadType] : s.step === 'won' ? '#0a7d3b' : '#4a6a9b';
    const figures = `${count(s.count)}${s.rate !== undefined ? ` · ${percent(s.rate)}` : ''}${Object.keys(s.value).length ? ` · ${money(s.value)}` : ''}`;
    return (
      `<g data-step="${text(s.step)}"><text x="${s.sub ? 16 : 0}" y="${y + 19}" class="label">${text(s.label)}</text>` +
      `<rect x="${labelW}" y="${y + 5}" width="${w.toFixed(1)}" height="${rowH - 10}" fill="${color}" rx="3"/>` +
      `<text x="${(labelW + w + 8).toFixed(1)}" y="${y + 19}" class="figure">${text(figures)}</text></g>`
    );
  });
  return `<svg viewBox="0 0 ${W} ${steps.length * rowH}" role="img" aria-label="Funnel" class="chart">${rows.join('')}</svg>`;
}

/** A small inline bar for a table cell, proportional to `share` (0..1). */
export function cellBar(share: number, color = '#4a6a9b'): string {
  const w = Math.round(Math.max(0, Math.min(1, share)) * 100);
  return `<svg viewBox="0 0 100 8" class="cellbar" aria-hidden="true"><rect width="${w}" height="8" fill="${color}" rx="2"/></svg>`;
}
