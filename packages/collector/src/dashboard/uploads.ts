/**
 * The dashboard's "Uploads" view: per destination, the ledger's figures (sent, accepted,
 * rejected by reason, waiting by reason and until when, given up by reason) and the last
 * rejections, the same figures `sync` prints and GET /api/uploads lists.
 */
import { escapeHtml as text } from '../http/util';
import type { EventStore } from '../store/types';
import { DESTINATIONS, type Destination, type Upload } from '../store/upload-types';
import { count } from './format';

/** The most rows read per destination, and the rejections listed. */
const MAX_ROWS = 10_000;
const LAST_REJECTIONS = 10;

export interface UploadsFigures {
  destination: Destination;
  sent: number;
  accepted: number;
  rejected: { reason: string; count: number }[];
  waiting: { reason: string; count: number; until?: string }[];
  givenUp: { reason: string; count: number }[];
  lastRejections: { conversionId: string; step: string; reason: string; sentAt?: string }[];
}

function byReason(rows: readonly Upload[]): { reason: string; count: number; until?: string }[] {
  const m = new Map<string, { reason: string; count: number; until?: string }>();
  for (const r of rows) {
    const reason = r.reason ?? 'not sent yet';
    const entry = m.get(reason) ?? { reason, count: 0 };
    entry.count++;
    if (r.waitingUntil && (!entry.until || r.waitingUntil < entry.until)) entry.until = r.waitingUntil;
    m.set(reason, entry);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** The figures of every destination that has ledger rows. */
export async function uploadsFigures(store: EventStore): Promise<UploadsFigures[]> {
  const out: UploadsFigures[] = [];
  for (const destination of DESTINATIONS) {
    const rows = await store.uploads({ destination, limit: MAX_ROWS });
    if (!rows.length) continue;
    const inState = (s: Upload['state']) => rows.filter((r) => r.state === s);
    const rejected = inState('rejected');
    out.push({
      destination,
      sent: inState('sent').length,
      accepted: inState('accepted').length,
      rejected: byReason(rejected).map(({ reason, count }) => ({ reason, count })),
      waiting: byReason(inState('waiting')),
      givenUp: byReason(inState('given_up')).map(({ reason, count }) => ({ reason, count })),
      lastRejections: rejected
        .sort((a, b) => ((a.sentAt ?? '') < (b.sentAt ?? '') ? 1 : -1))
        .slice(0, LAST_REJECTIONS)
        .map((r) => ({ conversionId: r.conversionId, step: r.step, reason: r.reason ?? '', ...(r.sentAt ? { sentAt: r.sentAt } : {}) })),
    });
  }
  return out;
}

const total = (list: { count: number }[]) => list.reduce((n, r) => n + r.count, 0);
const reasons = (list: { reason: string; count: number; until?: string }[]) =>
  list.length
    ? `<ul>${list.map((r) => `<li>${count(r.count)} ${text(r.reason)}${r.until ? ` (first due ${text(r.until.slice(0, 16))}Z)` : ''}</li>`).join('')}</ul>`
    : '';

function destinationBlock(f: UploadsFigures): string {
  const figure = (id: string, n: number) => `<strong data-figure="uploads-${f.destination}-${id}">${count(n)}</strong>`;
  const last = f.lastRejections.length
    ? `<table><caption>Last rejections</caption><thead><tr><th>Conversion</th><th>Step</th><th>Reason</th><th>Sent</th></tr></thead><tbody>${f.lastRejections
        .map(
          (r) =>
            `<tr><td>${text(r.conversionId)}</td><td>${text(r.step)}</td><td>${text(r.reason)}</td><td>${text(r.sentAt ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  return `<div data-destination="${f.destination}"><h3>${f.destination === 'google' ? 'Google Ads' : 'Meta'}</h3>
<p>${figure('sent', f.sent)} sent (verdict pending) · ${figure('accepted', f.accepted)} accepted · ${figure('rejected', total(f.rejected))} rejected · ${figure('waiting', total(f.waiting))} waiting · ${figure('given-up', total(f.givenUp))} given up</p>
${f.rejected.length ? `<p>Rejected, by reason:</p>${reasons(f.rejected)}` : ''}${f.waiting.length ? `<p>Waiting:</p>${reasons(f.waiting)}` : ''}${f.givenUp.length ? `<p>Given up:</p>${reasons(f.givenUp)}` : ''}${last}</div>`;
}

/** The Uploads section, or nothing when no conversion was ever planned for a destination. */
export function uploadsSection(figures: readonly UploadsFigures[]): string {
  if (!figures.length) return '';
  return `<section data-section="uploads"><h2>Uploads</h2><p class="muted">Conversions delivered to the ad platforms by <code>sync</code> (all time); every row on <a href="api/uploads">api/uploads</a>.</p>${figures.map(destinationBlock).join('\n')}</section>`;
}
