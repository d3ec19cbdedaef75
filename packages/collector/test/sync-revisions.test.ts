import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_STATUSES, createCollector, parseOutcome } from '../src/index';
import type { Collector, EventStore, OutcomeInput, Upload } from '../src/index';
import { uploadsFigures, uploadsSection } from '../src/dashboard/uploads';
import { collectConversions } from '../src/exports/conversions';
import { EARLIER_BEING_SENT, GOOGLE_VERDICT_PENDING, META_CANNOT_RESTATE, SUPERSEDED } from '../src/uploads/revisions';
import { runSync, type SyncOptions } from '../src/uploads/sync';
import { STORE_KINDS, storeTracker } from './stores';
import { ago, seedLeads, startPlatforms, type Platforms } from './sync-fixture';

/**
 * Issue 20: an outcome whose value changes is a new conversion per value (a revision), not an
 * overwrite. Google gets the new value as an adjustment (same transactionId); Meta, which cannot
 * restate a value, gets it only when no earlier value went; a value still waiting is superseded.
 */
const stores = storeTracker();
const platforms: Platforms[] = [];
const collectors: Collector[] = [];
afterEach(async () => {
  await Promise.all(collectors.splice(0).map((c) => c.close()));
  await stores.closeAll();
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

const TOKEN = 'revisions-admin-token-0123456789';
/** seedLeads' won outcome of lead A, as the CRM gives it; `value` changes. */
const WON_A = { event_id: 'A', status: 'won', currency: 'USD' };

async function setup(kind: (typeof STORE_KINDS)[number], ...args: Parameters<typeof startPlatforms>) {
  const p = await startPlatforms(...args);
  platforms.push(p);
  const store = await stores.open(kind);
  await seedLeads(store);
  const outcomeId = (await store.outcomes())[0]!.id;
  return { p, store, outcomeId };
}

async function save(store: EventStore, input: OutcomeInput) {
  const parsed = await parseOutcome(input, BUILT_IN_STATUSES);
  if (!parsed.ok) throw new Error(parsed.reason);
  return (await store.saveOutcomes([parsed.outcome], { receivedAt: new Date() }))[0]!;
}

const pass = async (store: EventStore, p: Platforms, extra: Partial<SyncOptions> = {}) =>
  (await runSync({ store, config: p.config, timeoutMs: 1000, firstBackoffMs: 50, ...extra })).map((t) => t.line());

/** The ledger rows of one outcome's revisions: `destination conversionId → state (reason)`. */
async function rowsOf(store: EventStore, outcomeId: string): Promise<Record<string, string>> {
  const rows = (await store.uploads()).filter((u) => u.conversionId.startsWith(outcomeId));
  const show = (u: Upload) => `${u.state}${u.reason && (u.state === 'given_up' || u.state === 'waiting') ? ` (${u.reason})` : ''}`;
  return Object.fromEntries(rows.map((u) => [`${u.destination} ${u.conversionId.replace(outcomeId, '<id>')}`, show(u)]));
}

const ingests = (p: Platforms) => p.google.requests.filter((r) => r.path.endsWith('events:ingest')).length;

describe.each(STORE_KINDS)('%s store: a changed outcome value', (kind) => {
  it('after the first value was sent: Google gets an adjustment (same transactionId, new value); Meta gets nothing and its row says why; the same value again sends nothing', async () => {
    const { p, store, outcomeId } = await setup(kind);
    await pass(store, p);
    expect(await rowsOf(store, outcomeId)).toEqual({ 'google <id>': 'accepted', 'meta <id>': 'accepted' });

    // The CRM says the deal was worth more: re-imported by the API, it is a new revision.
    const c = await createCollector({ port: 0, store, adminToken: TOKEN });
    collectors.push(c);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const posted = await fetch(`${c.url}/api/outcomes`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ outcomes: [{ ...WON_A, time: (await store.outcomes())[0]!.time, value: 650 }] }),
    });
    expect(await posted.json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect((await store.outcomeRevisions(outcomeId)).map((r) => r.value)).toEqual([500, 650]);

    // A dry run shows what a pass would do, and changes nothing.
    const dry = await pass(store, p, { dryRun: true });
    expect(dry[0]).toMatch(/^google: dry run: 1 valid, 0 rejected/);
    expect(dry[1]).toContain(`1 given up (${META_CANNOT_RESTATE})`);
    expect(Object.keys(await rowsOf(store, outcomeId))).toEqual(['google <id>', 'meta <id>']);

    const [google, meta] = await pass(store, p);
    expect(google).toMatch(/^google: 1 sent, 1 accepted, 0 rejected, 1 waiting \(click under 6 h/);
    expect(meta).toBe(`meta: 0 sent, 0 accepted, 0 rejected, 0 waiting, 1 given up (${META_CANNOT_RESTATE})`);
    expect(await rowsOf(store, outcomeId)).toEqual({
      'google <id>': 'accepted',
      'meta <id>': 'accepted',
      'google <id>~2': 'accepted',
      'meta <id>~2': `given_up (${META_CANNOT_RESTATE})`,
    });

    // Google: the same transactionId twice, the second an adjustment restating the value; still one conversion.
    const sent = p.google.accepted().filter((e) => e.transactionId === `${outcomeId}:won`);
    expect(sent.map((e) => [e.outcome, e.event.conversionValue, e.event.currency])).toEqual([
      ['counted', 500, 'USD'],
      ['adjustment', 650, 'USD'],
    ]);
    expect(p.google.conversions().find((h) => h.transactionId === `${outcomeId}:won`)).toEqual({
      conversionActionId: '444',
      transactionId: `${outcomeId}:won`,
      conversionValue: 650,
      currency: 'USD',
      adjustments: 1,
    });
    expect(p.google.conversionsCounted()).toHaveLength(2);
    // Meta: the Purchase went once, with its first value.
    const purchases = p.meta.accepted().filter((e) => e.event.event_name === 'Purchase');
    expect(purchases.map((e) => [e.event.event_id, e.event.custom_data])).toEqual([[outcomeId, { value: 500, currency: 'USD' }]]);
    expect(p.meta.eventsCounted()).toHaveLength(3);

    // GET /api/uploads and the dashboard show the revision as its own conversion, with the reason.
    const res = await fetch(`${c.url}/api/uploads?destination=meta`, { headers: auth });
    const { uploads } = (await res.json()) as { uploads: Upload[] };
    expect(uploads.find((u) => u.conversionId === `${outcomeId}~2`)).toEqual({
      conversionId: `${outcomeId}~2`,
      step: 'won',
      destination: 'meta',
      state: 'given_up',
      attempts: 0,
      reason: META_CANNOT_RESTATE,
    });
    const figures = await uploadsFigures(store);
    expect(figures.find((f) => f.destination === 'meta')!.givenUp).toContainEqual({ reason: META_CANNOT_RESTATE, count: 1 });
    expect(uploadsSection(figures)).toContain('new value not sent: Meta has the earlier value and cannot restate it');

    // The same value again is no new revision, and nothing is sent.
    expect(await save(store, { ...WON_A, time: (await store.outcomes())[0]!.time, value: '650' })).toMatchObject({ state: 'unchanged' });
    const before = ingests(p);
    const again = await pass(store, p);
    expect(again[0]).toMatch(/^google: 0 sent, 0 accepted, 0 rejected, 1 waiting \(click under 6 h/);
    expect(again[1]).toBe('meta: 0 sent, 0 accepted, 0 rejected, 0 waiting');
    expect(ingests(p)).toBe(before);
    expect(p.meta.accepted()).toHaveLength(3);
    expect((await store.outcomeRevisions(outcomeId)).map((r) => r.value)).toEqual([500, 650]);

    // The exports show the current value, as before.
    const conversions = await collectConversions(store, { since: new Date(Date.parse(ago(72))), until: new Date() });
    expect(conversions.filter((cv) => cv.kind === 'outcome').map((cv) => [cv.id, cv.value])).toEqual([[outcomeId, 650]]);
  });

  it('a value changed twice before the first sync: only the newest is sent, once, to each platform', async () => {
    const { p, store, outcomeId } = await setup(kind);
    const time = (await store.outcomes())[0]!.time;
    expect(await save(store, { ...WON_A, time, value: '600' })).toMatchObject({ state: 'updated', revision: 2 });
    expect(await save(store, { ...WON_A, time, value: '700' })).toMatchObject({ state: 'updated', revision: 3 });
    await pass(store, p);
    expect(await rowsOf(store, outcomeId)).toEqual({ 'google <id>~3': 'accepted', 'meta <id>~3': 'accepted' });
    const google = p.google.accepted().filter((e) => e.transactionId === `${outcomeId}:won`);
    expect(google.map((e) => [e.outcome, e.event.conversionValue])).toEqual([['counted', 700]]);
    const meta = p.meta.accepted().filter((e) => e.event.event_id === outcomeId);
    expect(meta.map((e) => e.event.custom_data)).toEqual([{ value: 700, currency: 'USD' }]);
  });

  it('a value still waiting when a newer one arrives is superseded, never sent, never "older than N days"', async () => {
    // B's click is under 6 hours old: Google keeps its qualified outcome waiting; Meta sends it at once.
    const { p, store } = await setup(kind);
    const time = ago(1);
    const first = await save(store, { event_id: 'B', status: 'qualified', time, value: '10', currency: 'USD' });
    await pass(store, p);
    expect(await rowsOf(store, first.id)).toEqual({
      'google <id>': 'waiting (click under 6 h)',
      'meta <id>': 'accepted',
    });

    await save(store, { event_id: 'B', status: 'qualified', time, value: '15', currency: 'USD' });
    const [google, meta] = await pass(store, p);
    expect(google).toContain(`1 given up (${SUPERSEDED})`);
    expect(meta).toContain(`1 given up (${META_CANNOT_RESTATE})`);
    expect(await rowsOf(store, first.id)).toEqual({
      'google <id>': `given_up (${SUPERSEDED})`,
      'meta <id>': 'accepted',
      'google <id>~2': 'waiting (click under 6 h)',
      'meta <id>~2': `given_up (${META_CANNOT_RESTATE})`,
    });
    expect(p.google.accepted().filter((e) => e.transactionId === `${first.id}:qualified`)).toEqual([]);
  });

  it('Meta sends the newest value when the first never went; the first, claimed in the same batch, is superseded', async () => {
    const { p, store, outcomeId } = await setup(kind);
    p.meta.behave({ expireTokens: true }); // code 190: the rows stay waiting, nothing tried
    expect((await pass(store, p, { only: 'meta' }))[0]).toMatch(/stopped: credentials refused/);
    expect(await rowsOf(store, outcomeId)).toEqual({ 'meta <id>': expect.stringMatching(/^waiting \(credentials refused: \(#190\)/) });

    await save(store, { ...WON_A, time: (await store.outcomes())[0]!.time, value: '800' });
    p.meta.behave({ renewTokens: true });
    const [meta] = await pass(store, p, { only: 'meta' });
    expect(meta).toBe(`meta: 3 sent, 3 accepted, 0 rejected, 0 waiting, 1 given up (${SUPERSEDED})`);
    expect(await rowsOf(store, outcomeId)).toEqual({ 'meta <id>': `given_up (${SUPERSEDED})`, 'meta <id>~2': 'accepted' });
    const purchases = p.meta.accepted().filter((e) => e.event.event_name === 'Purchase');
    expect(purchases.map((e) => [e.event.event_id, e.event.custom_data])).toEqual([[outcomeId, { value: 800, currency: 'USD' }]]);
  });

  it("Google: a new value waits while the earlier one's verdict is pending", async () => {
    const { p, store, outcomeId } = await setup(kind, { processingPolls: 5 });
    await pass(store, p, { only: 'google' });
    expect(await rowsOf(store, outcomeId)).toEqual({ 'google <id>': 'sent' });
    await save(store, { ...WON_A, time: (await store.outcomes())[0]!.time, value: '900' });
    const [google] = await pass(store, p, { only: 'google' });
    expect(google).toContain(GOOGLE_VERDICT_PENDING);
    expect(await rowsOf(store, outcomeId)).toEqual({ 'google <id>': 'sent', 'google <id>~2': `waiting (${GOOGLE_VERDICT_PENDING})` });
    expect(p.google.accepted().filter((e) => e.transactionId === `${outcomeId}:won`)).toHaveLength(1);
  });

  it('a new value waits while another collector is sending the earlier one (its lease): neither is given up or sent twice', async () => {
    const { p, store, outcomeId } = await setup(kind);
    // Another collector planned the first value and holds it under a lease, on the wire.
    await store.planUploads([{ conversionId: outcomeId, step: 'won', destination: 'google' }]);
    const held = await store.claimUploads({ destination: 'google', state: 'waiting', limit: 1, leaseMs: 60_000, owner: 'other' });
    expect(held.map((u) => u.conversionId)).toEqual([outcomeId]);
    await save(store, { ...WON_A, time: (await store.outcomes())[0]!.time, value: '750' });
    await pass(store, p, { only: 'google' });
    expect(await rowsOf(store, outcomeId)).toEqual({ 'google <id>': 'waiting', 'google <id>~2': `waiting (${EARLIER_BEING_SENT})` });
    expect(p.google.accepted().filter((e) => e.transactionId === `${outcomeId}:won`)).toEqual([]);
    // The other collector records its send; a row no longer waiting is never given up as superseded.
    await store.recordUploads('other', [{ conversionId: outcomeId, destination: 'google', state: 'accepted' }]);
    expect(await store.giveUpWaiting('google', [outcomeId], SUPERSEDED)).toEqual([]); // accepted: not waiting, left alone
    const ledger = await store.uploads({ destination: 'google', conversionIds: [outcomeId, `${outcomeId}~2`] });
    expect(ledger.map((u) => [u.conversionId, u.state])).toEqual([
      [outcomeId, 'accepted'],
      [`${outcomeId}~2`, 'waiting'],
    ]);
  });
});
