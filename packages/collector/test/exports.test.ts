import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../src/index';
import { runExport, summary, type ExportFormat } from '../src/exports/run';
import { NOW, seedExportScenario } from './export-fixture';
import { BUILT_IN_STATUSES, parseOutcome } from '../src/index';
import { googleClick, leadEvent, metaClick } from './helpers';
import { openTestStore, STORE_KINDS } from './stores';

/**
 * Golden files (test/golden/), written by hand from the platforms' templates
 * (shared/reference/channels-clickids.md §2–4): the scenario is in export-fixture.ts.
 * Outcome ids in them are the outcomes' stable ids (see outcomeId), shown as {O1}… here.
 */
describe.each(STORE_KINDS)('%s store', (kind) => {
  let store: EventStore;
  let ids: Record<string, string>;
  beforeAll(async () => {
    store = await openTestStore(kind);
    ids = await seedExportScenario(store);
  });
  afterAll(() => store.close());

  const golden = (name: string) =>
    readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8').replace(/\{(O\d)\}/g, (_, o: string) => ids[o] ?? `?${o}`);
  const range = { since: new Date('2026-11-01T00:00:00+07:00'), until: NOW, now: NOW };
  const names = ['form_submit=Lead form', 'qualified=Qualified lead', 'won=Sale, closed'];

  async function exported(format: ExportFormat, options: Parameters<typeof runExport>[2] = {}) {
    return runExport(store, format, { ...range, ...options });
  }

  describe('google-ads (offline click conversions)', () => {
    it('writes gclid, GBRAID and WBRAID rows in their own columns, local times of a whole-hour zone, quoted names', async () => {
      const r = await exported('google-ads', { timeZone: 'Asia/Ho_Chi_Minh', names });
      expect(r.text).toBe(golden('google-ads.asia-ho-chi-minh.csv'));
      expect(r.fileName).toBe('leadbeacon-google-ads-2026-10-31-2026-11-23.csv');
    });

    it('writes the same conversions in a half-hour zone', async () => {
      const r = await exported('google-ads', { timeZone: 'Asia/Kolkata', names });
      expect(r.text).toBe(golden('google-ads.asia-kolkata.csv'));
    });

    it('reports every conversion it did not write, with the reason', async () => {
      const r = await exported('google-ads', { timeZone: 'Asia/Ho_Chi_Minh', names });
      expect(r.report).toBe(golden('google-ads.report.csv'));
      expect(summary(r)).toBe(
        '5 written, 13 not written: 7 no Google click id, 2 no consent, 1 click older than 90 days, 1 earlier than its lead, 1 no lead (outcome not matched yet), 1 not exported (no conversion name)',
      );
    });
  });

  describe('google-ads-enhanced-leads', () => {
    it('writes the outcomes of leads without a Google click id with their hashes and the outcome id as order id', async () => {
      const r = await exported('google-ads-enhanced-leads', { timeZone: 'Asia/Kolkata', names });
      expect(r.text).toBe(golden('google-ads-enhanced-leads.csv'));
      expect(r.report).toBe(golden('google-ads-enhanced-leads.report.csv'));
    });
  });

  describe('meta-capi', () => {
    it('writes Conversions API events with the browser event id, fbc, hashes, user agent and value; older than 7 days reported', async () => {
      const r = await exported('meta-capi');
      expect(r.text).toBe(golden('meta-capi.json'));
      expect(r.report).toBe(golden('meta-capi.report.csv'));
      expect(r.since.toISOString()).toBe('2026-10-31T17:00:00.000Z');
    });

    it('by default reaches back 7 days from now', async () => {
      const r = await runExport(store, 'meta-capi', { now: NOW });
      expect(r.since.toISOString()).toBe('2026-11-16T12:00:00.000Z');
    });
  });

  describe('options', () => {
    it.each<[Parameters<typeof runExport>[2], RegExp]>([
      [{ timeZone: 'Mars/Olympus' }, /unknown time zone 'Mars\/Olympus'/],
      [{ names: ['Lead form'] }, /--name takes step=Name/],
      [{ since: NOW, until: NOW }, /must be before --until/],
    ])('refuses %j with a clear error', async (options, message) => {
      await expect(exported('google-ads', options)).rejects.toThrow(message);
    });

    it('leaves a step out with step= and names steps as given', async () => {
      const r = await exported('google-ads', { names: ['form_submit=', 'call_click=Call, mobile'] });
      expect(
        r.text
          .split('\n')
          .slice(2, -1)
          .map((row) => row.split(',').slice(3, 5).join('|')),
      ).toEqual(['qualified|2026-11-21 02:00:00', '"Call| mobile"', 'won|2026-11-22 09:30:00']);
    });
  });

  describe('times the platforms refuse', () => {
    it('writes no conversion dated after the export (beyond 5 minutes) and no outcome earlier than its lead, in any format', async () => {
      const s = await openTestStore(kind);
      const lead = leadEvent({ id: 'F1', ts: '2026-11-22T10:00:00Z', touch: googleClick('2026-11-22T09:00:00Z', { gclid: 'G-F1' }) });
      await s.insert([lead], { receivedAt: NOW, userAgent: 'UA' });
      // Saved by a collector whose clock ran a day ahead (the import checks against its own clock).
      const later = new Date(NOW.getTime() + 86_400_000);
      const won = await parseOutcome(
        { event_id: 'F1', status: 'won', time: '2026-11-23T18:00:00Z', value: '5', currency: 'USD' },
        BUILT_IN_STATUSES,
        {
          now: later,
        },
      );
      if (!won.ok) throw new Error(won.reason);
      await s.saveOutcomes([won.outcome], { receivedAt: NOW });
      const until = new Date(later.getTime());
      for (const format of ['google-ads', 'google-ads-enhanced-leads', 'meta-capi'] as const) {
        const r = await runExport(s, format, { since: new Date('2026-11-20T00:00:00Z'), until, now: NOW });
        expect(r.skipped.filter((k) => k.conversion.kind === 'outcome').map((k) => k.reason)).toEqual(['in the future']);
      }
      await s.close();
    });
  });

  describe('meta-capi request size', () => {
    it('refuses more than the 1,000 events one request takes, and says to narrow the range', async () => {
      const big = await openTestStore(kind);
      const at = (i: number) => new Date(NOW.getTime() - 3_600_000 - i * 1000).toISOString();
      const leads = Array.from({ length: 1001 }, (_, i) => leadEvent({ ts: at(i), touch: metaClick(at(i), `fb-${i}`) }));
      for (let i = 0; i < leads.length; i += 500) await big.insert(leads.slice(i, i + 500), { receivedAt: NOW, userAgent: 'UA' });
      await expect(runExport(big, 'meta-capi', { now: NOW })).rejects.toThrow(
        '1001 events, more than the 1000 one meta-capi request takes: narrow --since/--until',
      );
      const r = await runExport(big, 'meta-capi', { now: NOW, since: new Date(NOW.getTime() - 3_600_000 - 999_500) });
      expect(r.written).toBe(1000);
      await big.close();
    });
  });
});
