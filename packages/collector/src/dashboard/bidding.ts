/**
 * The dashboard's "Bidding" panel (issue 24): per funnel step the figures, the learned value
 * beside the configured one and its role, each step's reason, and the advice; the same advice
 * `advise` prints and GET /api/advice answers.
 */
import type { Advice, AdviceStep } from '../advice/advise';
import { amount, count, text } from './format';

const days = (n: number | null) => (n === null ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: 1 }));
const share = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);

function row(s: AdviceStep, currency: string | null): string {
  const value = (n: number | null | undefined) => (n === null || n === undefined ? '–' : amount(n, currency ?? ''));
  const cells = [
    ['count', count(s.count)],
    ['last30', count(s.last30)],
    ['lag-median', days(s.lagMedianDays)],
    ['lag-p90', days(s.lagP90Days)],
    ['rate-to-won', share(s.rateToWon)],
    ['learned', value(s.learnedValue)],
    ['configured', value(s.configuredValue)],
  ];
  return `<tr data-step="${text(s.step)}" data-role="${s.role}"${s.role === 'primary' ? ' class="primary"' : ''}><td>${text(s.step)}</td>${cells
    .map(([id, v]) => `<td class="num" data-figure="${id}">${text(v)}</td>`)
    .join('')}<td data-figure="role">${s.role}</td></tr>`;
}

/** The Bidding section; says so when the window holds no lead. */
export function biddingSection(a: Advice | undefined): string {
  if (!a) return '';
  const head = `<tr><th>Step</th><th class="num">Count</th><th class="num">Last 30 days</th><th class="num">Median days from click</th><th class="num">90% within days</th><th class="num">Share won</th><th class="num">Learned value</th><th class="num">Configured value</th><th>Role</th></tr>`;
  const body = a.steps.length
    ? a.steps.map((s) => row(s, a.currency)).join('')
    : '<tr><td colspan="9" class="empty">No leads in these 90 days.</td></tr>';
  const reasons = a.steps.map((s) => `<li data-reason="${text(s.step)}">${text(s.reason)}</li>`).join('');
  return `<section data-section="bidding"><h2>Bidding</h2>
<p class="muted">Which step to bid on, and each step's value learned from the CRM's outcomes, over the 90 days to ${text(a.until.slice(0, 10))}${a.currency ? ` (values in ${text(a.currency)})` : ''}. A destination sends the learned values when <code>leadbeacon.config.json</code> says <code>"values": "learned"</code>; the same on <a href="api/advice">api/advice</a>.</p>
${a.advice.map((line) => `<p class="note" data-advice>${text(line)}</p>`).join('\n')}
<table class="bidding">${head}${body}</table>
${reasons ? `<ul class="reasons">${reasons}</ul>` : ''}</section>`;
}
