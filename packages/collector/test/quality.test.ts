import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCollector, createSqliteStore, type Collector, type EventStore, type WireEvent } from '../src/index';
import { SCHEMA_VERSION } from '../src/store/sqlite-migrations';
import { leadsCommand } from '../src/cli/leads';
import { runExport } from '../src/exports/run';
import { ingestOutcomes } from '../src/leads/ingest';
import { runSync } from '../src/uploads/sync';
import type { Judgement } from '../src/quality/rules';
import { createAdminAuth, SESSION_COOKIE } from '../src/auth';
import { googleClick, leadEvent } from './helpers';
import { STORE_KINDS, storeTracker } from './stores';
import { ago, startPlatforms, UA, type Platforms } from './sync-fixture';
import { sha } from './export-fixture';
import { DROP_QUALITY, DROP_RETRACTIONS } from './sqlite-downgrade';

const TOKEN = 'quality-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36';
const HUMAN = { honeypot: false, formMs: 12_000, pageMs: 30_000, trustedInput: true, trustedEvent: true, automation: false, repeat: 0 };
const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-quality-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stores = storeTracker();
const open: Collector[] = [];
const platforms: Platforms[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await stores.closeAll();
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

/** A version-2 event as the tracker sends it. */
const v2 = (e: WireEvent, quality?: Record<string, unknown>): WireEvent => ({ ...e, v: 2, ...(quality ? { quality } : {}) }) as WireEvent;
const pageView = (sessionId: string, anonymousId: string) =>
  v2(leadEvent({ type: 'page_view', ts: ago(0.1), sessionId, anonymousId, props: {} }));
const batch = (events: WireEvent[], sdk = 'leadbeacon') => ({
  v: 2,
  sentAt: new Date().toISOString(),
  sdk: { name: sdk, version: '0.1.0' },
  events,
});
const post = (c: Collector, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${c.url}/collect`, { method: 'POST', headers: { 'user-agent': CHROME, ...headers }, body: JSON.stringify(body) });
const leadsOf = async (c: Collector, query = '') => {
  const res = await fetch(`${c.url}/api/leads${query}`, { headers: auth });
  expect(res.status).toBe(200);
  return ((await res.json()) as { leads: { eventId: string; quality: { verdict: string; reasons: string[]; released?: true } }[] }).leads;
};

/** Held and ok leads stored as the judge leaves them (its verdict on the event). */
async function seedJudged(store: EventStore): Promise<void> {
  const verdicts = new Map<string, Judgement>();
  const judged = (e: WireEvent, verdict: Judgement['verdict'], reasons: string[]) => (verdicts.set(e.id, { verdict, reasons }), e);
  const click = (id: string) => googleClick(ago(48), { gclid: `GCLID-${id}` });
  const hashes = (email: string) => ({ hashedEmail: sha(email), metaHashedEmail: sha(email) });
  await store.insert(
    [
      judged(leadEvent({ id: 'OK', ts: ago(47), touch: click('OK'), props: hashes('ok@example.com') }), 'ok', []),
      judged(leadEvent({ id: 'BOT', ts: ago(46), touch: click('BOT'), props: hashes('bot@example.com') }), 'spam', ['honeypot']),
      judged(leadEvent({ id: 'ODD', ts: ago(45), touch: click('ODD'), props: hashes('odd@example.com') }), 'suspect', ['fast_page']),
    ],
    { receivedAt: new Date(), userAgent: UA, verdicts },
  );
}

describe.each(STORE_KINDS)('%s store: lead quality', (kind) => {
  async function start(options: Parameters<typeof createCollector>[0] = {}) {
    const c = await createCollector({ port: 0, store: await stores.open(kind), adminToken: TOKEN, ...options });
    open.push(c);
    return c;
  }

  it('POST /collect judges each lead and GET /api/leads shows the verdicts, filtered by quality and type', async () => {
    const c = await start({ quality: { ...(await import('../src/quality/config')).qualityConfig({ noHoneypotForms: ['quote'] }) } });
    const person = leadEvent({ id: 'person', ts: ago(0.05), sessionId: 's1', anonymousId: 'a1' });
    const honeypot = leadEvent({ id: 'honeypot', ts: ago(0.05), sessionId: 's2', anonymousId: 'a2' });
    const quote = leadEvent({ id: 'quote', ts: ago(0.05), sessionId: 's3', anonymousId: 'a3', props: { formId: 'quote' } });
    const fast = leadEvent({ id: 'fast', type: 'call_click', ts: ago(0.05), sessionId: 's4', anonymousId: 'a4' });
    const r1 = await post(
      c,
      batch([
        pageView('s1', 'a1'),
        v2(person, HUMAN),
        pageView('s2', 'a2'),
        v2(honeypot, { ...HUMAN, honeypot: true }),
        pageView('s3', 'a3'),
        v2(quote, { ...HUMAN, honeypot: true }),
        pageView('s4', 'a4'),
        v2(fast, { ...HUMAN, pageMs: 300 }),
      ]),
    );
    expect(r1.status).toBe(200);
    const direct = leadEvent({ id: 'direct', ts: ago(0.05), sessionId: 's5', anonymousId: 'a5' });
    await post(c, batch([v2(direct)], 'my-poster'), { 'user-agent': 'python-requests/2.32.3' });

    const verdicts = Object.fromEntries((await leadsOf(c)).map((l) => [l.eventId, l.quality]));
    expect(verdicts).toEqual({
      person: { verdict: 'ok', reasons: [] },
      honeypot: { verdict: 'spam', reasons: ['honeypot'] },
      quote: { verdict: 'ok', reasons: [] },
      fast: { verdict: 'suspect', reasons: ['fast_page'] },
      direct: { verdict: 'spam', reasons: ['bot_user_agent', 'no_page_view', 'no_signals', 'no_tracker'] },
    });
    expect((await leadsOf(c, '?quality=spam')).map((l) => l.eventId).sort()).toEqual(['direct', 'honeypot']);
    expect((await leadsOf(c, '?quality=held')).map((l) => l.eventId).sort()).toEqual(['direct', 'fast', 'honeypot']);
    expect((await leadsOf(c, '?type=call_click')).map((l) => l.eventId)).toEqual(['fast']);
    expect((await fetch(`${c.url}/api/leads?quality=bad`, { headers: auth })).status).toBe(400);
    expect((await fetch(`${c.url}/api/leads`)).status).toBe(401);

    // The dashboard: the held-back count, and the quality filter choosing the listed leads.
    const page = async (q: string) => (await fetch(`${c.url}/dashboard${q}`, { headers: auth })).text();
    const all = await page('');
    expect(all).toContain('data-figure="quality-held">3</strong>');
    expect(all).toContain('data-figure="quality-ok">2</strong>');
    const spamOnly = await page('?quality=spam');
    expect(spamOnly).toContain('<code>direct</code>');
    expect(spamOnly).not.toContain('<code>fast</code>');
    expect((await fetch(`${c.url}/dashboard?quality=junk`, { headers: auth })).status).toBe(400);
  });

  it('many leads from one address in a short time: the later ones are flagged; an exempt range is not', async () => {
    const { qualityConfig } = await import('../src/quality/config');
    const c = await start({ quality: qualityConfig({ maxPerAddress: 2, exempt: ['198.51.100.0/24'] }) });
    for (const [i, address] of ['203.0.113.7', '203.0.113.7', '203.0.113.7', '198.51.100.4', '198.51.100.4', '198.51.100.4'].entries()) {
      const lead = leadEvent({ id: `L${i}`, ts: ago(0.05), sessionId: `s${i}`, anonymousId: `a${i}` });
      await post(c, batch([pageView(`s${i}`, `a${i}`), v2(lead, HUMAN)]), { 'x-forwarded-for': address });
    }
    const reasons = (await leadsOf(c)).map((l) => l.quality.reasons.join(' '));
    expect(reasons).toEqual(['', '', 'address_burst', 'exempt_address', 'exempt_address', 'exempt_address']);
  });

  it('exports and uploads leave held leads out, and include them once released', async () => {
    const p = await startPlatforms();
    platforms.push(p);
    const store = await stores.open(kind);
    await seedJudged(store);
    const exported = await runExport(store, 'google-ads', { since: new Date(ago(72)), until: new Date() });
    expect(exported.text).toContain('GCLID-OK');
    expect(exported.text).not.toContain('GCLID-BOT');
    expect(exported.skipped.map((s) => `${s.conversion.id}: ${s.reason}`).sort()).toEqual([
      'BOT: held back: spam (honeypot)',
      'ODD: held back: suspect (fast_page)',
    ]);

    await runSync({ store, config: p.config, timeoutMs: 1000 });
    const sentIds = () => p.google.accepted().map((e) => JSON.stringify(e));
    expect(sentIds().join()).toContain('GCLID-OK');
    expect(sentIds().join()).not.toContain('GCLID-BOT');
    const held = (await store.uploads({ conversionIds: ['BOT'] })).map((u) => `${u.destination} ${u.state} ${u.reason}`);
    expect(held).toEqual(['google waiting held back: spam (honeypot)', 'meta waiting held back: spam (honeypot)']);

    expect(await store.releaseLeads(['BOT', 'OK', 'nope'], new Date())).toEqual(['BOT']);
    expect((await runExport(store, 'google-ads', { since: new Date(ago(72)), until: new Date() })).text).toContain('GCLID-BOT');
    // Released: its held rows are due again, and the next pass sends it.
    await runSync({ store, config: p.config, timeoutMs: 1000 });
    expect(sentIds().join()).toContain('GCLID-BOT');
    expect((await store.uploads({ conversionIds: ['BOT'] })).map((u) => u.state)).toEqual(['accepted', 'accepted']);
    expect((await store.uploads({ conversionIds: ['ODD'] })).map((u) => u.state)).toEqual(['waiting', 'waiting']);
    const [bot] = (await store.leads({ since: new Date(ago(46.5)), until: new Date(ago(45.5)) })).filter((l) => l.eventId === 'BOT');
    expect(bot!.quality).toEqual({ verdict: 'spam', reasons: ['honeypot'], released: true });
  });

  it('POST /api/leads/release: refused without the Bearer token (the sign-in cookie is not enough); with it, the lead is released, exported and sent by the next sync', async () => {
    const p = await startPlatforms();
    platforms.push(p);
    const store = await stores.open(kind);
    await seedJudged(store);
    const c = await start({ store });
    const release = (body: unknown, headers: Record<string, string>) =>
      fetch(`${c.url}/api/leads/release`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const cookie = `${SESSION_COOKIE}=${createAdminAuth(TOKEN).session}`;
    expect((await release({ ids: ['BOT'] }, {})).status).toBe(401);
    expect((await release({ ids: ['BOT'] }, { cookie })).status).toBe(401);
    expect((await release({ ids: ['BOT'] }, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await fetch(`${c.url}/api/leads/release`, { headers: auth })).status).toBe(405);
    expect((await release({ ids: [] }, auth)).status).toBe(400);
    expect((await release(['BOT'], auth)).status).toBe(400);
    expect((await leadsOf(c, '?quality=released')).length).toBe(0);
    const exportText = async () =>
      await (await fetch(`${c.url}/exports/google-ads?since=${encodeURIComponent(ago(72))}`, { headers: auth })).text();
    expect(await exportText()).not.toContain('GCLID-BOT');

    const res = await release({ ids: ['BOT', 'OK', 'nope'] }, auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ released: ['BOT'], notHeld: ['OK', 'nope'] });
    expect((await leadsOf(c, '?quality=released')).map((l) => [l.eventId, l.quality])).toEqual([
      ['BOT', { verdict: 'spam', reasons: ['honeypot'], released: true }],
    ]);
    expect(await exportText()).toContain('GCLID-BOT');
    await runSync({ store, config: p.config, timeoutMs: 1000 });
    expect(
      p.google
        .accepted()
        .map((e) => JSON.stringify(e))
        .join(),
    ).toContain('GCLID-BOT');
    expect((await store.uploads({ conversionIds: ['BOT'] })).map((u) => u.state)).toEqual(['accepted', 'accepted']);
    expect((await store.uploads({ conversionIds: ['ODD'] })).map((u) => u.state)).toEqual(['waiting', 'waiting']);
    // Released already: a second request says so.
    expect(await (await release({ ids: ['BOT'] }, auth)).json()).toEqual({ released: [], notHeld: ['BOT'] });
  });

  it("a spam outcome on an uploaded conversion, config without google.retractions: the lead turns spam, nothing is sent, Meta's is recorded impossible and Google's waits for the config", async () => {
    const p = await startPlatforms();
    platforms.push(p);
    const store = await stores.open(kind);
    await seedJudged(store);
    await runSync({ store, config: p.config, timeoutMs: 1000 });
    const before = { google: p.google.requests.length, meta: p.meta.requests.length };
    expect((await store.uploads({ conversionIds: ['OK'] })).map((u) => u.state)).toEqual(['accepted', 'accepted']);

    const report = await ingestOutcomes([{ at: 0, input: { event_id: 'OK', status: 'spam', time: ago(1) } }], store, [
      'qualified',
      'won',
      'lost',
      'spam',
      'junk',
    ]);
    expect(report.takeBack?.OK).toBe(
      'taking back 1 uploaded conversion (google: a Google Ads API retraction, sent by sync when the config has google.retractions); ' +
        "could not take back 1 uploaded conversion (meta: Meta's Conversions API documents no retraction)",
    );
    await runSync({ store, config: p.config, timeoutMs: 1000 });
    // No retraction config: nothing goes to Google (the status polls aside), nothing to Meta.
    const sent = p.google.requests.slice(before.google).filter((r) => r.method === 'POST');
    expect(sent).toEqual([]);
    expect(p.meta.requests.length).toBe(before.meta);
    const ok = (await store.leads({})).find((l) => l.eventId === 'OK')!;
    expect(ok.quality).toMatchObject({ verdict: 'spam', reasons: ['crm_spam'] });
    expect(ok.quality!.takeBack).toContain('could not take back 1');
    const res = await fetch(`${(await start({ store })).url}/api/leads?quality=spam`, { headers: auth });
    const listed = ((await res.json()) as { leads: { eventId: string; quality: { takeBack?: string } }[] }).leads;
    expect(listed.find((l) => l.eventId === 'OK')!.quality.takeBack).toContain('taking back 1');
  });
});

describe('leads release (CLI) and an older database', () => {
  it('releases held leads of a SQLite file; says which were not held', async () => {
    const path = join(dir, 'release.sqlite');
    const store = createSqliteStore({ path });
    await seedJudged(store);
    await store.close();
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
    try {
      await leadsCommand(['release', 'BOT', '--db', path]);
      await expect(leadsCommand(['release', 'OK', '--db', path])).rejects.toThrow(/1 of the leads were not held/);
    } finally {
      process.stdout.write = write;
    }
    expect(out.join('')).toBe('BOT: released\nOK: not held (unknown, ok, or released already)\n');
    const after = createSqliteStore({ path });
    expect(Object.fromEntries((await after.leads()).map((l) => [l.eventId, l.quality?.released ?? false]))).toEqual({
      OK: false,
      BOT: true,
      ODD: false,
    });
    await after.close();
  });

  it('a file from before verdicts upgrades; its leads have none and count as ok', async () => {
    const path = join(dir, 'before.sqlite');
    const first = createSqliteStore({ path });
    await first.insert([leadEvent({ id: 'old', ts: ago(3), touch: googleClick(ago(4), { gclid: 'G-OLD' }) })], { receivedAt: new Date() });
    await first.close();
    const db = new Database(path);
    // Schema 11 (quality) and 12 (retractions, after it) dropped.
    db.exec(`${DROP_QUALITY}\n${DROP_RETRACTIONS}`);
    db.pragma(`user_version = ${SCHEMA_VERSION - 2}`);
    db.close();
    const store = createSqliteStore({ path });
    const [old] = await store.leads();
    expect(old!.quality).toBeUndefined();
    expect((await runExport(store, 'google-ads', { since: new Date(ago(10)), until: new Date() })).text).toContain('G-OLD');
    await store.close();
  });
});
