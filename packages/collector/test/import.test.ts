import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_STATUSES } from '../src/index';
import { CsvFileError } from '../src/crm/csv-rows';
import { describeCrmImport } from '../src/crm/describe';
import { importCrmFile } from '../src/crm/import-file';
import { checkStatusNames } from '../src/leads/outcome';
import { leadEvent } from './helpers';
import { STORE_KINDS, storeTracker } from './stores';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const vectors = JSON.parse(readFileSync(new URL('./fixtures/hash-vectors.json', import.meta.url), 'utf8')) as {
  emails: [string, string][];
  phones: [string, string | null, string][];
};

const stores = storeTracker();
afterEach(() => stores.closeAll());
const meta = { receivedAt: new Date('2026-11-20T00:00:00Z') };

describe.each(STORE_KINDS)('%s store', (kind) => {
  const store = () => stores.open(kind);

  // The import `leadbeacon-collector import outcomes FILE` runs (cli/import.ts) without --preset
  // or --map: our plain columns (PLAIN_MAPPING), a file all or nothing unless skipBadRows.
  describe('leadbeacon-collector import outcomes (the CSV import, our plain columns)', () => {
    it('reads columns in any order, ignores extra ones, and matches event ids, user ids and anonymous ids', async () => {
      const s = await store();
      const a = leadEvent({ id: 'evt-a', ts: '2026-11-01T10:00:00Z' });
      const b = leadEvent({ ts: '2026-11-02T10:00:00Z', userId: 'crm-9' });
      const c = leadEvent({ ts: '2026-11-03T10:00:00Z', anonymousId: 'anon-c' });
      await s.insert([a, b, c], meta);
      const csv = [
        'Deal name,Time,Status,Value,Currency,Event ID,user_id,anonymous_id',
        '"Nguyen, Lan",2026-11-02T09:00:00+07:00,Qualified,,,evt-a,,',
        'Tran B,2026-11-05T00:00:00Z,won,2500000,vnd,,crm-9,',
        'Le C,2026-11-06T00:00:00Z,lost,,,,,anon-c',
      ].join('\r\n');
      const report = await importCrmFile(csv, s, BUILT_IN_STATUSES);
      expect(report).toMatchObject({
        received: 3,
        inserted: 3,
        updated: 0,
        unchanged: 0,
        matched: 3,
        unmatched: [],
        rejected: [],
        leftOut: [],
        saved: true,
      });
      expect(report.matchedBy).toEqual({ leadId: 1, userId: 1, anonymousId: 1 });
      const leads = await s.leads();
      expect(leads.map((l) => l.outcomes.map((o) => [o.status, o.value, o.currency, o.time]))).toEqual([
        [['qualified', undefined, undefined, '2026-11-02T02:00:00.000Z']],
        [['won', 2500000, 'VND', '2026-11-05T00:00:00.000Z']],
        [['lost', undefined, undefined, '2026-11-06T00:00:00.000Z']],
      ]);
    });

    it('hashes emails and phones exactly as the tracker does (shared vectors) and never stores them in plain', async () => {
      const s = await store();
      const events = [
        ...vectors.emails.map(([, normalized], i) =>
          leadEvent({ id: `e${i}`, ts: `2026-11-01T10:0${i}:00Z`, props: { hashedEmail: sha(normalized) } }),
        ),
        ...vectors.phones.map(([, , normalized], i) =>
          leadEvent({ id: `p${i}`, ts: `2026-11-01T11:0${i}:00Z`, props: { hashedPhone: sha(normalized) } }),
        ),
      ];
      await s.insert(events, meta);
      // Each outcome a little after its own lead: two vectors normalise to one phone number, and an
      // outcome goes to the latest lead at or before it.
      const rows = [
        ...vectors.emails.map(([raw], i) => `"${raw}",,,won,2026-11-01T10:0${i}:30Z`),
        // National numbers take --default-country, one per import: the VN ones here.
        ...vectors.phones
          .map(([raw, country], i) => (country === 'US' || country === 'GB' ? '' : `,"${raw}",,won,2026-11-01T11:0${i}:30Z`))
          .filter(Boolean),
      ];
      const report = await importCrmFile(['email,phone,x,status,time', ...rows].join('\n'), s, BUILT_IN_STATUSES, {
        defaultCountry: 'VN',
      });
      expect(report.rejected).toEqual([]);
      expect(report.saved).toBe(true);
      expect(report.matched).toBe(rows.length);
      const outcomes = await s.outcomes();
      const matched = outcomes.map((o) => o.leadEventId).sort();
      expect(matched).toEqual([...vectors.emails.map((_, i) => `e${i}`), 'p0', 'p1', 'p3'].sort());
      const stored = JSON.stringify(outcomes);
      for (const [raw, normalized] of vectors.emails) {
        expect(stored).not.toContain(normalized);
        expect(stored).not.toContain(raw.trim());
      }
      expect(stored).not.toContain('+84901234567');
    });

    it('refuses rows the ad platforms would refuse, by line: unknown currency, future time, a time before the lead, an infinite value', async () => {
      const s = await store();
      await s.insert([leadEvent({ id: 'L', ts: '2026-11-05T10:00:00Z' })], meta);
      const csv = [
        'event_id,status,value,currency,time',
        'L,won,100,XYZ,2026-11-06T00:00:00Z', // 2
        'L,won,100,USD,2026-11-23T12:06:00Z', // 3: 6 minutes after the clock
        'L,qualified,,,2026-11-23T12:04:00Z', // 4: within the 5 minutes allowed
        'L,qualified,,,2026-11-05T16:59:00+07:00', // 5: a minute before the lead
        `L,won,1${'0'.repeat(400)},USD,2026-11-06T00:00:00Z`, // 6
      ].join('\n');
      const now = new Date('2026-11-23T12:00:00Z');
      // One refused row keeps the whole file out.
      const refused = await importCrmFile(csv, s, BUILT_IN_STATUSES, { now });
      expect(refused).toMatchObject({ saved: false, inserted: 0, matched: 1 });
      expect(refused.rejected.map((r) => r.at)).toEqual([2, 3, 5, 6]);
      expect(await s.outcomes()).toEqual([]);
      // With skipBadRows (--skip-bad-rows) the good row goes in and each refused one is listed.
      const report = await importCrmFile(csv, s, BUILT_IN_STATUSES, { now, skipBadRows: true });
      expect(report.rejected).toEqual([
        { at: 2, reason: "currency must be an ISO 4217 code such as USD or VND, got 'XYZ'" },
        {
          at: 3,
          reason:
            "time '2026-11-23T12:06:00Z' is in the future (the collector's clock says 2026-11-23T12:00:00.000Z): check the CRM's time and time zone",
        },
        {
          at: 5,
          reason:
            "time 2026-11-05T09:59:00.000Z is before its lead (event L at 2026-11-05T10:00:00.000Z): check the CRM's time and time zone",
        },
        { at: 6, reason: 'value must be a finite number, got one of 401 digits' },
      ]);
      expect(report).toMatchObject({ saved: true, inserted: 1 });
      expect(refused.rejected).toEqual(report.rejected);
      expect(describeCrmImport(report)).toContain(
        "  rejected line 5: time 2026-11-05T09:59:00.000Z is before its lead (event L at 2026-11-05T10:00:00.000Z): check the CRM's time and time zone",
      );
    });

    it('reports every rejected row with its line number and reason, and imports the others with skipBadRows', async () => {
      const s = await store();
      await s.insert([leadEvent({ id: 'ok', ts: '2026-11-01T10:00:00Z' })], meta);
      const csv = [
        'event_id,email,phone,status,value,currency,time',
        'ok,,,won,100,USD,2026-11-02T00:00:00Z', // 2
        'ok,,,wonn,100,USD,2026-11-02T00:00:00Z', // 3
        'ok,,,won,"1,200",USD,2026-11-02T00:00:00Z', // 4
        'ok,,,won,100,,2026-11-02T00:00:00Z', // 5
        'ok,,,won,,,2026-11-02 10:00', // 6
        ',not-an-email,,won,,,2026-11-02T00:00:00Z', // 7
        ',,0901 234 567,won,,,2026-11-02T00:00:00Z', // 8: national number, no default country
        ',,,qualified,,,2026-11-02T00:00:00Z', // 9
        'ok,,,won', // 10
        '',
        '"multi', // 12-13: a quoted value over two lines
        'line",,,won,,,2026-11-02T00:00:00Z',
        'ok,,,won,5,US,2026-11-02T00:00:00Z', // 14
      ].join('\n');
      const refused = await importCrmFile(csv, s, BUILT_IN_STATUSES);
      expect(refused).toMatchObject({ received: 11, saved: false, inserted: 0, matched: 1, unmatched: [12] });
      expect(describeCrmImport(refused)[0]).toContain('nothing imported');
      expect(await s.outcomes()).toEqual([]);
      const report = await importCrmFile(csv, s, BUILT_IN_STATUSES, { skipBadRows: true });
      expect(refused.rejected).toEqual(report.rejected);
      expect(report.rejected).toEqual([
        { at: 3, reason: "status 'wonn' is not one of qualified, won, lost (add names with --status)" },
        { at: 4, reason: "value must be a number >= 0 written with digits and an optional '.', got '1,200'" },
        { at: 5, reason: 'value needs a currency (a currency column, or --currency)' },
        { at: 6, reason: "time must be ISO 8601 with an offset, e.g. 2026-11-23T14:30:00+07:00, got '2026-11-02 10:00'" },
        { at: 7, reason: 'email is not an email address' },
        { at: 8, reason: 'phone cannot be written in E.164 (a national number needs --default-country, e.g. VN)' },
        { at: 9, reason: 'no lead reference: give event_id, user_id, click_id, email, phone or anonymous_id' },
        { at: 10, reason: 'has 4 fields, the header has 7' },
        { at: 14, reason: "currency must be an ISO 4217 code such as USD or VND, got 'US'" },
      ]);
      expect(report).toMatchObject({ received: 11, saved: true, inserted: 2, matched: 1, unmatched: [12] });
      expect(describeCrmImport(report)).toContain('  rejected line 3: ' + report.rejected[0]!.reason);
      expect(describeCrmImport(report)).toContain('  no lead yet for line 12');
    });

    it('changes nothing when the same file is imported again', async () => {
      const s = await store();
      await s.insert([leadEvent({ id: 'l1', ts: '2026-11-01T10:00:00Z' })], meta);
      const csv =
        'event_id,status,time,value,currency\nl1,qualified,2026-11-02T00:00:00Z,,\nl1,won,2026-11-09T00:00:00Z,300,USD\nnobody,won,2026-11-09T00:00:00Z,1,USD\n';
      const first = await importCrmFile(csv, s, BUILT_IN_STATUSES);
      expect(first).toMatchObject({ saved: true, inserted: 3, matched: 2, unmatched: [4] });
      const before = JSON.stringify(await s.outcomes());
      const second = await importCrmFile(csv, s, BUILT_IN_STATUSES);
      expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, matched: 2, unmatched: [4] });
      expect(JSON.stringify(await s.outcomes())).toBe(before);
    });

    it('accepts configured statuses and a default currency', async () => {
      const s = await store();
      const statuses = checkStatusNames(['appointment']);
      const report = await importCrmFile('user_id,status,time,value\nu1,Appointment,2026-11-02T00:00:00Z,40\n', s, statuses, {
        defaultCurrency: 'EUR',
      });
      expect(report).toMatchObject({ saved: true, rejected: [] });
      expect((await s.outcomes())[0]).toMatchObject({ status: 'appointment', value: 40, currency: 'EUR' });
      expect(() => checkStatusNames(['Won Big'])).toThrow(/lowercase letters/);
    });

    it.each([
      ['', 'the file is empty'],
      ['status,time\n', 'no lead reference column'],
      ['event_id,time\nx,2026-11-02T00:00:00Z', 'no status column'],
      ['event_id,status,time\n"x,won,2026-11-02T00:00:00Z\n', 'Quote Not Closed'],
    ])('refuses an unreadable file and imports nothing: %j', async (csv, message) => {
      const s = await store();
      await expect(importCrmFile(csv, s, BUILT_IN_STATUSES)).rejects.toThrow(CsvFileError);
      await expect(importCrmFile(csv, s, BUILT_IN_STATUSES)).rejects.toThrow(message);
      expect(await s.outcomes()).toEqual([]);
    });
  });
});
