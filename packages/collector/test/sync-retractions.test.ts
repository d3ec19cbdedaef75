import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../src/index';
import { ingestOutcomes } from '../src/leads/ingest';
import { readDestinationsConfig } from '../src/uploads/config';
import { runSync } from '../src/uploads/sync';
import { STORE_KINDS, storeTracker } from './stores';
import { ago, seedLeads, startPlatforms, type Platforms } from './sync-fixture';

/**
 * Issue 22: a conversion uploaded before its lead turned out spam is taken back where the platform
 * documents a way: Google's by one RETRACTION through the Google Ads API (the Data Manager API has
 * none), keyed on the conversion action and the transactionId it was sent with; Meta's cannot be,
 * and the ledger says so. Exactly once: a retraction Google took is never sent again, and one whose
 * answer was lost counts as taken back when Google says it already is.
 */
const stores = storeTracker();
const platforms: Platforms[] = [];
afterEach(async () => {
  await stores.closeAll();
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

/** The test servers with `google.retractions` in the config (developer token `token`). */
async function setup(kind: (typeof STORE_KINDS)[number], token = 'fake-developer-token') {
  const p = await startPlatforms();
  platforms.push(p);
  const raw = JSON.parse(readFileSync(p.configFile, 'utf8'));
  raw.destinations.google.retractions = { developerToken: token, apiUrl: p.google.url, apiVersion: 'v23' };
  writeFileSync(p.configFile, JSON.stringify(raw));
  p.config = readDestinationsConfig(p.configFile);
  const store = await stores.open(kind);
  await seedLeads(store);
  return { p, store };
}

const pass = async (store: EventStore, p: Platforms, timeoutMs = 1000) =>
  (await runSync({ store, config: p.config, timeoutMs, firstBackoffMs: 50 })).map((t) => t.line());
const adjustRequests = (p: Platforms) => p.google.requests.filter((r) => r.path.endsWith(':uploadConversionAdjustments'));
const markSpam = (store: EventStore) =>
  ingestOutcomes([{ at: 0, input: { event_id: 'A', status: 'spam', time: ago(1) } }], store, ['won', 'spam']);

/** Lead A's ledger rows: `destination step → state/retraction (reason)`. */
async function retractionsOf(store: EventStore): Promise<Record<string, string>> {
  const ids = await store.leadConversionIds('A');
  const rows = await store.uploads({ conversionIds: ids });
  return Object.fromEntries(
    rows.map((u) => [
      `${u.destination} ${u.step}`,
      `${u.state}/${u.retraction?.state ?? '-'}${u.retraction?.reason ? ` (${u.retraction.reason})` : ''}`,
    ]),
  );
}

describe.each(STORE_KINDS)('%s store: taking back conversions of a lead the CRM marks spam', (kind) => {
  it("Google: one request retracts both of the lead's conversions by their transactionIds; Meta's are recorded impossible; a later pass sends nothing", async () => {
    const { p, store } = await setup(kind);
    await pass(store, p);
    const outcomeId = (await store.outcomes()).find((o) => o.status === 'won')!.id;
    expect(p.google.conversionsCounted()).toContainEqual({ conversionActionId: '444', transactionId: `${outcomeId}:won` });
    await markSpam(store);

    const lines = await pass(store, p);
    expect(lines[0]).toMatch(/^google: .*2 taken back/);
    expect(adjustRequests(p)).toHaveLength(1);
    const request = adjustRequests(p)[0]!;
    expect(request.path).toBe('/v23/customers/1234567890:uploadConversionAdjustments');
    expect(request.headers['developer-token']).toBe('fake-developer-token');
    const body = JSON.parse(request.body);
    expect(body.partialFailure).toBe(true);
    expect(
      body.conversionAdjustments
        .map((a: { orderId: string; conversionAction: string; adjustmentType: string }) => [
          a.adjustmentType,
          a.conversionAction,
          a.orderId,
        ])
        .sort(),
    ).toEqual([
      ['RETRACTION', 'customers/1234567890/conversionActions/111', 'A:form_submit'],
      ['RETRACTION', 'customers/1234567890/conversionActions/444', `${outcomeId}:won`],
    ]);
    expect(body.conversionAdjustments[0].adjustmentDateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00:00$/);
    expect(
      p.google
        .retractions()
        .map((r) => r.orderId)
        .sort(),
    ).toEqual(['A:form_submit', `${outcomeId}:won`].sort());
    expect(await retractionsOf(store)).toEqual({
      'google form_submit': 'accepted/retracted',
      'google won': 'accepted/retracted',
      'meta form_submit': "accepted/impossible (Meta's Conversions API documents no retraction)",
      'meta won': "accepted/impossible (Meta's Conversions API documents no retraction)",
    });
    const lead = (await store.leads({})).find((l) => l.eventId === 'A')!;
    expect(lead.quality!.takeBack).toBe(
      "took back 2 uploaded conversions (google); could not take back 2 uploaded conversions (meta: Meta's Conversions API documents no retraction)",
    );

    await pass(store, p);
    await markSpam(store);
    await pass(store, p);
    expect(adjustRequests(p)).toHaveLength(1);
    expect(p.google.retractions()).toHaveLength(2);
  });

  it('two collectors syncing at once on one database: one retraction request, each conversion taken back once', async () => {
    const { p, store } = await setup(kind);
    await pass(store, p);
    await markSpam(store);
    const sync = (owner: string) => runSync({ store, config: p.config, timeoutMs: 1000, owner });
    await Promise.all([sync('collector-a'), sync('collector-b')]);
    expect(adjustRequests(p)).toHaveLength(1);
    expect(p.google.retractions()).toHaveLength(2);
  });

  it('Google stores the retraction and the answer is lost: the next pass sends it again, Google says CONVERSION_ALREADY_RETRACTED, and it counts as taken back, once', async () => {
    const { p, store } = await setup(kind);
    await pass(store, p);
    await markSpam(store);
    p.google.behave({ endpoint: 'adjust', hangNext: 1 });
    await pass(store, p, 300);
    expect(p.google.retractions()).toHaveLength(2);
    expect(Object.values(await retractionsOf(store)).filter((v) => v.startsWith('accepted/waiting (retry: '))).toHaveLength(2);

    await new Promise((r) => setTimeout(r, 120));
    const lines = await pass(store, p);
    expect(lines[0]).toMatch(/2 taken back/);
    expect(adjustRequests(p)).toHaveLength(2);
    expect(p.google.retractions()).toHaveLength(2);
    expect(Object.values(await retractionsOf(store)).filter((v) => v === 'accepted/retracted')).toHaveLength(2);
  });

  it('a 503 is tried again with backoff; a refused developer token stops the pass and the retractions wait, saying why', async () => {
    const { p, store } = await setup(kind);
    await pass(store, p);
    await markSpam(store);
    p.google.behave({ endpoint: 'adjust', failNext: 1, status: 503 });
    await pass(store, p);
    const waiting = (await store.uploads({ destination: 'google' })).filter((u) => u.retraction?.state === 'waiting');
    expect(waiting.map((u) => [u.retraction!.attempts, u.retraction!.reason])).toEqual([
      [1, 'retry: HTTP 503 UNAVAILABLE'],
      [1, 'retry: HTTP 503 UNAVAILABLE'],
    ]);
    await new Promise((r) => setTimeout(r, 120));
    await pass(store, p);
    expect(p.google.retractions()).toHaveLength(2);

    const other = await setup(kind, 'not-the-developer-token');
    await pass(other.store, other.p);
    await markSpam(other.store);
    const lines = await pass(other.store, other.p);
    expect(lines[0]).toMatch(/stopped: the Google Ads API refused the request \(HTTP 401 DEVELOPER_TOKEN_INVALID\)/);
    expect(other.p.google.retractions()).toEqual([]);
    expect(
      Object.values(await retractionsOf(other.store)).filter((v) => v.startsWith('accepted/waiting (the Google Ads API refused')),
    ).toHaveLength(2);
  });
});
