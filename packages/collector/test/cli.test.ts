import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validBatch } from '@leadbeacon/test-utils';
import { runCli as run } from './run-cli';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index';
import { runExport } from '../src/exports/run';
import { leadEvent } from './helpers';
import { seedExportScenario } from './export-fixture';

async function until(check: () => boolean, what: string, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('leadbeacon-collector CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-cli-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help', async () => {
    const r = run(['--help']);
    expect(await r.code).toBe(0);
    expect(r.stdout()).toContain('Usage: leadbeacon-collector');
    expect(r.stdout()).toContain('--cors-origin');
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--port', 'abc'], '--port must be an integer'],
    [['--body-limit', '0'], '--body-limit must be an integer'],
    [['stray'], 'stray'],
    [['--admin-token', 'short'], 'the admin token must be at least 16 characters'],
    [['--timezone', 'Moon/Base'], "unknown time zone 'Moon/Base'"],
    [['--status', 'Big Win'], 'status names must be lowercase'],
    [['import', 'leads', 'x.csv'], "import what? 'leadbeacon-collector import outcomes FILE.csv'"],
    [['import', 'outcomes'], 'import outcomes takes one CSV file'],
    [['import', 'outcomes', 'x.csv', '--currency', 'XYZ'], "--currency must be an ISO 4217 code such as VND or USD, got 'XYZ'"],
    [['import', 'outcomes', 'x.csv', '--preset', 'hubspot'], '--preset must be one of hubspot-deals, hubspot-contacts'],
    [['import', 'outcomes', 'x.csv', '--delimiter', '|'], "--delimiter must be , ; or tab, got '|'"],
    [['import', 'outcomes', 'x.csv', '--decimal', "'"], "--decimal must be , or ., got '''"],
    [['import', 'outcomes', 'x.csv', '--timezone', 'Mars/Olympus'], '--timezone must be an IANA time zone'],
    [['import', 'outcomes', 'x.csv', '--map', 'no-such-map.json'], 'cannot read the map file'],
    [['export', 'tiktok', '--out', 'x'], 'export takes one format: google-ads, google-ads-enhanced-leads, meta-capi'],
    [['export', 'google-ads'], '--out FILE is required'],
    [['export', 'google-ads', '--out', 'x', '--since', 'last week'], '--since must be a date'],
  ])('exits 2 with a clear error for %j', async (args, message) => {
    const r = run(args);
    expect(await r.code).toBe(2);
    expect(r.stderr()).toContain(message);
    expect(r.stderr()).toContain('--help');
  });

  it('serves, prints its URLs, and shuts down gracefully on SIGTERM', async () => {
    const db = join(dir, 'cli.sqlite');
    const r = run(['--port', '0', '--db', db, '--cors-origin', 'https://a.example', '--cors-origin', 'https://b.example']);
    await until(() => /collect +http:\/\/\S+/.test(r.stdout()), 'the collect URL');
    const collect = /collect +(http:\/\/\S+)/.exec(r.stdout())?.[1] ?? '';
    expect(r.stdout()).toMatch(/live page +http:\/\/127\.0\.0\.1:\d+\//);
    expect(r.stdout()).toMatch(/dashboard +http:\/\/127\.0\.0\.1:\d+\/dashboard/);
    expect(r.stdout()).toContain('https://a.example https://b.example');
    expect(r.stdout()).toContain('no admin token: dashboard, events, outcomes API and exports answer only on this machine (127.0.0.1)');

    const refused = await fetch(collect, { method: 'POST', headers: { origin: 'https://c.example' }, body: JSON.stringify(validBatch()) });
    expect(refused.status).toBe(403);
    const res = await fetch(collect, { method: 'POST', headers: { origin: 'https://b.example' }, body: JSON.stringify(validBatch()) });
    expect(res.status).toBe(200);

    r.kill('SIGTERM');
    expect(await r.code).toBe(0);
    expect(r.stdout()).toContain('closed');
    const store = createSqliteStore({ path: db });
    expect(await store.count()).toBe(1);
    await store.close();
  });

  it('with LEADBEACON_ADMIN_TOKEN, says so at start and refuses reads without it', async () => {
    const token = 'cli-env-token-0123456789';
    const r = run(['--port', '0', '--db', join(dir, 'token.sqlite')], { LEADBEACON_ADMIN_TOKEN: token });
    await until(() => /reading +admin token required/.test(r.stdout()), 'the reading line');
    const base = /dashboard +(http:\/\/\S+)\/dashboard/.exec(r.stdout())![1]!;
    expect((await fetch(base + '/events')).status).toBe(401);
    expect((await fetch(base + '/events', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    r.kill('SIGTERM');
    expect(await r.code).toBe(0);
    expect(r.stdout() + r.stderr()).not.toContain(token);
  });
});

describe('leadbeacon-collector import outcomes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-cli-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function database(name: string): Promise<string> {
    const path = join(dir, name);
    const store = createSqliteStore({ path });
    await store.insert([leadEvent({ id: 'lead-1', ts: '2026-11-01T10:00:00Z', props: { hashedEmail: 'c'.repeat(64) } })], {
      receivedAt: new Date(),
    });
    await store.close();
    return path;
  }

  it('imports a CRM file, prints the report, and changes nothing the second time', async () => {
    const db = await database('import.sqlite');
    const csv = join(dir, 'crm.csv');
    writeFileSync(
      csv,
      'Event ID,Status,Time,Value\nlead-1,Won,2026-11-02T10:00:00+07:00,2500000\nlead-9,qualified,2026-11-02T10:00:00+07:00,\n',
    );
    const first = run(['import', 'outcomes', csv, '--db', db, '--currency', 'vnd']);
    expect(await first.code).toBe(0);
    expect(first.stdout()).toContain('2 outcomes read: 2 new, 0 updated, 0 unchanged, 0 rejected');
    expect(first.stdout()).toContain('1 matched to a lead, 1 kept without a lead (matched when the lead arrives)');
    expect(first.stdout()).toContain('  no lead yet for line 3');
    const second = run(['import', 'outcomes', csv, '--db', db, '--currency', 'VND']);
    expect(await second.code).toBe(0);
    expect(second.stdout()).toContain('2 outcomes read: 0 new, 0 updated, 2 unchanged, 0 rejected');
    const store = createSqliteStore({ path: db });
    const stored = (await store.outcomes()).map((o) => [o.status, o.value, o.currency, o.leadEventId]);
    expect(stored.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['qualified', undefined, undefined, undefined],
      ['won', 2500000, 'VND', 'lead-1'],
    ]);
    await store.close();
  });

  it('exits 1 listing rejected rows by line, importing nothing (or the others with --skip-bad-rows)', async () => {
    const db = await database('rejects.sqlite');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'event_id,status,time\nlead-1,won,2026-11-02T10:00:00Z\nlead-1,sold,2026-11-02T10:00:00Z\n');
    const r = run(['import', 'outcomes', csv, '--db', db]);
    expect(await r.code).toBe(1);
    expect(r.stdout()).toContain(
      "  rejected line 3: status 'sold' is not one of qualified, won, lost, spam, junk (add names with --status)",
    );
    expect(r.stdout()).toContain('2 outcomes read, 1 rejected: nothing imported');
    expect(r.stderr()).toContain('1 row(s) rejected, listed above; nothing was imported');
    const outcomes = async () => {
      const store = createSqliteStore({ path: db });
      const n = (await store.outcomes()).length;
      await store.close();
      return n;
    };
    expect(await outcomes()).toBe(0);
    const skipped = run(['import', 'outcomes', csv, '--db', db, '--skip-bad-rows']);
    expect(await skipped.code).toBe(1);
    expect(skipped.stderr()).toContain('1 row(s) rejected and skipped, listed above; the other rows were imported');
    expect(await outcomes()).toBe(1);
    const ok = run(['import', 'outcomes', csv, '--db', db, '--status', 'sold']);
    expect(await ok.code).toBe(0);
    expect(await outcomes()).toBe(2);
  });

  it('imports a European Excel export with a map file, after a dry run that saves nothing', async () => {
    const db = await database('excel.sqlite');
    const fixtures = fileURLToPath(new URL('./fixtures/crm/', import.meta.url));
    const args = ['import', 'outcomes', join(fixtures, 'european-excel.csv'), '--db', db, '--map', join(fixtures, 'european-map.json')];
    const format = ['--decimal', ',', '--date-format', 'dd.MM.yyyy', '--timezone', 'Europe/Berlin'];
    const dry = run([...args, ...format, '--dry-run']);
    expect(await dry.code).toBe(0);
    expect(dry.stdout()).toContain('dry run, nothing saved: 2 outcomes read: 2 would be imported, 0 rejected');
    expect(dry.stdout()).toContain(
      "  line 2: 'Gewonnen' -> won, value 1200.5 EUR, time 2026-11-20T11:00:00.000Z; leadId lead-lan, email lan@example.com (hashed): no lead yet",
    );
    expect(dry.stdout()).toContain('  line 3: ');
    const store = createSqliteStore({ path: db });
    expect(await store.outcomes()).toEqual([]);
    await store.close();
    const real = run([...args, ...format]);
    expect(await real.code).toBe(0);
    expect(real.stdout()).toContain('2 outcomes read: 2 new, 0 updated, 0 unchanged, 0 rejected');
    expect(real.stdout()).toContain('0 matched to a lead, 2 kept without a lead');
    // The same file as Excel saves it on Western-European Windows: Windows-1252, not UTF-8.
    const cp1252 = run([...args.map((a) => a.replace('european-excel.csv', 'european-excel-cp1252.csv')), ...format]);
    expect(await cp1252.code).toBe(0);
    expect(cp1252.stdout()).toContain('european-excel-cp1252.csv is not UTF-8: read as Windows-1252');
    expect(cp1252.stdout()).toContain('2 outcomes read: 0 new, 0 updated, 2 unchanged, 0 rejected');
  });

  it.each([
    ['a missing file', ['import', 'outcomes', 'nowhere.csv'], 'cannot read nowhere.csv'],
    ['a missing database', ['import', 'outcomes', '__CSV__', '--db', 'no-such.sqlite'], 'no database at'],
    ['an unreadable file', ['import', 'outcomes', '__BAD__'], 'nothing imported'],
  ])('exits 1 for %s', async (_, args, message) => {
    const db = await database(`err-${message.length}.sqlite`);
    const good = join(dir, 'good.csv');
    const bad = join(dir, 'unreadable.csv');
    writeFileSync(good, 'event_id,status,time\n');
    writeFileSync(bad, 'event_id,time\n');
    const argv = args.map((a) => (a === '__CSV__' ? good : a === '__BAD__' ? bad : a));
    const r = run(argv.includes('--db') ? argv.map((a) => (a === 'no-such.sqlite' ? join(dir, a) : a)) : [...argv, '--db', db]);
    expect(await r.code).toBe(1);
    expect(r.stderr()).toContain(message);
  });
});

describe('leadbeacon-collector export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-cli-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same file as the export route, and its report beside it', async () => {
    const db = join(dir, 'export.sqlite');
    const store = createSqliteStore({ path: db });
    await seedExportScenario(store);
    for (const format of ['google-ads', 'google-ads-enhanced-leads', 'meta-capi'] as const) {
      const out = join(dir, `${format}.${format === 'meta-capi' ? 'json' : 'csv'}`);
      const r = run([
        'export',
        format,
        '--db',
        db,
        '--since',
        '2026-11-01',
        '--until',
        '2026-11-23T12:00:00Z',
        '--timezone',
        'Asia/Ho_Chi_Minh',
        '--name',
        'won=Sale, closed',
        '--out',
        out,
      ]);
      expect(await r.code, r.stderr()).toBe(0);
      const expected = await runExport(store, format, {
        since: new Date('2026-11-01T00:00:00+07:00'),
        until: new Date('2026-11-23T12:00:00Z'),
        timeZone: 'Asia/Ho_Chi_Minh',
        names: ['won=Sale, closed'],
      });
      // meta-capi counts its 7 days back from the moment it runs: compare the parts that do not move.
      if (format !== 'meta-capi') expect(readFileSync(out, 'utf8')).toBe(expected.text);
      else expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ data: expect.any(Array) });
      expect(readFileSync(out.replace(/\.\w+$/, '.report.csv'), 'utf8').split('\n')[0]).toBe(
        'Reason,Step,Conversion Name,Time (UTC),Lead Event ID,Outcome ID',
      );
      expect(r.stdout()).toMatch(new RegExp(`^${format}: \\d+ written, \\d+ not written`));
    }
    await store.close();
  });
});
