import { validEvent } from '@leadbeacon/test-utils';
import { normalizeEmail } from '@leadbeacon/wire/identifiers';
import { sha256Hex } from '../src/platforms/identifiers';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_STATUSES, parseOutcome } from '../src/index';
import type { EventStore, Outcome, OutcomeInput } from '../src/index';
import { googleClick, leadEvent } from './helpers';

import { STORE_KINDS, storeTracker } from './stores';

const stores = storeTracker();
afterEach(() => stores.closeAll());
const at = new Date('2026-11-20T00:00:00Z');
const meta = { receivedAt: at };

async function outcome(input: OutcomeInput): Promise<Outcome> {
  const r = await parseOutcome(input, BUILT_IN_STATUSES);
  if (!r.ok) throw new Error(r.reason);
  return r.outcome;
}

describe.each(STORE_KINDS)('%s store', (kind) => {
  const store = () => stores.open(kind);

  describe('leads', () => {
    it('keeps a lead for each form_submit, call_click, email_click and chat_start, and nothing for other events', async () => {
      const s = await store();
      const types = ['form_submit', 'call_click', 'email_click', 'chat_start', 'page_view', 'custom', 'web_vital', 'identify'] as const;
      const events = types.map((type) => leadEvent({ type, ts: '2026-11-19T10:00:00+07:00' }));
      await s.insert(events, meta);
      await s.insert(events, meta); // a retried batch: no second lead
      const leads = await s.leads();
      expect(leads.map((l) => l.type)).toEqual(['form_submit', 'call_click', 'email_click', 'chat_start']);
      expect(leads.map((l) => l.eventId)).toEqual(events.slice(0, 4).map((e) => e.id));
      expect(leads[0]!.ts).toBe('2026-11-19T03:00:00.000Z');
    });

    it('stores both touches with the collector’s channel beside the browser’s, click ids with their first-seen time, hashes and the user agent', async () => {
      const s = await store();
      const hashedEmail = sha256Hex(normalizeEmail('Lan.Nguyen@gmail.com'));
      const e = leadEvent({
        ts: '2026-11-19T10:00:00Z',
        userId: 'crm-7',
        value: 500000,
        currency: 'VND',
        // naver.com is on Google's search list, but not on the browser's compact one.
        first: { source: 'naver.com', medium: 'referral', channel: 'Referral', ts: '2026-11-01T08:00:00Z' },
        touch: googleClick('2026-11-18T09:00:00+07:00', { gclid: 'Cj0KCQ-abc', gbraid: 'GB-1' }),
        props: { hashedEmail, hashedPhone: 'not-a-hash' },
      });
      await s.insert([e], { receivedAt: at, userAgent: 'Mozilla/5.0 (test)' });
      const [lead] = await s.leads();
      expect(lead).toMatchObject({
        eventId: e.id,
        type: 'form_submit',
        value: 500000,
        currency: 'VND',
        userId: 'crm-7',
        anonymousId: e.anonymousId,
        first: {
          source: 'naver.com',
          medium: 'referral',
          channel: 'Organic Search',
          browserChannel: 'Referral',
          ts: '2026-11-01T08:00:00.000Z',
        },
        last: { source: 'google', medium: 'cpc', campaign: 'aircon-repair', channel: 'Paid Search', browserChannel: 'Paid Search' },
        clickIds: [
          { name: 'gclid', value: 'Cj0KCQ-abc', firstSeen: '2026-11-18T02:00:00.000Z' },
          { name: 'gbraid', value: 'GB-1', firstSeen: '2026-11-18T02:00:00.000Z' },
        ],
        hashedEmail,
        adsConsent: 'granted',
        userAgent: 'Mozilla/5.0 (test)',
      });
      expect(lead!.hashedPhone).toBeUndefined(); // not a SHA-256 hex
    });

    it('keeps no click id, hash or user agent when the event says ads consent was not granted', async () => {
      const s = await store();
      const denied = leadEvent({
        ts: '2026-11-19T10:00:00Z',
        touch: googleClick('2026-11-19T09:00:00Z', { gclid: 'G1' }),
        props: { hashedEmail: 'a'.repeat(64) },
        consent: { ads: 'denied' },
      });
      const pending = leadEvent({
        ts: '2026-11-19T10:00:00Z',
        touch: googleClick('2026-11-19T09:00:00Z', { gclid: 'G2' }),
        consent: { ads: 'pending' },
      });
      const unmarked = leadEvent({ ts: '2026-11-19T11:00:00Z' });
      await s.insert([denied, pending, unmarked], { receivedAt: at, userAgent: 'UA' });
      const leads = await s.leads();
      expect(leads.map((l) => [l.adsConsent, l.clickIds, l.hashedEmail, l.userAgent])).toEqual([
        ['denied', [], undefined, undefined],
        ['denied', [], undefined, undefined],
        ['unknown', [], undefined, 'UA'],
      ]);
    });

    it('filters leads by time, type and the last touch’s channel, newest first on request', async () => {
      const s = await store();
      const a = leadEvent({ ts: '2026-11-01T10:00:00Z' });
      const b = leadEvent({ type: 'call_click', ts: '2026-11-02T10:00:00Z', touch: googleClick('2026-11-02T09:00:00Z', { gclid: 'x' }) });
      const c = leadEvent({ type: 'chat_start', ts: '2026-11-03T10:00:00Z' });
      await s.insert([c, a, b], meta);
      const ids = async (q: Parameters<EventStore['leads']>[0]) => (await s.leads(q)).map((l) => l.eventId);
      expect(await ids({})).toEqual([a.id, b.id, c.id]);
      expect(await ids({ order: 'desc', limit: 2 })).toEqual([c.id, b.id]);
      expect(await ids({ since: new Date('2026-11-02T00:00:00Z'), until: new Date('2026-11-03T10:00:00Z') })).toEqual([b.id]);
      expect(await ids({ types: ['chat_start', 'form_submit'] })).toEqual([a.id, c.id]);
      expect(await ids({ channel: 'Paid Search' })).toEqual([b.id]);
    });
  });

  describe('outcomes', () => {
    it('matches by event id, and by email to the latest lead at or before the outcome; refuses one earlier than every lead', async () => {
      const s = await store();
      const hashedEmail = sha256Hex('lan@example.com');
      const early = leadEvent({ ts: '2026-11-01T10:00:00Z', anonymousId: 'v1', props: { hashedEmail } });
      const later = leadEvent({ type: 'call_click', ts: '2026-11-05T10:00:00Z', anonymousId: 'v1', props: { hashedEmail } });
      const after = leadEvent({ ts: '2026-11-09T10:00:00Z', anonymousId: 'v1', props: { hashedEmail } });
      await s.insert([early, later, after], meta);
      const results = await s.saveOutcomes(
        [
          await outcome({ event_id: early.id, status: 'qualified', time: '2026-11-02T09:00:00+07:00' }),
          await outcome({ email: ' LAN@example.com', status: 'won', time: '2026-11-06T00:00:00Z', value: '1200000', currency: 'VND' }),
          await outcome({ anonymous_id: 'v1', status: 'lost', time: '2026-10-01T00:00:00Z' }),
        ],
        meta,
      );
      expect(results.map((r) => [r.state, r.leadEventId])).toEqual([
        ['inserted', early.id],
        ['inserted', later.id],
        ['rejected', undefined], // earlier than every lead of its reference: not stored
      ]);
      expect(results[2]!.reason).toBe(
        `time 2026-10-01T00:00:00.000Z is before its lead (event ${early.id} at 2026-11-01T10:00:00.000Z): check the CRM's time and time zone`,
      );
      const leads = await s.leads();
      expect(leads.map((l) => l.outcomes.map((o) => o.status))).toEqual([['qualified'], ['won'], []]);
      expect(await s.outcomes()).toHaveLength(2);
      expect(leads[1]!.outcomes[0]).toMatchObject({
        value: 1200000,
        currency: 'VND',
        time: '2026-11-06T00:00:00.000Z',
        ref: { hashedEmail },
      });
    });

    it('is idempotent: the same outcome again changes nothing; a new value is a new revision, every value kept', async () => {
      const s = await store();
      const e = leadEvent({ ts: '2026-11-01T10:00:00Z' });
      await s.insert([e], meta);
      const won = { event_id: e.id, status: 'won', time: '2026-11-03T10:00:00Z', value: '100', currency: 'USD' };
      expect((await s.saveOutcomes([await outcome(won)], meta))[0]!.state).toBe('inserted');
      expect((await s.saveOutcomes([await outcome(won)], meta))[0]!.state).toBe('unchanged');
      expect((await s.saveOutcomes([await outcome({ ...won, value: '150' })], meta))[0]).toMatchObject({ state: 'updated', revision: 2 });
      expect((await s.saveOutcomes([await outcome({ ...won, value: '150' })], meta))[0]!.state).toBe('unchanged');
      // Another currency is another value; twice in one import, two revisions.
      const later = { receivedAt: new Date('2026-11-04T00:00:00Z') };
      const results = await s.saveOutcomes(
        [await outcome({ ...won, value: '150', currency: 'EUR' }), await outcome({ ...won, value: '90' })],
        later,
      );
      expect(results.map((r) => [r.state, r.revision])).toEqual([
        ['updated', 3],
        ['updated', 4],
      ]);
      const all = await s.outcomes();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ value: 90, currency: 'USD', revision: 4, leadEventId: e.id, lead: { eventId: e.id } });
      expect(await s.outcomeRevisions(all[0]!.id)).toEqual([
        { revision: 1, value: 100, currency: 'USD', receivedAt: meta.receivedAt.toISOString() },
        { revision: 2, value: 150, currency: 'USD', receivedAt: meta.receivedAt.toISOString() },
        { revision: 3, value: 150, currency: 'EUR', receivedAt: '2026-11-04T00:00:00.000Z' },
        { revision: 4, value: 90, currency: 'USD', receivedAt: '2026-11-04T00:00:00.000Z' },
      ]);
      expect(await s.outcomeRevisions('no-such-outcome')).toEqual([]);
    });

    it('keeps an outcome that matches no lead and matches it when the lead arrives', async () => {
      const s = await store();
      const [saved] = await s.saveOutcomes([await outcome({ user_id: 'crm-42', status: 'qualified', time: '2026-11-03T10:00:00Z' })], meta);
      expect(saved).toEqual({ id: expect.any(String), state: 'inserted' });
      expect(await s.outcomes({ matched: false })).toHaveLength(1);
      expect((await s.facts({ since: new Date(0), until: new Date('2030-01-01') })).unmatchedOutcomes).toBe(1);

      const e = leadEvent({ ts: '2026-11-02T10:00:00Z', userId: 'crm-42' });
      await s.insert([e, validEvent({ userId: 'crm-42' })], meta);
      expect(await s.outcomes({ matched: false })).toHaveLength(0);
      expect((await s.outcomes({ matched: true }))[0]).toMatchObject({ leadEventId: e.id, lead: { userId: 'crm-42' } });
    });
  });

  describe('dashboard facts', () => {
    it('counts visits as sessions starting in the range, per channel of the last touch, and lists leads with their outcomes', async () => {
      const s = await store();
      const paid = googleClick('2026-11-10T08:00:00Z', { gclid: 'g' });
      const events = [
        validEvent({ sessionId: 's1', ts: '2026-11-10T08:00:00Z' }),
        validEvent({ sessionId: 's1', ts: '2026-11-10T08:01:00Z' }),
        validEvent({
          sessionId: 's2',
          ts: '2026-11-10T09:00:00Z',
          attribution: { first: paid as never, last: { ...paid, landingPage: '/' } as never },
        }),
        validEvent({ sessionId: 's3', ts: '2026-11-12T09:00:00Z' }), // outside the range
        leadEvent({ ts: '2026-11-10T09:05:00Z', sessionId: 's2', touch: paid, value: 10, currency: 'USD' }),
      ];
      await s.insert(events, meta);
      const lead = events[4]!;
      await s.saveOutcomes(
        [await outcome({ event_id: lead.id, status: 'won', time: '2026-11-20T00:00:00Z', value: '90', currency: 'USD' })],
        meta,
      );
      const facts = await s.facts({ since: new Date('2026-11-10T00:00:00Z'), until: new Date('2026-11-11T00:00:00Z') });
      expect(facts.visits).toBe(2);
      expect(facts.visitsByChannel).toEqual({ Direct: 1, 'Paid Search': 1 });
      expect(facts.leads).toEqual([
        {
          eventId: lead.id,
          type: 'form_submit',
          ts: '2026-11-10T09:05:00.000Z',
          value: 10,
          currency: 'USD',
          channel: 'Paid Search',
          source: 'google',
          medium: 'cpc',
          campaign: 'aircon-repair',
        },
      ]);
      expect(facts.outcomes).toEqual([
        { leadEventId: lead.id, status: 'won', time: '2026-11-20T00:00:00.000Z', value: 90, currency: 'USD' },
      ]);
      // A session counts at its first page view, even when that one arrives last.
      await s.insert(
        [validEvent({ sessionId: 's4', ts: '2026-11-11T01:00:00Z' }), validEvent({ sessionId: 's4', ts: '2026-11-10T23:00:00Z' })],
        meta,
      );
      expect((await s.facts({ since: new Date('2026-11-10T00:00:00Z'), until: new Date('2026-11-11T00:00:00Z') })).visits).toBe(3);
      expect((await s.facts({ since: new Date('2026-11-11T00:00:00Z'), until: new Date('2026-11-12T00:00:00Z') })).visits).toBe(0);
      const paidOnly = await s.facts({
        since: new Date('2026-11-10T00:00:00Z'),
        until: new Date('2026-11-11T00:00:00Z'),
        channel: 'Direct',
      });
      expect([paidOnly.visits, paidOnly.leads.length]).toEqual([2, 0]);
    });
  });
});
