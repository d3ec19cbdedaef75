import { LEAD_TYPES } from '@leadbeacon/wire';
import type { StoredEvent } from '../types';
import { escapeHtml } from './util';

/** Leads stand out: their type cell is bold and green. */
const LEAD_CELLS = LEAD_TYPES.map((t) => `tr[data-type=${t}] td:nth-child(2)`).join(', ');

/**
 * The text of one table row. It runs on the server for the first rows and, through
 * `toString()`, in the page for rows that arrive later, so both render alike: keep it one
 * self-contained function (no imports, no outer variables, no syntax a browser lacks).
 */
export function rowCells(e: StoredEvent): string[] {
  const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
  const props = (e.props || {}) as Record<string, unknown>;
  const last = ((e.attribution && e.attribution.last) || {}) as Record<string, unknown>;
  const key = ['formId', 'phone', 'email', 'provider']
    .filter((k) => props[k] !== undefined && props[k] !== null)
    .map((k) => k + ': ' + str(props[k]))
    .join(' · ');
  return [
    str(e.receivedAt).replace('T', ' ').slice(0, 19),
    e.name === e.type ? str(e.type) : str(e.type) + ' / ' + str(e.name),
    str(e.page && e.page.path),
    key,
    [last.source, last.medium, last.channel].map(str).join(' / '),
    e.value === undefined || e.value === null ? '' : str(e.value) + (e.currency ? ' ' + str(e.currency) : ''),
  ];
}

function rowHtml(e: StoredEvent): string {
  const title = escapeHtml(String((e.page && e.page.title) ?? ''));
  const tds = rowCells(e).map((text, i) => `<td${i === 2 ? ` title="${title}"` : ''}>${escapeHtml(text)}</td>`);
  return `<tr data-type="${escapeHtml(String(e.type))}">${tds.join('')}</tr>`;
}

export interface LivePageInput {
  /** Newest first. */
  events: StoredEvent[];
  total: number;
  version: string;
  /** CSP nonce for the one inline script. */
  nonce: string;
}

/** A self-contained page (no external assets) that lists events as they arrive. */
export function renderLivePage({ events, total, version, nonce }: LivePageInput): string {
  const lastSeq = events.reduce((max, e) => Math.max(max, e.seq), 0);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>leadbeacon collector</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; }
  h1 { font-size: 1.2rem; margin: 0 0 .25rem; }
  .meta { color: #666; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
  th { background: #f6f6f6; font-weight: 600; position: sticky; top: 0; }
  td:first-child { white-space: nowrap; font-variant-numeric: tabular-nums; color: #555; }
  ${LEAD_CELLS} { font-weight: 600; color: #0a6b2d; }
  #status[data-state=live] { color: #0a6b2d; }
  #status[data-state=down] { color: #b00020; }
</style>
</head>
<body>
<h1>leadbeacon collector <small>${escapeHtml(version)}</small></h1>
<div class="meta"><a href="dashboard">Dashboard</a> · POST batches to <code>/collect</code> · <span id="count">${total}</span> events stored · <span id="status" data-state="">connecting…</span></div>
<table>
<thead><tr><th>received (UTC)</th><th>type / name</th><th>page</th><th>key props</th><th>source / medium / channel</th><th>value</th></tr></thead>
<tbody id="rows">${events.map(rowHtml).join('\n')}</tbody>
</table>
<script nonce="${escapeHtml(nonce)}">
(() => {
  const rowCells = (${rowCells.toString()});
  const rows = document.getElementById('rows');
  const count = document.getElementById('count');
  const status = document.getElementById('status');
  const setStatus = (state, text) => { status.dataset.state = state; status.textContent = text; };
  // Built with textContent only: event fields come from any web page and are never markup.
  const add = (e) => {
    const tr = document.createElement('tr');
    tr.dataset.type = String(e.type);
    rowCells(e).forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 2) td.title = String((e.page && e.page.title) || '');
      tr.appendChild(td);
    });
    rows.insertBefore(tr, rows.firstChild);
    while (rows.rows.length > 500) rows.deleteRow(-1);
    count.textContent = String(Number(count.textContent) + 1);
  };
  // Resume after the last server-rendered row; on reconnects EventSource sends Last-Event-ID.
  const source = new EventSource('events/stream?after=${lastSeq}');
  source.onopen = () => setStatus('live', 'live');
  source.onerror = () => setStatus('down', 'reconnecting…');
  source.onmessage = (m) => add(JSON.parse(m.data));
})();
</script>
</body>
</html>
`;
}
