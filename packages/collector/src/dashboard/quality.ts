/**
 * The dashboard's "Lead quality" view: how many leads of the range are ok, suspect and spam,
 * how many are held back (left out of exports and uploads until released), the held leads with
 * their reasons (the `quality` filter picks which are listed), and for the leads a CRM marked
 * spam after their conversions were uploaded, what came of taking them back. Held rows can be
 * released from here (release.ts).
 */
import { escapeHtml as text } from '../http/util';
import { isHeld, matchesQuality, qualityView, QUALITY_FILTERS, type QualityFilter } from '../quality/held';
import type { EventStore } from '../store/types';
import { count } from './format';
import { releaseBox, releaseForm, releaseScript } from './release';

const LISTED = 50;

export interface QualityFigures {
  ok: number;
  suspect: number;
  spam: number;
  /** Suspect or spam, not released: left out of exports and uploads. */
  held: number;
  released: number;
  filter?: QualityFilter;
  /** The leads the filter picks (held ones when there is none), latest first. */
  listed: { eventId: string; type: string; ts: string; verdict: string; reasons: string[]; released?: true }[];
  couldNotTakeBack: { eventId: string; note: string }[];
}

export async function qualityFigures(
  store: EventStore,
  range: { since: Date; until: Date },
  filter?: QualityFilter,
): Promise<QualityFigures> {
  const leads = await store.leads({ ...range, order: 'desc' });
  const figures: QualityFigures = { ok: 0, suspect: 0, spam: 0, held: 0, released: 0, listed: [], couldNotTakeBack: [] };
  for (const l of leads) {
    const q = qualityView(l);
    figures[q.verdict]++;
    if (isHeld(l)) figures.held++;
    if (q.released) figures.released++;
    if (q.takeBack) figures.couldNotTakeBack.push({ eventId: l.eventId, note: q.takeBack });
    if (figures.listed.length < LISTED && matchesQuality(l, filter ?? 'held'))
      figures.listed.push({ eventId: l.eventId, type: l.type, ts: l.ts, ...q });
  }
  return { ...figures, ...(filter ? { filter } : {}) };
}

export const parseQualityFilter = (raw: string | undefined): QualityFilter | undefined => QUALITY_FILTERS.find((f) => f === raw);

/** The view; `nonce`: the page's, for the release form's script. */
export function qualitySection(f: QualityFigures, nonce: string): string {
  const figure = (id: string, n: number) => `<strong data-figure="quality-${id}">${count(n)}</strong>`;
  const held = (l: QualityFigures['listed'][number]) => l.verdict !== 'ok' && !l.released;
  const rows = f.listed
    .map(
      (l) =>
        `<tr data-quality-lead="${text(l.eventId)}"><td>${held(l) ? releaseBox(l.eventId) : ''}</td><td>${text(l.ts.slice(0, 16).replace('T', ' '))}</td><td><code>${text(l.eventId)}</code></td><td>${text(l.type)}</td><td>${text(l.verdict)}${l.released ? ' (released)' : ''}</td><td>${text(l.reasons.join(', '))}</td></tr>`,
    )
    .join('');
  const release = f.listed.some(held) ? `${releaseForm()}${releaseScript(nonce)}` : '';
  const lost = f.couldNotTakeBack.map((c) => `<li><code>${text(c.eventId)}</code>: ${text(c.note)}</li>`).join('');
  return `<section id="quality" data-section="quality"><h2>Lead quality</h2>
<p>${figure('ok', f.ok)} ok, ${figure('suspect', f.suspect)} suspect, ${figure('spam', f.spam)} spam; ${figure('held', f.held)} held back (never exported or uploaded until released here or with <code>leadbeacon-collector leads release ID</code>), ${figure('released', f.released)} released.</p>
<table class="recent"><tr><th><span class="muted">Release</span></th><th>Time</th><th>Lead id</th><th>Type</th><th>Verdict</th><th>Reasons</th></tr>${rows}</table>
${release}
${lost ? `<p class="note warning">Uploaded before the CRM marked them spam, and what came of taking them back:</p><ul data-figure="could-not-take-back">${lost}</ul>` : ''}
</section>`;
}
