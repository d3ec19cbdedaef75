import { validBatch } from '@leadbeacon/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../src/index';
import type { Collector } from '../src/index';
import { runExport } from '../src/exports/run';
import { seedExportScenario } from './export-fixture';
import { leadEvent } from './helpers';
import { openTestStore, STORE_KINDS, type StoreKind } from './stores';

const TOKEN = 'api-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(async (c) => (await c.close(), c.store.close())));
});
/** The store of the describe block below it: each block runs once per kind. */
let kind: StoreKind = 'sqlite';
async function start(options: Parameters<typeof createCollector>[0] = {}): Promise<Collector> {
  const c = await createCollector({ port: 0, store: await openTestStore(kind), adminToken: TOKEN, ...options });
  open.push(c);
  return c;
}
const postOutcomes = (c: Collector, body: unknown) =>
  fetch(`${c.url}/api/outcomes`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe.each(STORE_KINDS)('%s store', (each) => {
  beforeAll(() => {
    kind = each;
  });

  describe('POST /api/outcomes', () => {
    it('stores a batch, reports each rejected and unmatched item by index, and matches leads that arrive later', async () => {
      const c = await start({ statuses: ['appointment'], defaultCountry: 'VN' });
      const lead = leadEvent({ id: 'lead-1', ts: '2026-11-01T10:00:00Z' });
      await fetch(`${c.url}/collect`, { method: 'POST', body: JSON.stringify(validBatch([lead])) });
      const res = await postOutcomes(c, {
        outcomes: [
          { event_id: 'lead-1', status: 'appointment', time: '2026-11-02T09:00:00+07:00' },
          { event_id: 'lead-1', status: 'won', time: '2026-11-03T09:00:00+07:00', value: 2500000, currency: 'VND' },
          { phone: '0912 345 678', status: 'qualified', time: '2026-11-03T00:00:00Z' },
          { event_id: 'lead-1', status: 'maybe', time: '2026-11-03T00:00:00Z' },
          'not an object',
        ],
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        received: 5,
        inserted: 3,
        updated: 0,
        unchanged: 0,
        matched: 2,
        matchedBy: { leadId: 2 },
        unmatched: [2],
        rejected: [
          { index: 3, reason: "status 'maybe' is not one of qualified, won, lost, spam, junk, appointment (add names with --status)" },
          { index: 4, reason: 'an outcome must be an object' },
        ],
      });
      const outcomes = await c.store.outcomes();
      expect(outcomes.map((o) => [o.status, o.value, o.leadEventId])).toEqual([
        ['appointment', undefined, 'lead-1'],
        ['qualified', undefined, undefined],
        ['won', 2500000, 'lead-1'],
      ]);
      // A bare array works too, and the same outcomes again change nothing.
      const again = await postOutcomes(c, [
        { event_id: 'lead-1', status: 'won', time: '2026-11-03T09:00:00+07:00', value: 2500000, currency: 'VND' },
      ]);
      expect(await again.json()).toMatchObject({ inserted: 0, unchanged: 1 });
    });

    it.each<[string, unknown, number, string]>([
      ['not JSON', '{"outcomes": [', 400, 'body is not JSON'],
      ['no list', { outcome: {} }, 400, 'send {"outcomes": [...]}'],
      ['an empty list', { outcomes: [] }, 400, 'no outcomes in the request'],
      ['1,001 outcomes', { outcomes: Array.from({ length: 1001 }, () => ({})) }, 413, '1001 outcomes: at most 1000 per request'],
      ['only bad outcomes', [{ status: 'won' }], 400, 'every outcome was rejected'],
    ])('answers %s with an error and stores nothing', async (_, body, status, error) => {
      const c = await start();
      const res = await postOutcomes(c, body);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: string }).error).toContain(error);
      expect(await c.store.outcomes()).toEqual([]);
    });

    it('refuses, by item index, what the ad platforms would refuse: an unknown currency, a future time, a time before the lead, an infinite value', async () => {
      const c = await start();
      const lead = leadEvent({ id: 'lead-2', ts: '2026-11-05T10:00:00Z' });
      await fetch(`${c.url}/collect`, { method: 'POST', body: JSON.stringify(validBatch([lead])) });
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const res = await postOutcomes(c, [
        { event_id: 'lead-2', status: 'won', time: '2026-11-06T00:00:00Z', value: 10, currency: 'XYZ' },
        { event_id: 'lead-2', status: 'won', time: future },
        { event_id: 'lead-2', status: 'qualified', time: '2026-11-05T09:59:00Z' },
        { event_id: 'lead-2', status: 'won', time: '2026-11-06T00:00:00Z', value: '9'.repeat(400), currency: 'USD' },
        { event_id: 'lead-2', status: 'won', time: '2026-11-06T00:00:00Z', value: -5, currency: 'USD' },
        { event_id: 'lead-2', status: 'won', time: '2026-11-06T00:00:00Z', value: 99.5, currency: 'usd' },
      ]);
      const report = (await res.json()) as { inserted: number; rejected: { index: number; reason: string }[] };
      expect(report.inserted).toBe(1);
      expect(report.rejected).toEqual([
        { index: 0, reason: "currency must be an ISO 4217 code such as USD or VND, got 'XYZ'" },
        {
          index: 1,
          reason: expect.stringMatching(
            /^time '.+' is in the future \(the collector's clock says .+\): check the CRM's time and time zone$/,
          ),
        },
        {
          index: 2,
          reason:
            "time 2026-11-05T09:59:00.000Z is before its lead (event lead-2 at 2026-11-05T10:00:00.000Z): check the CRM's time and time zone",
        },
        { index: 3, reason: 'value must be a finite number, got one of 400 digits' },
        { index: 4, reason: "value must be a number >= 0 written with digits and an optional '.', got '-5'" },
      ]);
      expect((await c.store.outcomes()).map((o) => [o.status, o.value, o.currency])).toEqual([['won', 99.5, 'USD']]);
    });

    it('takes 1,000 outcomes in one request', async () => {
      const c = await start();
      const outcomes = Array.from({ length: 1000 }, (_, i) => ({ user_id: `u${i}`, status: 'won', time: '2026-11-03T00:00:00Z' }));
      const res = await postOutcomes(c, { outcomes });
      expect(await res.json()).toMatchObject({ received: 1000, inserted: 1000, unmatched: expect.any(Array) });
    });
  });

  describe('GET /api/uploads', () => {
    it('lists the upload ledger with the admin token, filtered by destination and state; refuses bad filters and no token', async () => {
      const c = await start();
      await c.store.planUploads([
        { conversionId: 'lead-1', step: 'form_submit', destination: 'google' },
        { conversionId: 'lead-1', step: 'form_submit', destination: 'meta' },
      ]);
      await c.store.claimUploads({ destination: 'google', state: 'waiting', limit: 1, leaseMs: 60_000, owner: 'sync' });
      await c.store.recordUploads('sync', [
        { conversionId: 'lead-1', destination: 'google', state: 'rejected', reason: 'INVALID_GCLID', attempted: true },
      ]);
      const list = async (query = '') => {
        const res = await fetch(`${c.url}/api/uploads${query}`, { headers: auth });
        return { status: res.status, body: (await res.json()) as { uploads?: unknown[]; error?: string } };
      };
      expect(await list()).toEqual({
        status: 200,
        body: {
          uploads: [
            { conversionId: 'lead-1', step: 'form_submit', destination: 'google', state: 'rejected', attempts: 1, reason: 'INVALID_GCLID' },
            { conversionId: 'lead-1', step: 'form_submit', destination: 'meta', state: 'waiting', attempts: 0 },
          ],
        },
      });
      expect((await list('?destination=meta&state=waiting')).body.uploads).toHaveLength(1);
      expect((await list('?state=accepted')).body.uploads).toEqual([]);
      expect(await list('?destination=tiktok')).toEqual({ status: 400, body: { error: 'destination must be one of google, meta' } });
      expect((await list('?limit=0')).status).toBe(400);
      expect((await fetch(`${c.url}/api/uploads`)).status).toBe(401);
    });
  });

  describe('GET /exports/<format>', () => {
    it('downloads the same file and report as the export itself, for each format', async () => {
      const c = await start();
      await seedExportScenario(c.store);
      // Dates as the dashboard links them: local days in the given zone, until exclusive.
      const query = 'since=2026-11-01&until=2026-11-24&timezone=Asia%2FKolkata&name=won%3DSale%2C%20closed';
      for (const format of ['google-ads', 'google-ads-enhanced-leads', 'meta-capi'] as const) {
        const res = await fetch(`${c.url}/exports/${format}?${query}`, { headers: auth });
        expect(res.status, format).toBe(200);
        const expected = await runExport(c.store, format, {
          since: new Date('2026-11-01T00:00:00+05:30'),
          until: new Date('2026-11-24T00:00:00+05:30'),
          timeZone: 'Asia/Kolkata',
          names: ['won=Sale, closed'],
        });
        expect(await res.text()).toBe(expected.text);
        expect(res.headers.get('content-type')).toBe(expected.contentType);
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${expected.fileName}"`);
        expect(res.headers.get('x-leadbeacon-written')).toBe(String(expected.written));
        const report = await fetch(`${c.url}/exports/${format}/report?${query}`, { headers: auth });
        expect(await report.text()).toBe(expected.report);
      }
    });

    it.each([
      ['/exports/tiktok', 404, 'no export tiktok: google-ads, google-ads-enhanced-leads, meta-capi'],
      ['/exports/google-ads?timezone=Nowhere/City', 400, "unknown time zone 'Nowhere/City'"],
      ['/exports/google-ads?since=yesterday', 400, 'since must be a date (2026-11-01) or an ISO 8601 date-time with an offset'],
      ['/exports/google-ads?since=2026-11-05&until=2026-11-01', 400, 'must be before --until'],
      ['/exports/google-ads?name=oops', 400, '--name takes step=Name'],
    ])('%s answers %i', async (path, status, error) => {
      const c = await start();
      const res = await fetch(c.url + path, { headers: auth });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: string }).error).toContain(error);
    });
  });
});
