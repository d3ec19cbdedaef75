import { callsSection } from './calls';
import { FORMATS } from '../exports/run';
import { uploadsSection } from './uploads';
import { qualitySection } from './quality';
import { QUALITY_FILTERS } from '../quality/held';
import { biddingSection } from './bidding';
import { addDays, localDateTime } from '../exports/time';
import { CHANNELS } from '../leads/channels';
import { LEAD_TYPES } from '@leadbeacon/wire';
import type { LeadRecord } from '../store/types';
import { matchingSection } from './matching';
import { cellBar, funnelChart, leadsPerDayChart, TYPE_COLORS } from './charts';
import type { Breakdown, DashboardView } from './data';
import { amount, count, money, percent, shortTime, text } from './format';
import { DASHBOARD_CSS } from './style';

function kpis(v: DashboardView): string {
  const tiles: [string, string, string][] = [
    ['visits', 'Visits', count(v.totals.visits)],
    ['leads', 'Leads', count(v.totals.leads)],
    ['lead-value', 'Lead value', money(v.totals.value)],
    ['qualified', 'Qualified', count(v.totals.qualified)],
    ['won', 'Won', count(v.totals.won)],
    ['won-value', 'Won value', money(v.totals.wonValue)],
  ];
  return `<section class="kpis">${tiles.map(([id, label, value]) => `<div class="kpi"><span>${label}</span><strong data-kpi="${id}">${value}</strong></div>`).join('')}</section>`;
}

function filters(v: DashboardView): string {
  const f = v.filter;
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${text(value)}"${selected ? ' selected' : ''}>${text(label)}</option>`;
  return `<form class="filters" method="get" action="dashboard">
  <label>From <input type="date" name="from" value="${f.from}" required></label>
  <label>To <input type="date" name="to" value="${f.to}" required></label>
  <label>Type <select name="type">${option('', 'All types', !f.type)}${LEAD_TYPES.map((t) => option(t, t, f.type === t)).join('')}</select></label>
  <label>Channel <select name="channel">${option('', 'All channels', !f.channel)}${CHANNELS.map((c) => option(c, c, f.channel === c)).join('')}</select></label>
  <label>Quality <select name="quality">${option('', 'Held back', !f.quality)}${QUALITY_FILTERS.map((q) => option(q, q, f.quality === q)).join('')}</select></label>
  <button type="submit">Apply</button>
</form>`;
}

function breakdownTable(title: string, keyLabel: string, rows: Breakdown[], withVisits: boolean): string {
  const max = Math.max(1, ...rows.map((r) => r.leads));
  const head = `<tr><th>${keyLabel}</th>${withVisits ? '<th class="num">Visits</th>' : ''}<th class="num">Leads</th><th></th>${withVisits ? '<th class="num">Lead rate</th>' : ''}<th class="num">Lead value</th><th class="num">Qualified</th><th class="num">Won</th><th class="num">Won value</th></tr>`;
  const body = rows.length
    ? rows
        .map(
          (r) =>
            `<tr data-key="${text(r.key)}"><td>${text(r.key)}</td>${withVisits ? `<td class="num">${count(r.visits ?? 0)}</td>` : ''}<td class="num" data-figure="leads">${count(r.leads)}</td><td class="bar">${cellBar(r.leads / max)}</td>${
              withVisits ? `<td class="num">${percent(r.visits ? r.leads / r.visits : undefined)}</td>` : ''
            }<td class="num" data-figure="value">${money(r.value)}</td><td class="num">${count(r.qualified)}</td><td class="num" data-figure="won">${count(r.won)}</td><td class="num">${money(r.wonValue)}</td></tr>`,
        )
        .join('')
    : `<tr><td colspan="9" class="empty">No leads in this range.</td></tr>`;
  return `<section><h2>${title}</h2><table class="breakdown">${head}${body}</table></section>`;
}

function latestOutcome(l: LeadRecord, timeZone: string): string {
  const o = l.outcomes[l.outcomes.length - 1];
  if (!o) return '<span class="muted">–</span>';
  const value = o.value !== undefined ? ` · ${amount(o.value, o.currency ?? '')}` : '';
  return `<span class="status status-${text(o.status)}">${text(o.status)}</span>${value}<br><small>${shortTime(localDateTime(new Date(o.time), timeZone))}</small>`;
}

function recentTable(v: DashboardView): string {
  const rows = v.recent.map((l) => {
    const t = l.last;
    const touch = `${text(t.source)} / ${text(t.medium)}${t.campaign ? ` / ${text(t.campaign)}` : ''}<br><small>${text(t.channel)}${l.clickIds.length ? ` · ${text(l.clickIds.map((c) => c.name).join(', '))}` : ''}</small>`;
    const value = l.value !== undefined ? amount(l.value, l.currency ?? '') : '–';
    return `<tr data-lead="${text(l.eventId)}"><td class="time">${shortTime(localDateTime(new Date(l.ts), v.timeZone))}</td><td><code class="lead-id">${text(l.eventId)}</code></td><td><span class="dot" style="background:${TYPE_COLORS[l.type]}"></span>${text(l.type)}</td><td>${touch}</td><td class="num">${value}</td><td>${latestOutcome(l, v.timeZone)}</td></tr>`;
  });
  const body = rows.length ? rows.join('') : '<tr><td colspan="6" class="empty">No leads in this range.</td></tr>';
  return `<section><h2>Recent leads</h2><p class="muted">The lead id is what a CRM record names (its <code>lb_lead_id</code> field) so that its outcome matches exactly.</p><table class="recent"><tr><th>Time</th><th>Lead id</th><th>Type</th><th>Last touch</th><th class="num">Value</th><th>Latest outcome</th></tr>${body}</table></section>`;
}

function downloads(v: DashboardView): string {
  const q = new URLSearchParams({ since: v.filter.from, until: addDays(v.filter.to, 1), timezone: v.timeZone }).toString();
  const links = Object.keys(FORMATS).map(
    (f) => `<li><a href="exports/${f}?${text(q)}">${f}</a> · <a href="exports/${f}/report?${text(q)}">report</a></li>`,
  );
  return `<section><h2>Exports for this range</h2><ul class="downloads">${links.join('')}</ul></section>`;
}

function legend(): string {
  return `<p class="legend">${LEAD_TYPES.map((t) => `<span><span class="dot" style="background:${TYPE_COLORS[t]}"></span>${t}</span>`).join('')}</p>`;
}

/** Forwarding's figures, when the collector forwards: parked events need someone to look at them. */
function forwarding(v: DashboardView): string {
  const f = v.forwarding;
  if (!f) return '';
  const figure = (id: string, n: number) => `<strong data-figure="forward-${id}">${count(n)}</strong>`;
  const lastError = f.lastError && f.lastErrorAt ? `<br><small>Last error: ${text(f.lastError)} at ${text(f.lastErrorAt)}</small>` : '';
  const paused = f.paused
    ? `<br><strong>Paused:</strong> the destination refuses our requests (${text(f.paused)}); check the write key.`
    : '';
  const parked = f.parked
    ? '<br>Parked events were refused by the destination on their own: see <a href="api/forward/parked">their reasons</a>; requeue them with <code>POST /api/forward/retry-parked</code>.'
    : '';
  return `<p class="note${f.parked || f.paused ? ' warning' : ''}" data-section="forwarding">Forwarding to ${text(f.url)}: ${figure('delivered', f.delivered)} delivered since start, ${figure('pending', f.pending)} waiting, ${figure('parked', f.parked)} parked.${paused}${parked}${lastError}</p>`;
}

/**
 * The whole dashboard: one HTML document with inline CSS and SVG; its only script (by `nonce`)
 * is the Lead quality view's release form.
 */
export function renderDashboard(v: DashboardView, version: string, nonce: string): string {
  const waiting = v.unmatchedOutcomes
    ? `<p class="note" data-figure="unmatched">${count(v.unmatchedOutcomes)} CRM outcome${v.unmatchedOutcomes === 1 ? '' : 's'} match no lead yet: they count once their lead arrives (see <a href="#matching">Matching CRM outcomes</a>).</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leads · leadbeacon</title>
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<header><h1>Leads</h1><span class="muted">${text(v.filter.from)} – ${text(v.filter.to)} · ${text(v.timeZone)} · leadbeacon ${text(version)}</span>
<nav><a href="./">live events</a><form method="post" action="logout"><button type="submit" class="link">sign out</button></form></nav></header>
${filters(v)}
${kpis(v)}
${waiting}
${forwarding(v)}
<section><h2>Leads per day</h2>${legend()}${leadsPerDayChart(v.days)}</section>
<section><h2>Funnel</h2><p class="muted">Visits, then leads by type (share of visits), qualified (share of leads) and won (share of qualified), with values.</p>${funnelChart(v.funnel)}</section>
${breakdownTable('By channel', 'Channel', v.byChannel, true)}
${breakdownTable('By source / medium', 'Source / medium', v.bySource, false)}
${breakdownTable('By campaign', 'Campaign', v.byCampaign, false)}
${recentTable(v)}
${v.matching ? matchingSection(v.matching, v.timeZone) : ''}
${biddingSection(v.bidding)}
${v.quality ? qualitySection(v.quality, nonce) : ''}
${uploadsSection(v.uploads ?? [])}
${callsSection(v.calls)}
${downloads(v)}
</body>
</html>
`;
}
