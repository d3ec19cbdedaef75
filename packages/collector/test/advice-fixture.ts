import { BUILT_IN_STATUSES, parseOutcome } from '../src/index';
import type { EventStore, WireEvent } from '../src/index';
import { googleClick, leadEvent, metaClick } from './helpers';

export const DAY = 86_400_000;

/** A lead to seed: its age in days before `now`, channel, and outcomes (each `after` days after the lead). */
export interface SeedLead {
  id: string;
  ageDays: number;
  type?: WireEvent['type'];
  /** A Google Ads click (gclid) at the lead's time. */
  paid?: boolean;
  /** A Meta ad click (fbclid) at the lead's time. */
  meta?: boolean;
  value?: number;
  outcomes?: { status: string; after: number; value?: number; currency?: string }[];
}

/** Stores the leads (with their ad click at the lead's time) and their outcomes, as of `now`. */
export async function seed(store: EventStore, now: Date, leads: readonly SeedLead[], currency = 'USD'): Promise<void> {
  const at = (l: SeedLead, after = 0) => new Date(now.getTime() - (l.ageDays - after) * DAY).toISOString();
  const events = leads.map((l) =>
    leadEvent({
      id: l.id,
      type: l.type ?? 'form_submit',
      ts: at(l),
      ...(l.value !== undefined ? { value: l.value, currency } : {}),
      ...(l.paid ? { touch: googleClick(at(l), { gclid: `G-${l.id}` }) } : {}),
      ...(l.meta ? { touch: metaClick(at(l), `F-${l.id}`) } : {}),
    }),
  );
  for (let i = 0; i < events.length; i += 500) await store.insert(events.slice(i, i + 500), { receivedAt: now, userAgent: 'test' });
  const outcomes = [];
  for (const l of leads)
    for (const o of l.outcomes ?? []) {
      const input = {
        event_id: l.id,
        status: o.status,
        time: at(l, o.after),
        ...(o.value !== undefined ? { value: String(o.value), currency: o.currency ?? currency } : {}),
      };
      const parsed = await parseOutcome(input, [...BUILT_IN_STATUSES, 'appointment'], { now });
      if (!parsed.ok) throw new Error(parsed.reason);
      outcomes.push(parsed.outcome);
    }
  for (let i = 0; i < outcomes.length; i += 500) await store.saveOutcomes(outcomes.slice(i, i + 500), { receivedAt: now });
}

/**
 * The issue's example, as of `now`: 200 form leads at 50 USD (100 Paid Search with a gclid, 100
 * Direct), all at least 12.5 days old; 20 of them won at 1,000 USD 10 days after the click (15
 * Paid Search, 5 Direct); 60 qualified 1 day after the click, 40 of those in the last 30 days.
 */
export function issueExample(): SeedLead[] {
  const leads: SeedLead[] = [];
  const won = { status: 'won', after: 10, value: 1000 };
  const qualified = { status: 'qualified', after: 1 };
  // 40 qualified in the last 30 days (leads 12.5–29.5 days old): 20 paid, 20 direct.
  for (let j = 0; j < 40; j++) leads.push({ id: `recent-${j}`, ageDays: 12.5 + (j % 18), paid: j < 20, value: 50, outcomes: [qualified] });
  // 20 qualified 39.5–58.5 days ago and won 10 days after their click: 15 paid, 5 direct.
  for (let j = 0; j < 20; j++) leads.push({ id: `won-${j}`, ageDays: 40.5 + j, paid: j < 15, value: 50, outcomes: [qualified, won] });
  // 140 more form leads, 13.5–87.5 days old: 65 paid, 75 direct.
  for (let j = 0; j < 140; j++) leads.push({ id: `plain-${j}`, ageDays: 13.5 + (j % 75), paid: j < 65, value: 50 });
  return leads;
}
