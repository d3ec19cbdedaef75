import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index';
import type { EventStore } from '../src/index';
import { collectConversions, type Conversion } from '../src/exports/conversions';
import { ingestBody, transactionId } from '../src/uploads/google';
import { changesFor } from '../src/uploads/outcome';
import { googleVerdict, metaVerdict } from '../src/uploads/rules';
import { runSync } from '../src/uploads/sync';
import { sha } from './export-fixture';
import { googleClick, leadEvent, metaClick } from './helpers';
import { ago, startPlatforms, UA, type Platforms } from './sync-fixture';
import type { Upload } from '../src/index';

/** The platforms' rules and request shapes, and refusals that must reach the ledger as the platform gave them. */
const HOUR = 3_600_000;
const opened: EventStore[] = [];
const platforms: Platforms[] = [];
afterEach(async () => {
  await Promise.all([...opened.splice(0).map((s) => s.close()), ...platforms.splice(0).map((p) => p.close())]);
});

async function conversionsOf(events: Parameters<EventStore['insert']>[0]): Promise<Map<string, Conversion>> {
  const store = createSqliteStore({ path: ':memory:' });
  opened.push(store);
  await store.insert(events, { receivedAt: new Date(), userAgent: UA });
  const all = await collectConversions(store, { since: new Date(Date.now() - 200 * 24 * HOUR), until: new Date(Date.now() + 24 * HOUR) });
  return new Map(all.map((c) => [c.id, c]));
}

describe('the platforms time and consent rules', () => {
  it('Google: waits for a click under 6 h, gives up 90 days after the click, sends gbraid/wbraid and hashes', async () => {
    const c = await conversionsOf([
      leadEvent({ id: 'young', ts: ago(1), touch: googleClick(ago(2), { gbraid: 'GB-1' }) }),
      leadEvent({
        id: 'late',
        ts: ago(1),
        first: googleClick(ago(24 * 95), { gclid: 'OLD' }),
        touch: { source: '(direct)', medium: '(none)', ts: ago(1) },
      }),
      leadEvent({ id: 'ios', ts: ago(20), touch: googleClick(ago(21), { wbraid: 'WB-1' }) }),
      leadEvent({ id: 'ecl', ts: ago(20), props: { hashedEmail: sha('x@example.com') }, consent: { ads: 'granted' } }),
      leadEvent({ id: 'unknown', ts: ago(20) }),
    ]);
    const now = new Date();
    const young = googleVerdict(c.get('young')!, '111', now);
    expect(young).toMatchObject({ reason: 'click under 6 h' });
    expect(Math.abs((young as { waitUntil: Date }).waitUntil.getTime() - (Date.parse(ago(2)) + 6 * HOUR))).toBeLessThan(1000);
    expect(googleVerdict(c.get('late')!, '111', now)).toEqual({ giveUp: 'more than 90 days after its click' });
    expect(googleVerdict(c.get('ios')!, '111', now)).toMatchObject({ send: { click: { name: 'wbraid', value: 'WB-1' } } });
    expect(googleVerdict(c.get('ecl')!, '111', now)).toEqual({ send: { email: sha('x@example.com') } });
    expect(googleVerdict(c.get('unknown')!, '111', now)).toEqual({ giveUp: 'no ads consent' });
  });

  it("Meta: gives up outside its 7-day window; a website lead carries fbc, user agent and the browser's event id", async () => {
    const c = await conversionsOf([
      leadEvent({ id: 'old', ts: ago(24 * 8), touch: metaClick(ago(24 * 8 + 1), 'IwAR-old') }),
      leadEvent({ id: 'fb', ts: ago(3), touch: metaClick(ago(4), 'IwAR-new') }),
    ]);
    expect(metaVerdict(c.get('old')!, 'Lead', new Date())).toEqual({ giveUp: 'older than 7 days' });
    const fb = metaVerdict(c.get('fb')!, 'Lead', new Date());
    expect(fb).toMatchObject({ send: { event_id: 'fb', action_source: 'website', user_data: { client_user_agent: UA } } });
    expect((fb as { send: { user_data: { fbc: string } } }).send.user_data.fbc).toMatch(/^fb\.1\.\d{13}\.IwAR-new$/);
  });

  it("Google's request: one destination per step, a stable transactionId, HEX hashes, WEB for leads and OTHER for outcomes", async () => {
    const c = await conversionsOf([
      leadEvent({
        id: 'L',
        ts: ago(20),
        value: 5,
        currency: 'USD',
        touch: googleClick(ago(21), { gclid: 'G' }),
        props: { hashedPhone: sha('+84901234567') },
      }),
    ]);
    const lead = c.get('L')!;
    const outcome: Conversion = { ...lead, kind: 'outcome', step: 'won', id: 'o-1' };
    const body = ingestBody(
      {
        operatingAccountId: '1234567890',
        loginAccountId: '9876543210',
        conversionActions: { form_submit: '111', won: '444' },
        apiUrl: '',
        credentials: { kind: 'refresh_token', clientId: '', clientSecret: '', refreshToken: '', tokenUri: '' },
      },
      [
        { conversion: lead, ready: { click: lead.lead!.clickIds[0]!, phone: sha('+84901234567') } },
        { conversion: outcome, ready: { phone: sha('+84901234567') } },
      ],
      false,
    );
    expect(body).toMatchObject({
      destinations: [
        { reference: 'form_submit', productDestinationId: '111', operatingAccount: { accountId: '1234567890', accountType: 'GOOGLE_ADS' } },
        { reference: 'won', productDestinationId: '444' },
      ],
      events: [
        { transactionId: 'L:form_submit', eventSource: 'WEB', conversionValue: 5, currency: 'USD', adIdentifiers: { gclid: 'G' } },
        {
          transactionId: 'o-1:won',
          eventSource: 'OTHER',
          destinationReferences: ['won'],
          userData: { userIdentifiers: [{ phoneNumber: sha('+84901234567') }] },
        },
      ],
      encoding: 'HEX',
      validateOnly: false,
    });
    expect(transactionId(lead)).toBe(transactionId({ ...lead }));
    expect((body.destinations as object[])[0]).toMatchObject({ loginAccount: { accountId: '9876543210', accountType: 'GOOGLE_ADS' } });
  });

  it('a refusal naming one event rejects that one and sends the others again; a retry counts attempts and gives up after 8', () => {
    const rows: Upload[] = ['a', 'b', 'c'].map((id) => ({
      conversionId: id,
      step: 'form_submit',
      destination: 'meta',
      state: 'waiting',
      attempts: 0,
    }));
    const named = changesFor(rows, { kind: 'refused', reason: '(#100) x', byIndex: new Map([[1, '(#100) Event 1: bad fbc']]) }, 'accepted');
    expect(named.map((c) => c.state)).toEqual(['waiting', 'rejected', 'waiting']);
    const retry = changesFor(
      [{ ...rows[0]!, attempts: 7 }, rows[1]!],
      { kind: 'retry', reason: 'HTTP 503', retryAfterMs: 30_000 },
      'accepted',
    );
    expect(retry[0]).toMatchObject({ state: 'given_up', reason: 'retries spent (8): HTTP 503' });
    expect(retry[1]).toMatchObject({ state: 'waiting', attempted: true });
    expect(retry[1]!.waitingUntil!.getTime()).toBeGreaterThanOrEqual(Date.now() + 59_000); // the longer of backoff (1 min) and Retry-After
  });
});

describe('refusals reach the ledger', () => {
  async function setup(googleOptions = {}, actions?: Record<string, string>) {
    const p = await startPlatforms(googleOptions);
    platforms.push(p);
    if (actions) p.config.google!.config!.conversionActions = actions;
    const store = createSqliteStore({ path: ':memory:' });
    opened.push(store);
    return { p, store };
  }

  it("Google's fast-fail on a wrong conversion action rejects the request's events with Google's reason", async () => {
    const { p, store } = await setup({}, { form_submit: '999' });
    await store.insert([leadEvent({ id: 'A', ts: ago(20), touch: googleClick(ago(21), { gclid: 'G-A' }) })], { receivedAt: new Date() });
    const [google] = await runSync({ store, config: p.config, only: 'google' });
    expect(google!.line()).toBe('google: 0 sent, 0 accepted, 1 rejected (INVALID_CONVERSION_ACTION_ID), 0 waiting');
    expect(google!.ok).toBe(false);
  });

  it('PARTIAL_SUCCESS: the rows are accepted with the refused count as their reason, and the pass is not ok', async () => {
    const { p, store } = await setup();
    await store.insert(
      [
        leadEvent({ id: 'A', ts: ago(20), touch: googleClick(ago(21), { gclid: 'G-A' }) }),
        leadEvent({ id: 'B', ts: ago(20), touch: googleClick(ago(21), { gclid: 'BAD-GCLID' }) }),
      ],
      { receivedAt: new Date() },
    );
    const [google] = await runSync({ store, config: p.config, only: 'google' });
    expect(google!.line()).toBe('google: 2 sent, 2 accepted, 0 rejected, 0 waiting, 2 of them in partly refused requests (INVALID_GCLID)');
    expect(google!.ok).toBe(false);
  });

  it("Meta: a lead with only Google's hash of its email goes without em, and the summary says how many", async () => {
    const { p, store } = await setup();
    await store.insert(
      [leadEvent({ id: 'old-tracker', ts: ago(3), touch: metaClick(ago(4), 'IwAR-1'), props: { hashedEmail: sha('x@example.com') } })],
      {
        receivedAt: new Date(),
        userAgent: UA,
      },
    );
    const [meta] = await runSync({ store, config: p.config, only: 'meta' });
    expect(meta!.line()).toBe(
      'meta: 1 sent, 1 accepted, 0 rejected, 0 waiting, 1 written without em: only a Google-style hash (tracker older than metaHashedEmail)',
    );
    expect(p.meta.accepted()[0]!.event.user_data).not.toHaveProperty('em');
  });

  it('a planned step taken out of the config waits (put back, it goes), never given up', async () => {
    const { p, store } = await setup({ processingPolls: 0 });
    await store.planUploads([{ conversionId: 'A', step: 'chat_start', destination: 'google' }]);
    const [google] = await runSync({ store, config: p.config, only: 'google' });
    expect(google!.line()).toMatch(/^google: 0 sent, 0 accepted, 0 rejected, 1 waiting \(step not in the config, first due /);
  });

  it('a request still processing stays sent; an OAuth refresh token works as credentials', async () => {
    const { p, store } = await setup({ processingPolls: 1 });
    const user = p.google.oauthUser();
    p.config.google!.config!.credentials = { kind: 'refresh_token', ...user, tokenUri: p.google.tokenUri };
    await store.insert([leadEvent({ id: 'A', ts: ago(20), touch: googleClick(ago(21), { gclid: 'G-A' }) })], { receivedAt: new Date() });
    const [google] = await runSync({ store, config: p.config, only: 'google' });
    expect(google!.line()).toBe('google: 1 sent, 0 accepted, 0 rejected, 0 waiting');
    const [row] = await store.uploads();
    expect(row).toMatchObject({ state: 'sent', requestId: expect.any(String), sentAt: expect.any(String) });
    const [again] = await runSync({ store, config: p.config, only: 'google' });
    expect(again!.line()).toBe('google: 0 sent, 0 accepted, 0 rejected, 0 waiting'); // asked again only after a minute
    expect((await store.uploads())[0]).toEqual(row);
  });
});
