import { createHash } from 'node:crypto';
import { BUILT_IN_STATUSES, parseOutcome } from '../src/index';
import type { EventStore, OutcomeInput, WireEvent } from '../src/index';
import { googleClick, leadEvent, metaClick } from './helpers';

export const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
export const NOW = new Date('2026-11-23T12:00:00Z');
export const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)';

/**
 * The export scenario the golden files describe (times UTC):
 * L1 form 11-20 03:00 gclid, hashed email (Google's only: a tracker before metaHashedEmail), 200000 VND · L2 call 11-21 10:30 gbraid · L3 form
 * 11-22 15:45 wbraid, 150 USD · L4 chat 11-22 01:00 fbclid, 50000 VND · L5 form 11-19 08:00
 * organic, hashed phone (Google's and Meta's) · L6 form 11-22 19:00 gclid but ads denied · L7 form 11-20 09:00 with a
 * gclid first seen 08-01 (111 days), stored without a user agent · L8 email 11-22 05:00, no
 * consent shown · L9 form 11-10 08:00 fbclid, hashed email (older than Meta's 7 days).
 */
export const LEADS: Record<string, WireEvent> = {
  L1: leadEvent({
    id: 'L1',
    ts: '2026-11-20T03:00:00Z',
    value: 200000,
    currency: 'VND',
    touch: googleClick('2026-11-20T02:55:00Z', { gclid: 'Cj0KCQ-gclid-1' }),
    props: { hashedEmail: sha('lan@example.com') },
  }),
  L2: leadEvent({
    id: 'L2',
    type: 'call_click',
    ts: '2026-11-21T10:30:00Z',
    touch: googleClick('2026-11-21T10:00:00Z', { gbraid: 'GB-iOS-app' }),
  }),
  L3: leadEvent({
    id: 'L3',
    ts: '2026-11-22T15:45:00Z',
    value: 150,
    currency: 'USD',
    touch: googleClick('2026-11-22T15:40:00Z', { wbraid: 'WB-ios-web' }),
  }),
  L4: leadEvent({
    id: 'L4',
    type: 'chat_start',
    ts: '2026-11-22T01:00:00Z',
    value: 50000,
    currency: 'VND',
    touch: metaClick('2026-11-21T23:00:00Z', 'IwAR-fb-1'),
  }),
  L5: leadEvent({
    id: 'L5',
    ts: '2026-11-19T08:00:00Z',
    touch: { source: 'google', medium: 'organic', channel: 'Organic Search', ts: '2026-11-19T07:58:00Z' },
    // A tracker with metaHashedPhone: Google's hash of +84901234567, Meta's of 84901234567.
    props: { hashedPhone: sha('+84901234567'), metaHashedPhone: sha('84901234567') },
  }),
  L6: leadEvent({
    id: 'L6',
    ts: '2026-11-22T19:00:00Z',
    touch: googleClick('2026-11-22T18:50:00Z', { gclid: 'DENIED-1' }),
    consent: { ads: 'denied' },
  }),
  L7: leadEvent({
    id: 'L7',
    ts: '2026-11-20T09:00:00Z',
    first: googleClick('2026-08-01T00:00:00Z', { gclid: 'OLD-GCLID' }),
    touch: { source: '(direct)', medium: '(none)', channel: 'Direct', ts: '2026-11-20T08:59:00Z' },
  }),
  L8: leadEvent({ id: 'L8', type: 'email_click', ts: '2026-11-22T05:00:00Z' }),
  L9: leadEvent({
    id: 'L9',
    ts: '2026-11-10T08:00:00Z',
    touch: metaClick('2026-11-10T07:50:00Z', 'IwAR-old'),
    props: { hashedEmail: sha('old@example.com') },
  }),
};

/** O1…O9: the CRM's outcomes, as its export or webhook would give them. */
export const OUTCOMES: Record<string, OutcomeInput> = {
  O1: { event_id: 'L1', status: 'qualified', time: '2026-11-21T09:00:00+07:00' },
  O2: { email: 'Lan@Example.com', status: 'won', time: '2026-11-22T16:30:00+07:00', value: '5000000', currency: 'VND' },
  O3: { event_id: 'L2', status: 'lost', time: '2026-11-22T00:00:00Z' },
  O4: { event_id: 'L3', status: 'qualified', time: '2026-11-22T15:00:00Z' }, // before L3 (see BEFORE_LEADS)
  O5: { event_id: 'L5', status: 'won', time: '2026-11-21T12:00:00Z', value: '3000000', currency: 'VND' },
  O6: { email: 'minh@example.com', event_id: 'L8', status: 'won', time: '2026-11-22T12:00:00Z', value: '1000000', currency: 'VND' },
  O7: { event_id: 'no-such-lead', status: 'won', time: '2026-11-22T18:00:00Z', value: '10', currency: 'USD' },
  O8: { event_id: 'L6', status: 'won', time: '2026-11-22T20:00:00Z', value: '99', currency: 'USD' },
  O9: { event_id: 'L4', status: 'won', time: '2026-11-23T10:00:00Z' },
};

/**
 * O4 predates its lead L3, which an import now refuses: it is saved before the leads, waits
 * unmatched, and is matched when L3 arrives (as with a lead that reaches the collector late).
 */
const BEFORE_LEADS = new Set(['O4']);

/** Fills `store` with the scenario; returns each outcome's id by its name. */
export async function seedExportScenario(store: EventStore): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const save = async (name: string, input: OutcomeInput) => {
    const parsed = await parseOutcome(input, BUILT_IN_STATUSES, { now: NOW });
    if (!parsed.ok) throw new Error(`${name}: ${parsed.reason}`);
    ids[name] = parsed.outcome.id;
    const [saved] = await store.saveOutcomes([parsed.outcome], { receivedAt: NOW });
    if (saved!.state === 'rejected') throw new Error(`${name}: ${saved!.reason}`);
  };
  const outcomes = Object.entries(OUTCOMES);
  for (const [name, input] of outcomes) if (BEFORE_LEADS.has(name)) await save(name, input);
  const { L7, ...withAgent } = LEADS;
  await store.insert(Object.values(withAgent), { receivedAt: NOW, userAgent: UA });
  await store.insert([L7!], { receivedAt: NOW });
  for (const [name, input] of outcomes) if (!BEFORE_LEADS.has(name)) await save(name, input);
  return ids;
}
