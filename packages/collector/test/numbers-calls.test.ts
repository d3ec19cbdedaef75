/**
 * Calls matched to leases (issue 23): the call-log CSV import, the edges of the hold time, the
 * rule for which calls count, and a counted call going to Google Ads as a click conversion with
 * the visit's gclid (`eventSource: PHONE`) through the upload ledger, on both stores.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGoogleDataManager } from '@leadbeacon/test-utils/ad-platforms';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../src/index';
import { importCalls } from '../src/numbers/import-calls';
import { touchFromQuery } from '../src/numbers/number-route';
import { readDestinationsConfig } from '../src/uploads/config';
import { runSync } from '../src/uploads/sync';
import { STORE_KINDS, storeTracker } from './stores';
import { leadEvent } from './helpers';

const stores = storeTracker();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await stores.closeAll();
  await Promise.all(closers.splice(0).map((c) => c()));
});

const HOUR = 3_600_000;
const HOLD = 30 * 60_000;
const RULES = { countSeconds: 60, storeCallerNumbers: false };
const POOL = ['+842812345601', '+842812345602'];

async function lease(store: EventStore, visitor: string, at: Date, number?: string) {
  const q = new URLSearchParams({
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'aircon',
    gclid: `GCLID-${visitor}`,
    landing: 'https://shop.example/',
  });
  const touch = touchFromQuery(q, at);
  return store.leaseNumber({
    pool: 'paid',
    numbers: number ? [number] : POOL,
    fallback: '+842812345699',
    visitor,
    session: `s-${visitor}`,
    now: at,
    holdMs: HOLD,
    touch,
    ads: 'granted',
  });
}

const csv = (rows: string[][]) => ['call_id,to,from,start,duration,answered', ...rows.map((r) => r.join(','))].join('\n');

describe.each(STORE_KINDS)('%s store: calls matched to leases', (kind) => {
  it('matches a call at the last instant of the hold, not one a second later, and imports a file once', async () => {
    const store = await stores.open(kind);
    const t0 = new Date('2026-12-01T10:00:00Z');
    const l = await lease(store, 'lan', t0, POOL[0]);
    expect(l.until).toBe(new Date(t0.getTime() + HOLD).toISOString());
    const edge = new Date(t0.getTime() + HOLD).toISOString();
    const after = new Date(t0.getTime() + HOLD + 1000).toISOString();
    const text = csv([
      ['c-edge', POOL[0]!, '+84901234567', edge, '75', 'yes'],
      ['c-after', POOL[0]!, '+84907654321', after, '120', 'yes'],
      ['c-short', POOL[0]!, '', edge, '59', 'yes'],
      ['c-bad', 'not-a-number', '', edge, '75', 'yes'],
    ]);
    const report = await importCalls(text, store, RULES);
    expect(report).toEqual({
      recorded: 3,
      matched: 2,
      leads: 2,
      rejected: [{ row: 5, reason: "to must be a number in E.164, got 'not-a-number'" }],
    });
    const calls = new Map((await store.calls()).map((c) => [c.callId, c]));
    expect(calls.get('c-edge')).toMatchObject({ leaseId: l.id, answered: true, duration: 75 });
    expect(calls.get('c-after')!.leaseId).toBeUndefined();
    expect(calls.get('c-short')).toMatchObject({ leaseId: l.id, duration: 59 });
    expect(calls.get('c-short')!.eventId).toBeUndefined(); // under 60 s: kept, not a lead
    const leads = await store.leads({ types: ['call'] });
    expect(leads.map((x) => [x.eventId, x.anonymousId]).sort()).toEqual([
      ['call-csv-c-after', 'call-' + calls.get('c-after')!.callerHash!.slice(0, 32)],
      ['call-csv-c-edge', 'lan'],
    ]);
    expect((await importCalls(text, store, RULES)).leads).toBe(2);
    expect(await store.leads({ types: ['call'] })).toHaveLength(2);
    expect(await store.count()).toBe(2);
  });

  it('makes a tel: click and the call that follows from the same visit one lead: the call is attached to the click', async () => {
    const store = await stores.open(kind);
    const t0 = new Date('2026-12-01T10:00:00Z');
    await lease(store, 'tap', t0, POOL[0]);
    await lease(store, 'dial', t0, POOL[1]);
    const tapAt = new Date(t0.getTime() + 60_000).toISOString();
    await store.insert(
      [
        leadEvent({
          id: 'tap-1',
          type: 'call_click',
          ts: tapAt,
          anonymousId: 'tap',
          sessionId: 's-tap',
          props: { phone: POOL[0], href: `tel:${POOL[0]}` },
        }),
      ],
      {
        receivedAt: new Date(),
      },
    );
    const callAt = new Date(t0.getTime() + 90_000).toISOString();
    await importCalls(
      csv([
        ['c-tap', POOL[0]!, '', callAt, '120', 'yes'],
        ['c-dial', POOL[1]!, '', callAt, '120', 'yes'],
      ]),
      store,
      RULES,
    );
    const calls = new Map((await store.calls()).map((c) => [c.callId, c]));
    expect(calls.get('c-tap')!.eventId).toBe('tap-1');
    expect(calls.get('c-dial')!.eventId).toBe('call-csv-c-dial');
    expect((await store.leads()).map((l) => [l.eventId, l.type]).sort()).toEqual([
      ['call-csv-c-dial', 'call'],
      ['tap-1', 'call_click'],
    ]);
  });

  it('sends a counted call to Google Ads as a click conversion with the visit gclid and eventSource PHONE', async () => {
    const store = await stores.open(kind);
    const google = await startGoogleDataManager({ processingPolls: 0 });
    closers.push(() => google.close());
    const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-calls-'));
    const file = join(dir, 'leadbeacon.config.json');
    const destinations = {
      google: {
        operatingAccountId: '1234567890',
        conversionActions: { call: '222' },
        credentials: google.serviceAccountKey(dir).path,
        apiUrl: google.url,
      },
    };
    writeFileSync(file, JSON.stringify({ destinations }));
    const visitAt = new Date(Date.now() - 25 * HOUR);
    await lease(store, 'minh', visitAt, POOL[1]);
    google.click('GCLID-minh', visitAt);
    const callAt = new Date(visitAt.getTime() + 10 * 60_000).toISOString();
    await importCalls(csv([['CA-minh', POOL[1]!, '+84901112223', callAt, '95', 'yes']]), store, RULES, 'twilio');
    const tallies = await runSync({ store, config: readDestinationsConfig(file), timeoutMs: 2000, firstBackoffMs: 50 });
    expect(tallies.map((t) => t.line())[0]).toMatch(/^google: 1 sent, 1 accepted/);
    const [sent] = google.accepted();
    expect(sent).toMatchObject({ conversionActionId: '222', transactionId: 'call-twilio-CA-minh:call', outcome: 'counted' });
    expect(sent!.event).toMatchObject({ eventSource: 'PHONE', adIdentifiers: { gclid: 'GCLID-minh' } });
    expect((await store.uploads()).map((u) => [u.destination, u.step, u.conversionId, u.state])).toEqual([
      ['google', 'call', 'call-twilio-CA-minh', 'accepted'],
    ]);
  });
});
