import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../src/index';
import { uploadsFigures, uploadsSection } from '../src/dashboard/uploads';
import { conversionKey, pendingConversions } from '../src/uploads/pending';
import { channelsOf, runSync, type SyncOptions } from '../src/uploads/sync';
import { persistentDatabase, STORE_KINDS, storeTracker } from './stores';
import { ago, seedLeads, startPlatforms, type Platforms } from './sync-fixture';
import { googleClick, leadEvent } from './helpers';

/** A sync pass against the Google and Meta test servers, on both databases (issue 20). */
const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-sync-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const stores = storeTracker();
const platforms: Platforms[] = [];
afterEach(async () => {
  await stores.closeAll();
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(kind: (typeof STORE_KINDS)[number], ...args: Parameters<typeof startPlatforms>) {
  const p = await startPlatforms(...args);
  platforms.push(p);
  const store = await stores.open(kind);
  await seedLeads(store);
  return { p, store };
}

const pass = async (store: EventStore, p: Platforms, extra: Partial<SyncOptions> = {}) =>
  (await runSync({ store, config: p.config, timeoutMs: 1000, firstBackoffMs: 50, ...extra })).map((t) => ({ line: t.line(), ok: t.ok }));

const states = async (store: EventStore) =>
  Object.fromEntries(
    (await store.uploads()).map((u) => [`${u.destination} ${u.step} ${u.conversionId.length > 2 ? 'outcome' : u.conversionId}`, u.state]),
  );

describe.each(STORE_KINDS)('%s store: sync', (kind) => {
  it('sends demo-like leads and outcomes once: accepted, waiting, given up and rejected with their reasons', async () => {
    const { p, store } = await setup(kind);
    const [google, meta] = await pass(store, p);
    expect(google!.line).toMatch(
      /^google: 3 sent, 2 accepted, 1 rejected \(INVALID_GCLID\), 1 waiting \(click under 6 h, first due \S+Z\), 1 given up \(no consent\)$/,
    );
    expect(meta!.line).toBe('meta: 3 sent, 3 accepted, 0 rejected, 0 waiting, 2 given up (1 no consent, 1 no fbclid, email or phone)');
    expect(google!.ok).toBe(false); // a rejection the operator must look at
    expect(meta!.ok).toBe(true);
    expect(await states(store)).toEqual({
      'google form_submit A': 'accepted',
      'google form_submit B': 'waiting',
      'google form_submit C': 'given_up',
      'google call_click D': 'rejected',
      'google won outcome': 'accepted',
      'meta form_submit A': 'accepted',
      'meta form_submit B': 'accepted',
      'meta form_submit C': 'given_up',
      'meta call_click D': 'given_up',
      'meta won outcome': 'accepted',
    });
    const d = (await store.uploads({ destination: 'google' })).find((u) => u.conversionId === 'D')!;
    expect(d).toMatchObject({ reason: 'INVALID_GCLID', attempts: 1 });
    // What the platforms got: the lead as a web click conversion with consent, the outcome as OTHER; Meta's outcome as system_generated.
    const won = p.google.accepted().find((e) => e.conversionActionId === '444')!.event;
    expect(won).toMatchObject({ eventSource: 'OTHER', conversionValue: 500, currency: 'USD', adIdentifiers: { gclid: 'GCLID-A' } });
    expect(won.consent).toEqual({ adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' });
    const purchase = p.meta.accepted().find((e) => e.event.event_name === 'Purchase')!.event;
    expect(purchase).toMatchObject({ action_source: 'system_generated', custom_data: { value: 500, currency: 'USD' } });
    expect(p.meta.accepted().find((e) => e.event.event_id === 'A')!.event).toMatchObject({ action_source: 'website' });

    // The dashboard's Uploads view shows the same figures.
    const figures = await uploadsFigures(store);
    expect(figures.find((f) => f.destination === 'google')).toMatchObject({
      sent: 0,
      accepted: 2,
      rejected: [{ reason: 'INVALID_GCLID', count: 1 }],
      waiting: [{ reason: 'click under 6 h', count: 1 }],
      givenUp: [{ reason: 'no consent', count: 1 }],
      lastRejections: [{ conversionId: 'D', step: 'call_click', reason: 'INVALID_GCLID' }],
    });
    const html = uploadsSection(figures);
    expect(html).toContain('data-figure="uploads-google-accepted">2</strong>');
    expect(html).toContain('data-figure="uploads-meta-accepted">3</strong>');

    // A second pass sends nothing again; nothing is counted twice.
    const again = await pass(store, p);
    expect(again.map((t) => t.line)).toEqual([
      expect.stringMatching(/^google: 0 sent, 0 accepted, 0 rejected, 1 waiting \(click under 6 h/),
      'meta: 0 sent, 0 accepted, 0 rejected, 0 waiting',
    ]);
    expect(p.google.conversionsCounted()).toHaveLength(2);
    expect(p.google.accepted()).toHaveLength(3);
    expect(p.meta.eventsCounted()).toHaveLength(3);
  });

  it('never sends a lead without ads consent', async () => {
    const { p, store } = await setup(kind);
    await pass(store, p);
    const sent = [...p.google.accepted().map((e) => e.transactionId), ...p.meta.accepted().map((e) => String(e.event.event_id))];
    expect(sent.some((id) => id.startsWith('C'))).toBe(false);
  });

  it('a dry run validates with Google, skips Meta without a test code, and changes no ledger state', async () => {
    const { p, store } = await setup(kind);
    const lines = await pass(store, p, { dryRun: true });
    expect(lines.map((t) => t.line)).toEqual([
      expect.stringMatching(/^google: dry run: 3 valid, 0 rejected, 1 waiting \(click under 6 h.*1 given up \(no consent\)$/),
      'meta: dry run skipped (no testEventCode in the config), 0 rejected, 0 waiting, 2 given up (1 no consent, 1 no fbclid, email or phone)',
    ]);
    expect(await store.uploads()).toEqual([]);
    expect(p.google.conversionsCounted()).toEqual([]);
    const ingests = p.google.requests.filter((r) => r.path.endsWith('events:ingest'));
    expect(ingests.length).toBeGreaterThan(0);
    expect(ingests.every((r) => (JSON.parse(r.body) as { validateOnly?: boolean }).validateOnly === true)).toBe(true);
    expect(p.meta.accepted()).toEqual([]);
  });

  it('429 with Retry-After waits that long; a 500 is retried with backoff; then accepted', async () => {
    const { p, store } = await setup(kind);
    p.google.behave({ rateLimitNext: 1, retryAfter: 1 });
    p.meta.behave({ failNext: 1, status: 500 });
    const [google, meta] = await pass(store, p);
    expect(google!.line).toMatch(
      /^google: 0 sent, 0 accepted, 0 rejected, 4 waiting \(3 retry after an error, first due \S+; 1 click under 6 h/,
    );
    expect(google!.ok).toBe(true);
    expect(meta!.line).toMatch(/^meta: 0 sent, 0 accepted, 0 rejected, 3 waiting \(retry after an error/);
    const retrying = (await store.uploads({ destination: 'google', state: 'waiting' })).filter((u) => u.reason?.startsWith('retry'));
    expect(retrying.every((u) => u.attempts === 1 && Date.parse(u.waitingUntil!) >= Date.now() + 500)).toBe(true);
    expect((await pass(store, p))[0]!.line).toMatch(/^google: 0 sent/); // Retry-After not over yet; Meta's 50 ms backoff is
    await sleep(1100);
    await pass(store, p);
    expect(p.google.conversionsCounted()).toHaveLength(2);
    expect(p.meta.eventsCounted()).toHaveLength(3);
    expect((await store.uploads({ state: 'accepted' })).length).toBe(5);
  });

  it('a 429 storm: each pass waits and counts an attempt; after 8 the rows are given up, never sent twice', async () => {
    const { p, store } = await setup(kind);
    p.meta.behave({ rateLimitNext: 100, code: 17, status: 429 });
    for (let i = 0; i < 8; i++) {
      await pass(store, p, { only: 'meta', firstBackoffMs: 1 });
      await sleep(5 * 2 ** i);
    }
    const rows = await store.uploads({ destination: 'meta' });
    expect(rows.filter((r) => r.state === 'given_up' && r.reason?.startsWith('retries spent (8)'))).toHaveLength(3);
    expect(p.meta.accepted()).toEqual([]);
  });

  it('a platform that stores the batch and then hangs: sent again later, counted once', async () => {
    const { p, store } = await setup(kind);
    p.google.behave({ hangNext: 1, afterStore: true });
    p.meta.behave({ hangNext: 1, afterStore: true });
    const first = await pass(store, p);
    expect(first.map((t) => t.line)).toEqual([
      expect.stringMatching(/^google: 0 sent, 0 accepted, 0 rejected, 4 waiting \(3 retry after an error/),
      expect.stringMatching(/^meta: 0 sent, 0 accepted, 0 rejected, 3 waiting \(retry after an error/),
    ]);
    await sleep(100);
    await pass(store, p);
    expect(p.google.accepted().filter((e) => e.outcome === 'adjustment').length).toBe(2); // the same transactionIds again
    expect(p.google.conversionsCounted()).toHaveLength(2);
    expect(p.meta.accepted()).toHaveLength(6);
    expect(p.meta.eventsCounted()).toHaveLength(3);
  });

  const LEASE_FOR_THE_DEAD_MS = 2000;
  it('a collector killed after the platform stored its batch, before recording: its lease runs out, the next pass sends again, counted once', async () => {
    const { p, store } = await setup(kind);
    const { channels } = channelsOf({ store, config: p.config });
    for (const channel of channels) {
      // What the dead collector did: plan, claim under a short lease, send, and never record.
      const conversions = await pendingConversions(store, channel, new Date());
      await store.planUploads(
        [...conversions.values()].map((c) => ({ conversionId: c.id, step: c.step, destination: channel.destination })),
      );
      const rows = await store.claimUploads({
        destination: channel.destination,
        state: 'waiting',
        limit: 100,
        // Long enough that the first pass below still finds the lease held on a loaded machine.
        leaseMs: LEASE_FOR_THE_DEAD_MS,
        owner: 'killed',
      });
      const batch = rows
        .map((r) => conversions.get(conversionKey(r.conversionId, r.step))!)
        .map((conversion) => ({ conversion, verdict: channel.verdict(conversion, channel.steps[conversion.step]!, new Date()) }))
        .flatMap(({ conversion, verdict }) => ('send' in verdict ? [{ conversion, payload: verdict.send }] : []));
      expect((await channel.send(batch, false)).kind).toBe('taken');
    }
    expect((await pass(store, p)).map((t) => t.line)).toEqual([
      'google: 0 sent, 0 accepted, 0 rejected, 5 waiting (not sent yet)',
      'meta: 0 sent, 0 accepted, 0 rejected, 5 waiting (not sent yet)',
    ]); // still leased to the dead collector: nobody else takes them yet
    await sleep(LEASE_FOR_THE_DEAD_MS + 100);
    await pass(store, p);
    expect(p.google.conversionsCounted()).toHaveLength(2);
    expect(p.google.accepted().filter((e) => e.outcome === 'adjustment')).toHaveLength(2);
    expect(p.meta.accepted()).toHaveLength(6);
    expect(p.meta.eventsCounted()).toHaveLength(3);
    expect((await store.uploads({ state: 'accepted' })).length).toBe(5);
  });

  it('an access token that expires between passes is renewed once, and the pass goes on', async () => {
    const { p, store } = await setup(kind);
    const channels = channelsOf({ store, config: p.config });
    await pass(store, p, { channels });
    p.google.behave({ expireTokens: true });
    await store.insert([leadEvent({ id: 'E', ts: ago(30), touch: googleClick(ago(31), { gclid: 'GCLID-E' }) })], {
      receivedAt: new Date(),
    });
    const [google] = await pass(store, p, { channels });
    expect(google!.line).toMatch(/^google: 1 sent, 1 accepted/);
    expect(p.google.requests.filter((r) => r.path === '/token')).toHaveLength(2);
  });

  it('an access token that expires mid-pass (after the upload, before its status) is renewed once, and the pass goes on', async () => {
    const { p, store } = await setup(kind);
    const channels = channelsOf({ store, config: p.config });
    await pass(store, p, { channels });
    p.google.behave({ expireTokensAfterNextIngest: true });
    await store.insert([leadEvent({ id: 'E', ts: ago(30), touch: googleClick(ago(31), { gclid: 'GCLID-E' }) })], {
      receivedAt: new Date(),
    });
    const [google] = await pass(store, p, { channels });
    expect(google!.line).toMatch(/^google: 1 sent, 1 accepted/);
    const paths = p.google.requests.map((r) => r.path);
    const lastIngest = paths.lastIndexOf('/v1/events:ingest');
    // After the upload: a status call refused (401), a new token, the status call again.
    expect(paths.slice(lastIngest + 1)).toEqual(['/v1/requestStatus:retrieve', '/token', '/v1/requestStatus:retrieve']);
    expect(p.google.requests.filter((r) => r.path === '/token')).toHaveLength(2);
    expect(p.google.conversionsCounted().filter((c) => c.transactionId === 'E:form_submit')).toHaveLength(1);
  });
});

describe('postgres: two collectors syncing at once', () => {
  it('never upload the same conversion twice', async () => {
    const p = await startPlatforms();
    platforms.push(p);
    const db = persistentDatabase('postgres', dir);
    const [one, two] = [await db.open(), await db.open()];
    try {
      await seedLeads(one);
      const ids = Array.from({ length: 60 }, (_, i) => `M${i}`);
      await one.insert(
        ids.map((id) => leadEvent({ id, ts: ago(30), touch: googleClick(ago(31), { gclid: `G-${id}` }) })),
        { receivedAt: new Date() },
      );
      await Promise.all([pass(one, p, { owner: 'one' }), pass(two, p, { owner: 'two' })]);
      const events = p.google.accepted();
      expect(new Set(events.map((e) => e.transactionId)).size).toBe(events.length);
      expect(p.google.conversionsCounted()).toHaveLength(62);
      expect(p.meta.accepted()).toHaveLength(3);
      expect(p.meta.eventsCounted()).toHaveLength(3);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
