/**
 * The dashboard's "Calls" view (issue 23): the range's calls by source / campaign of the visit
 * that held the number, answered and missed; each pool's use (most numbers held at once against
 * its size, visits shown the fallback) and a warning when the pool is too small for its traffic
 * (the busiest hour's visits × the hold time, in hours, above its size).
 */
import { escapeHtml as text } from '../http/util';
import type { NumbersConfig } from '../numbers/config';
import type { NumberLease } from '../store/number-types';
import type { EventStore } from '../store/types';
import { count } from './format';

const HOUR = 3_600_000;
const MAX_ROWS = 100_000;

export interface CallsFigures {
  calls: number;
  answered: number;
  missed: number;
  unattributed: number;
  bySource: { key: string; calls: number; answered: number; leads: number }[];
  pools: {
    name: string;
    size: number;
    peakHeld: number;
    fallbacks: number;
    busiestHourVisits: number;
    holdMinutes: number;
    tooSmall: boolean;
  }[];
}

/** The most leases held at once: a sweep over their starts and ends. */
function peakHeld(leases: readonly NumberLease[]): number {
  const edges = leases.flatMap((l) => [[Date.parse(l.leasedAt), 1] as const, [Date.parse(l.until), -1] as const]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let held = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (held += d));
  return peak;
}

/** The busiest hour's distinct visits asking the pool. */
function busiestHour(leases: readonly NumberLease[]): number {
  const hours = new Map<number, Set<string>>();
  for (const l of leases) {
    const h = Math.floor(Date.parse(l.leasedAt) / HOUR);
    hours.set(h, (hours.get(h) ?? new Set()).add(l.session));
  }
  return Math.max(0, ...[...hours.values()].map((s) => s.size));
}

export async function callsFigures(store: EventStore, numbers: NumbersConfig, since: Date, until: Date): Promise<CallsFigures> {
  const [calls, leases] = await Promise.all([
    store.calls({ since, until, limit: MAX_ROWS }),
    store.leases({ since, until, limit: MAX_ROWS }),
  ]);
  const byId = new Map(leases.map((l) => [l.id, l]));
  const rows = new Map<string, CallsFigures['bySource'][number]>();
  for (const c of calls) {
    const t = c.leaseId !== undefined ? (byId.get(c.leaseId) ?? (await store.lease(c.leaseId)))?.touch : undefined;
    const key = t ? `${t.source} / ${t.medium}${t.campaign ? ` · ${t.campaign}` : ''}` : 'unattributed';
    const row = rows.get(key) ?? { key, calls: 0, answered: 0, leads: 0 };
    row.calls++;
    if (c.answered) row.answered++;
    if (c.eventId) row.leads++;
    rows.set(key, row);
  }
  const pools = numbers.pools.map((p) => {
    const mine = leases.filter((l) => l.pool === p.name);
    const real = mine.filter((l) => !l.fallback);
    const busiest = busiestHour(mine);
    return {
      name: p.name,
      size: p.numbers.length,
      peakHeld: peakHeld(real),
      fallbacks: mine.length - real.length,
      busiestHourVisits: busiest,
      holdMinutes: p.holdMinutes,
      tooSmall: busiest * (p.holdMinutes / 60) > p.numbers.length,
    };
  });
  const answered = calls.filter((c) => c.answered).length;
  return {
    calls: calls.length,
    answered,
    missed: calls.length - answered,
    unattributed: calls.filter((c) => c.leaseId === undefined).length,
    bySource: [...rows.values()].sort((a, b) => b.calls - a.calls || a.key.localeCompare(b.key)),
    pools,
  };
}

function poolLine(p: CallsFigures['pools'][number]): string {
  const warn = p.tooSmall
    ? ` <strong class="warning" data-figure="pool-too-small">Too small: ${count(p.busiestHourVisits)} visits in the busiest hour × ${p.holdMinutes} min hold needs about ${count(Math.ceil((p.busiestHourVisits * p.holdMinutes) / 60))} numbers; it has ${count(p.size)}.</strong>`
    : '';
  return `<li data-pool="${text(p.name)}">${text(p.name)}: ${count(p.peakHeld)} of ${count(p.size)} numbers held at the peak, ${count(p.fallbacks)} visits shown the fallback.${warn}</li>`;
}

/** The Calls section, or nothing when call tracking is not set up. */
export function callsSection(f: CallsFigures | undefined): string {
  if (!f) return '';
  const rows = f.bySource
    .map(
      (r) =>
        `<tr><td>${text(r.key)}</td><td>${count(r.calls)}</td><td>${count(r.answered)}</td><td>${count(r.calls - r.answered)}</td><td>${count(r.leads)}</td></tr>`,
    )
    .join('');
  return `<section data-section="calls"><h2>Calls</h2>
<p><strong data-figure="calls">${count(f.calls)}</strong> calls · <strong data-figure="calls-answered">${count(f.answered)}</strong> answered · <strong data-figure="calls-missed">${count(f.missed)}</strong> missed · ${count(f.unattributed)} matched no visit; every call on <a href="api/calls">api/calls</a>.</p>
<table><thead><tr><th>Source / medium · campaign</th><th>Calls</th><th>Answered</th><th>Missed</th><th>Leads</th></tr></thead><tbody>${rows}</tbody></table>
<ul>${f.pools.map(poolLine).join('')}</ul></section>`;
}
