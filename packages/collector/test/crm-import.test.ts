import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_STATUSES } from '../src/index';
import { checkStatusNames } from '../src/leads/outcome';
import { describeCrmImport } from '../src/crm/describe';
import { importCrmFile, type CrmImportOptions } from '../src/crm/import-file';
import { mergeMappings, readMapFile } from '../src/crm/mapping';
import { PRESETS, type PresetName } from '../src/crm/presets';
import { googleEmail, googlePhone, sha256Hex } from '../src/platforms/identifiers';
import type { EventStore } from '../src/store/types';
import { googleClick, leadEvent } from './helpers';
import { STORE_KINDS, storeTracker } from './stores';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/crm/${name}`, import.meta.url), 'utf8');
const fixturePath = (name: string) => new URL(`./fixtures/crm/${name}`, import.meta.url).pathname;
const email = (e: string) => sha256Hex(googleEmail(e)!);
const phone = (p: string) => sha256Hex(googlePhone(p)!);
const meta = { receivedAt: new Date('2026-12-01T00:00:00Z') };

const stores = storeTracker();
afterEach(() => stores.closeAll());

/** The leads the fixtures name: by lead id and email, by email and phone, by Google click id. */
async function seedLeads(s: EventStore): Promise<void> {
  await s.insert(
    [
      leadEvent({ id: 'lead-lan', ts: '2026-11-02T02:00:00Z', props: { hashedEmail: email('lan@example.com') } }),
      leadEvent({
        id: 'lead-minh',
        ts: '2026-11-03T03:00:00Z',
        props: { hashedEmail: email('minh@example.com'), hashedPhone: phone('+84901000117') },
      }),
      leadEvent({
        id: 'lead-villa',
        ts: '2026-11-04T09:00:00Z',
        touch: googleClick('2026-11-04T08:55:00Z', { gclid: 'Cj0KCQiA-gclid-villa' }),
      }),
    ],
    meta,
  );
}

const preset = (name: PresetName, extra: CrmImportOptions = {}): CrmImportOptions => ({
  mapping: PRESETS[name],
  source: `preset ${name}`,
  ...extra,
});

describe.each(STORE_KINDS)('%s store', (kind) => {
  const store = async () => {
    const s = await stores.open(kind);
    await seedLeads(s);
    return s;
  };
  const outcomesOf = async (s: EventStore) =>
    (await s.outcomes()).map((o) => [o.leadEventId ?? null, o.status, o.time, o.value ?? null, o.currency ?? null, o.matchedBy ?? null]);

  it('a CRM file that says junk marks its lead spam, as the API and webhooks do (one save path for all)', async () => {
    const s = await stores.open(kind);
    await s.insert([leadEvent({ id: 'JUNK-1', ts: '2026-11-20T08:00:00Z' })], meta);
    const csv = 'event_id,status,time\nJUNK-1,junk,2026-11-21T08:00:00Z\n';
    const report = await importCrmFile(csv, s, checkStatusNames([]), {});
    expect(report).toMatchObject({ saved: true, inserted: 1, matched: 1, rejected: [] });
    expect((await s.leads({})).find((l) => l.eventId === 'JUNK-1')!.quality).toMatchObject({ verdict: 'spam', reasons: ['crm_spam'] });
  });

  it.each([
    [
      'hubspot-deals.csv',
      preset('hubspot-deals', { timeZone: 'Asia/Ho_Chi_Minh' }),
      { leadId: 1, email: 1, clickId: 1 },
      [
        ['lead-lan', 'won', '2026-11-20T07:30:00.000Z', 2500000, 'VND', 'eventId'],
        ['lead-minh', 'lost', '2026-11-21T02:00:00.000Z', null, 'VND', 'hashedEmail'],
        // A date alone is noon local time.
        ['lead-villa', 'won', '2026-11-22T05:00:00.000Z', 12000000, 'VND', 'clickId'],
      ],
    ],
    [
      'hubspot-contacts.csv',
      preset('hubspot-contacts', { timeZone: 'Asia/Ho_Chi_Minh' }),
      { email: 1, phone: 1, clickId: 1 },
      [
        ['lead-lan', 'qualified', '2026-11-05T03:00:00.000Z', null, null, 'hashedEmail'],
        ['lead-villa', 'qualified', '2026-11-10T01:30:00.000Z', null, null, 'clickId'],
        ['lead-minh', 'won', '2026-11-21T02:00:00.000Z', null, null, 'hashedPhone'],
      ],
    ],
    [
      'salesforce-opportunities.csv',
      preset('salesforce-opportunities', { timeZone: 'America/New_York', decimal: '.' }),
      { leadId: 1, clickId: 1 },
      [
        ['lead-lan', 'won', '2026-11-20T17:00:00.000Z', 2500, 'USD', 'eventId'],
        ['lead-villa', 'lost', '2026-11-22T17:00:00.000Z', 480, 'USD', 'clickId'],
      ],
    ],
    [
      'salesforce-leads.csv',
      preset('salesforce-leads', { timeZone: 'America/Los_Angeles', defaultCountry: 'US' }),
      { email: 1 },
      [
        ['lead-lan', 'qualified', '2026-11-06T20:00:00.000Z', null, null, 'hashedEmail'],
        [null, 'lost', '2026-11-03T20:00:00.000Z', null, null, null],
      ],
    ],
    [
      'pipedrive-deals.csv',
      preset('pipedrive-deals', { timeZone: 'Asia/Ho_Chi_Minh' }),
      { email: 1, phone: 1 },
      [
        ['lead-lan', 'won', '2026-11-20T07:30:00.000Z', 2500000, 'VND', 'hashedEmail'],
        ['lead-minh', 'lost', '2026-11-21T02:00:00.000Z', 9000000, 'VND', 'hashedPhone'],
      ],
    ],
    [
      'zoho-leads.csv',
      preset('zoho-leads', { timeZone: 'Asia/Ho_Chi_Minh' }),
      { email: 1, phone: 1 },
      [
        ['lead-lan', 'qualified', '2026-11-05T03:00:00.000Z', null, null, 'hashedEmail'],
        ['lead-minh', 'lost', '2026-11-06T02:00:00.000Z', null, null, 'hashedPhone'],
      ],
    ],
  ] as const)('imports %s as the CRM exports it, and reports the matches by key', async (file, options, matchedBy, stored) => {
    const s = await store();
    const report = await importCrmFile(fixture(file), s, BUILT_IN_STATUSES, options);
    expect(report.rejected).toEqual([]);
    expect(report.matchedBy).toEqual(matchedBy);
    expect(report.saved).toBe(true);
    expect(await outcomesOf(s)).toEqual(expect.arrayContaining(stored.map((o) => [...o])));
    expect(await outcomesOf(s)).toHaveLength(stored.length);
    const again = await importCrmFile(fixture(file), s, BUILT_IN_STATUSES, options);
    expect(again).toMatchObject({ inserted: 0, unchanged: stored.length });
  });

  it('reads a European Excel file: semicolons, 1.200,50 and dd.MM.yyyy, with a map file', async () => {
    const s = await store();
    const options = {
      mapping: readMapFile(fixturePath('european-map.json')),
      decimal: ',' as const,
      dateFormat: 'dd.MM.yyyy',
      timeZone: 'Europe/Berlin',
    };
    const report = await importCrmFile(fixture('european-excel.csv'), s, BUILT_IN_STATUSES, options);
    expect(report.rejected).toEqual([]);
    expect(await outcomesOf(s)).toEqual([
      ['lead-lan', 'won', '2026-11-20T11:00:00.000Z', 1200.5, 'EUR', 'eventId'],
      ['lead-minh', 'lost', '2026-11-21T11:00:00.000Z', null, 'EUR', 'hashedEmail'],
    ]);
  });

  it('reads a file with a BOM and quoted newlines, naming lines as an editor shows them', async () => {
    const s = await store();
    const text = fixture('bom-quoted-newlines.csv');
    const report = await importCrmFile(text, s, BUILT_IN_STATUSES, preset('hubspot-deals', { timeZone: 'Asia/Ho_Chi_Minh', dryRun: true }));
    expect(report.samples.map((c) => c.at)).toEqual([2, 5]);
    expect(report.matchedBy).toEqual({ email: 2 });
    expect(await s.outcomes()).toEqual([]);
    const saved = await importCrmFile(text, s, BUILT_IN_STATUSES, preset('hubspot-deals', { timeZone: 'Asia/Ho_Chi_Minh' }));
    expect(saved).toMatchObject({ inserted: 2, matched: 2 });
  });

  it('imports nothing from a file with one bad row, and the others with --skip-bad-rows', async () => {
    const s = await store();
    const text = fixture('one-bad-row.csv');
    const refused = await importCrmFile(text, s, BUILT_IN_STATUSES);
    expect(refused).toMatchObject({ saved: false, inserted: 0, matched: 2 });
    expect(refused.rejected).toEqual([{ at: 3, reason: "status 'wonn' is not one of qualified, won, lost (add names with --status)" }]);
    expect(describeCrmImport(refused)[0]).toContain('nothing imported');
    expect(await s.outcomes()).toEqual([]);
    const skipped = await importCrmFile(text, s, BUILT_IN_STATUSES, { skipBadRows: true });
    expect(skipped).toMatchObject({ saved: true, inserted: 2, matched: 2, matchedBy: { leadId: 2 } });
    expect(skipped.rejected.map((r) => r.at)).toEqual([3]);
  });

  it('refuses the file when a row is earlier than its lead (checked before anything is saved)', async () => {
    const s = await store();
    const text = 'event_id,status,time\nlead-lan,won,2026-11-20T00:00:00Z\nlead-villa,won,2026-11-01T00:00:00Z\n';
    const report = await importCrmFile(text, s, BUILT_IN_STATUSES);
    expect(report.rejected).toEqual([{ at: 3, reason: expect.stringContaining('is before its lead (event lead-villa') }]);
    expect(await s.outcomes()).toEqual([]);
  });

  it('reports a status the mapping does not know, and leaves out those mapped to null', async () => {
    const s = await store();
    const text = [
      'Record ID,Deal Stage,Amount,Currency,Close Date,lb_lead_id',
      '1,Closed Won,10,USD,2026-11-20 10:00,lead-lan',
      '2,Appointment Scheduled,,USD,2026-11-21 10:00,lead-lan',
      '3,Contract Sent,,USD,2026-11-21 10:00,lead-lan',
    ].join('\n');
    const options = preset('hubspot-deals', { timeZone: 'UTC' });
    const report = await importCrmFile(text, s, BUILT_IN_STATUSES, options);
    expect(report.rejected.map((r) => [r.at, r.reason])).toEqual([
      [3, expect.stringMatching(/^status 'Appointment Scheduled' is not mapped: add it to "statuses" in --map/)],
      [4, expect.stringMatching(/^status 'Contract Sent' is not mapped/)],
    ]);
    const mapped = mergeMappings(PRESETS['hubspot-deals'], {
      columns: {},
      statuses: { 'Appointment Scheduled': 'qualified', 'Contract Sent': null },
    });
    const ok = await importCrmFile(text, s, BUILT_IN_STATUSES, { ...options, mapping: mapped! });
    expect(ok).toMatchObject({ saved: true, inserted: 2, leftOut: [{ at: 4, status: 'Contract Sent' }] });
  });

  it('names each field at fault: a time without a zone, an ambiguous amount, a date in another format', async () => {
    const s = await store();
    const text = [
      'Record ID,Deal Stage,Amount,Currency,Close Date,lb_lead_id',
      '1,Closed Won,"1,200",USD,2026-11-20 10:00,lead-lan',
      '2,Closed Won,10,USD,20/11/2026,lead-lan',
    ].join('\n');
    const report = await importCrmFile(text, s, BUILT_IN_STATUSES, preset('hubspot-deals', { timeZone: 'UTC' }));
    expect(report.rejected.map((r) => r.reason)).toEqual([
      "value must be a number >= 0 written with digits and an optional '.', got '1,200'",
      "time '20/11/2026' does not read as 'yyyy-MM-dd HH:mm' or 'yyyy-MM-dd HH:mm:ss' or 'yyyy-MM-dd' (give the CRM's format with --date-format)",
    ]);
    const noZone = await importCrmFile(text, s, BUILT_IN_STATUSES, preset('hubspot-deals', { decimal: '.' }));
    expect(noZone.rejected[0]!.reason).toBe(
      "time '2026-11-20 10:00' has no offset: give the CRM's time zone with --timezone, e.g. --timezone Europe/Berlin",
    );
    const withDecimal = await importCrmFile(
      text,
      s,
      BUILT_IN_STATUSES,
      preset('hubspot-deals', { decimal: '.', dateFormat: 'dd/MM/yyyy', timeZone: 'UTC' }),
    );
    expect(withDecimal.rejected.map((r) => r.reason)).toEqual([
      expect.stringContaining("time '2026-11-20 10:00' does not read as 'dd/MM/yyyy'"),
    ]);
    expect(await s.outcomes()).toEqual([]);
  });

  it('matches by lead id, click id, email, phone, anonymous id, in that order, and a click id when its lead arrives later', async () => {
    const s = await store();
    const lan = (await s.leads()).find((l) => l.eventId === 'lead-lan')!;
    const text = [
      'event_id,click_id,email,phone,anonymous_id,status,time',
      `lead-lan,Cj0KCQiA-gclid-villa,minh@example.com,,,won,2026-11-20T00:00:00Z`,
      `,Cj0KCQiA-gclid-villa,minh@example.com,,,lost,2026-11-20T00:00:00Z`,
      `,,minh@example.com,,${lan.anonymousId},qualified,2026-11-20T00:00:00Z`,
      `,,,+84901000117,${lan.anonymousId},qualified,2026-11-21T00:00:00Z`,
      `,,,,${lan.anonymousId},qualified,2026-11-22T00:00:00Z`,
      `,gclid-of-a-later-lead,,,,won,2026-12-01T00:00:00Z`,
    ].join('\n');
    const report = await importCrmFile(text, s, BUILT_IN_STATUSES);
    expect(report).toMatchObject({ inserted: 6, matched: 5, unmatched: [7] });
    expect(report.matchedBy).toEqual({ leadId: 1, clickId: 1, email: 1, phone: 1, anonymousId: 1 });
    const stored = (await s.outcomes()).map((o) => [o.status, o.leadEventId ?? null, o.matchedBy ?? null]);
    expect(stored).toHaveLength(6);
    expect(stored).toEqual(
      expect.arrayContaining([
        ['won', 'lead-lan', 'eventId'],
        ['lost', 'lead-villa', 'clickId'],
        ['qualified', 'lead-minh', 'hashedEmail'],
        ['qualified', 'lead-minh', 'hashedPhone'],
        ['qualified', 'lead-lan', 'anonymousId'],
        ['won', null, null],
      ]),
    );
    await s.insert(
      [
        leadEvent({
          id: 'lead-later',
          ts: '2026-11-30T00:00:00Z',
          touch: googleClick('2026-11-29T23:00:00Z', { gbraid: 'gclid-of-a-later-lead' }),
        }),
      ],
      meta,
    );
    expect((await s.outcomes({ matched: false })).length).toBe(0);
    expect((await s.leads()).find((l) => l.eventId === 'lead-later')!.outcomes).toMatchObject([{ status: 'won', matchedBy: 'clickId' }]);
  });
});
