/**
 * The dashboard's view of matching: how many CRM outcomes found their lead, by which reference,
 * and the latest of those still waiting for one (the CRM names a lead the collector has not seen:
 * a wrong id, an email the visitor did not type on the site, a lead without ads consent).
 */
import { localDateTime } from '../exports/time';
import { REF_KEY_NAMES, REF_KEYS, type OutcomeRef } from '../leads/outcome';
import type { EventStore, OutcomeRecord } from '../store/types';
import { amount, count, percent, shortTime, text } from './format';

/** Waiting outcomes listed, latest first. */
export const WAITING_SHOWN = 20;

export interface MatchingFigures {
  /** Matched outcomes per reference name (leadId, clickId, email…; `earlier` when not kept). */
  matchedBy: Record<string, number>;
  matched: number;
  waiting: number;
  /** The latest waiting outcomes. */
  latestWaiting: OutcomeRecord[];
}

export async function matchingFigures(store: EventStore, waiting: number): Promise<MatchingFigures> {
  const [counts, latestWaiting] = await Promise.all([
    store.outcomeMatchCounts(),
    waiting ? store.outcomes({ matched: false, order: 'desc', limit: WAITING_SHOWN }) : Promise.resolve([]),
  ]);
  const matchedBy: Record<string, number> = {};
  for (const [key, n] of Object.entries(counts)) {
    const name = (REF_KEY_NAMES as Record<string, string>)[key] ?? key;
    matchedBy[name] = (matchedBy[name] ?? 0) + n;
  }
  return { matchedBy, matched: Object.values(matchedBy).reduce((a, b) => a + b, 0), waiting, latestWaiting };
}

/** What the CRM named the lead by: ids as they are, email and phone only as hashed (the plain ones are never stored). */
function references(ref: OutcomeRef): string {
  const shown: Record<keyof OutcomeRef, (v: string) => string> = {
    eventId: (v) => `lead id <code>${text(v)}</code>`,
    userId: (v) => `user id <code>${text(v)}</code>`,
    clickId: (v) => `click id <code>${text(v.length > 24 ? `${v.slice(0, 24)}…` : v)}</code>`,
    hashedEmail: () => 'email (hashed)',
    hashedPhone: () => 'phone (hashed)',
    anonymousId: (v) => `anonymous id <code>${text(v)}</code>`,
  };
  return REF_KEYS.flatMap((k) => (ref[k] ? [shown[k](ref[k])] : [])).join(', ');
}

export function matchingSection(m: MatchingFigures, timeZone: string): string {
  const total = m.matched + m.waiting;
  if (!total) return '';
  const byKey = [...REF_KEYS.map((k) => REF_KEY_NAMES[k]), 'earlier']
    .filter((k) => m.matchedBy[k])
    .map((k) => `${k === 'earlier' ? 'before this was kept' : k} <strong data-figure="matched-by-${k}">${count(m.matchedBy[k]!)}</strong>`)
    .join(', ');
  const rows = m.latestWaiting.map((o) => {
    const value = o.value !== undefined ? amount(o.value, o.currency ?? '') : '–';
    return `<tr data-outcome="${text(o.id)}"><td class="time">${shortTime(localDateTime(new Date(o.time), timeZone))}</td><td><span class="status status-${text(o.status)}">${text(o.status)}</span></td><td class="num">${value}</td><td>${o.recordId ? `<code>${text(o.recordId)}</code>` : '–'}</td><td>${references(o.ref)}</td></tr>`;
  });
  const table = rows.length
    ? `<p class="muted">The latest ${rows.length === m.waiting ? '' : `${rows.length} of the `}outcomes still waiting for their lead: each is matched when a lead with that reference arrives.</p><table class="waiting"><tr><th>Time</th><th>Status</th><th class="num">Value</th><th>CRM record</th><th>Named by</th></tr>${rows.join('')}</table>`
    : '';
  return `<section id="matching" data-section="matching"><h2>Matching CRM outcomes</h2><p>Match rate <strong data-figure="match-rate">${percent(m.matched / total)}</strong>: <strong data-figure="matched">${count(m.matched)}</strong> of ${count(total)} outcomes found their lead${byKey ? ` (by ${byKey})` : ''}; <strong data-figure="waiting">${count(m.waiting)}</strong> waiting.</p>${table}</section>`;
}
