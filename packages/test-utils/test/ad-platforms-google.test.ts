// The fake Data Manager API held to Google's documented behaviour: the official Node client
// (@google-ads/datamanager over its REST fallback, authorised by google-auth-library's OAuth2Client
// against the fake's token endpoint) as an oracle, then each refusal rule, the status progression,
// the adjustment/dedupe counting and the faults over plain fetch.
import { createHash } from 'node:crypto';
import { IngestionServiceClient, protos } from '@google-ads/datamanager';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeServiceAccountKey, signServiceAccountAssertion, startGoogleDataManager, type GoogleDataManager } from '../src/ad-platforms';

const v1 = protos.google.ads.datamanager.v1;
const HOUR = 3_600_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A request Google accepts: one click conversion and one enhanced conversion for leads. */
function validRequest(): Json {
  return {
    destinations: [{ operatingAccount: { accountId: '1234567890', accountType: 'GOOGLE_ADS' }, productDestinationId: '111' }],
    encoding: 'HEX',
    consent: { adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' },
    events: [
      {
        transactionId: 'lead-1:form_submit',
        eventTimestamp: iso(Date.now() - HOUR),
        adIdentifiers: { gclid: 'gclid-1' },
        currency: 'EUR',
        conversionValue: 10,
        eventSource: 'WEB',
      },
      {
        transactionId: 'lead-2:form_submit',
        eventTimestamp: iso(Date.now() - 2 * HOUR),
        userData: { userIdentifiers: [{ emailAddress: sha256('jane@example.com') }, { phoneNumber: sha256('+16505551212') }] },
        eventSource: 'PHONE',
      },
    ],
  };
}

async function tokenFor(fake: GoogleDataManager): Promise<string> {
  const user = fake.oauthUser();
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: user.clientId,
    client_secret: user.clientSecret,
    refresh_token: user.refreshToken,
  });
  const res = await fetch(fake.tokenUri, { method: 'POST', body: form });
  return ((await res.json()) as Json).access_token;
}

function ingest(fake: GoogleDataManager, token: string, body: unknown, signal?: AbortSignal) {
  return fetch(`${fake.url}/v1/events:ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

async function status(fake: GoogleDataManager, token: string, requestId: string) {
  const res = await fetch(`${fake.url}/v1/requestStatus:retrieve?requestId=${encodeURIComponent(requestId)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** Ingests and polls until processing is over; the per-destination answer. */
async function ingestAndSettle(fake: GoogleDataManager, token: string, body: unknown): Promise<[Json, ...Json[]]> {
  const res = await ingest(fake, token, body);
  const { requestId } = (await res.json()) as Json;
  expect(res.status, JSON.stringify(requestId)).toBe(200);
  for (;;) {
    const answer = await status(fake, token, requestId);
    const perDestination: Json[] = answer.body.requestStatusPerDestination;
    if (perDestination.every((d) => d.requestStatus !== 'PROCESSING')) return perDestination as [Json, ...Json[]];
  }
}

describe('the official client (@google-ads/datamanager, REST fallback) against the fake', () => {
  let fake: GoogleDataManager;
  let client: IngestionServiceClient;
  beforeAll(async () => {
    fake = await startGoogleDataManager({ processingPolls: 1 });
    const user = fake.oauthUser();
    // google-auth-library's OAuth2Client takes its token URL as an option (endpoints.oauth2TokenUrl);
    // its JWT (service account) client does not: gtoken hard-codes https://oauth2.googleapis.com/token
    // as both URL and aud, so the JWT-bearer grant is tested below with a JWT signed here.
    const auth = new OAuth2Client({
      clientId: user.clientId,
      clientSecret: user.clientSecret,
      endpoints: { oauth2TokenUrl: fake.tokenUri },
    });
    auth.setCredentials({ refresh_token: user.refreshToken });
    const { hostname, port } = new URL(fake.url);
    client = new IngestionServiceClient({ fallback: true, protocol: 'http', apiEndpoint: hostname, port: Number(port), authClient: auth });
  });
  afterAll(async () => {
    await client.close();
    await fake.close();
  });

  const protoRequest = (transactionId: string) =>
    v1.IngestEventsRequest.create({
      destinations: [
        {
          operatingAccount: { accountId: '1234567890', accountType: v1.ProductAccount.AccountType.GOOGLE_ADS },
          productDestinationId: '111',
        },
      ],
      encoding: v1.Encoding.HEX,
      consent: { adUserData: v1.ConsentStatus.CONSENT_GRANTED, adPersonalization: v1.ConsentStatus.CONSENT_GRANTED },
      events: [
        {
          transactionId,
          eventTimestamp: { seconds: Math.floor(Date.now() / 1000) - 3600 },
          adIdentifiers: { gclid: 'Cj0KCQ-client' },
          userData: { userIdentifiers: [{ emailAddress: sha256('jane@example.com') }] },
          currency: 'EUR',
          conversionValue: 12.5,
          eventSource: v1.EventSource.WEB,
        },
      ],
    });

  it('sends numeric enums and $alt=json;enum-encoding=int, gets a requestId, then PROCESSING, then SUCCESS', async () => {
    const [response] = await client.ingestEvents(protoRequest('client-1'));
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const sent = fake.requests.find((r) => r.path === '/v1/events:ingest')!;
    expect(sent.query.get('$alt')).toBe('json;enum-encoding=int');
    expect(JSON.parse(sent.body)).toMatchObject({
      encoding: 1,
      consent: { adUserData: 1 },
      destinations: [{ operatingAccount: { accountType: 1 } }],
      events: [{ eventSource: 1 }],
    });
    expect(JSON.parse(sent.body).events[0].eventTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const [first] = await client.retrieveRequestStatus({ requestId: response.requestId });
    expect(first.requestStatusPerDestination?.[0]?.requestStatus).toBe('PROCESSING');
    const [second] = await client.retrieveRequestStatus({ requestId: response.requestId });
    expect(second.requestStatusPerDestination?.[0]).toMatchObject({
      requestStatus: 'SUCCESS',
      eventsIngestionStatus: { recordCount: '1' },
    });
    expect(fake.conversionsCounted()).toEqual([{ conversionActionId: '111', transactionId: 'client-1' }]);
  });

  it('validateOnly: the client gets an empty response (no requestId) and nothing is stored', async () => {
    const before = fake.accepted().length;
    const [response] = await client.ingestEvents({ ...protoRequest('client-dry'), validateOnly: true });
    expect(response.requestId ?? '').toBe('');
    expect(fake.accepted()).toHaveLength(before);
  });

  it('surfaces a refused request as an error carrying Google’s 400 body with the reason and field', async () => {
    // Over the fallback, google-gax fetches through the auth client (gaxios), which rejects any
    // non-2xx itself: the error is a GaxiosError (status 400) whose message is Google's JSON body,
    // not a GoogleError with .reason. Observed with google-gax 5.0 / google-auth-library 10.5.
    const bad = protoRequest('');
    const error = await client.ingestEvents(bad).then(
      () => undefined,
      (e: Json) => e,
    );
    expect(error?.status).toBe(400);
    const body = JSON.parse(error!.message);
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.details[0]).toMatchObject({
      reason: 'REQUIRED_FIELD_MISSING',
      domain: 'datamanager.googleapis.com',
      metadata: { field: 'events[0].transactionId' },
    });
    expect(fake.conversionsCounted()).toHaveLength(1);
  });
});

describe('the token endpoint', () => {
  let fake: GoogleDataManager;
  beforeAll(async () => void (fake = await startGoogleDataManager()));
  afterAll(() => fake.close());

  const grant = async (assertion: string) => {
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    const res = await fetch(fake.tokenUri, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('exchanges a service account JWT signed with the key file’s key for a Bearer token the API takes', async () => {
    const { key, path } = fake.serviceAccountKey();
    expect(key).toMatchObject({ type: 'service_account', token_uri: fake.tokenUri });
    expect(path).toMatch(/\.json$/);
    const answer = await grant(signServiceAccountAssertion(key));
    expect(answer).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3600 } });
    expect((await ingest(fake, answer.body.access_token, validRequest())).status).toBe(200);
  });

  it.each([
    ['a key it does not trust', () => signServiceAccountAssertion(makeServiceAccountKey(fake.tokenUri).key), 401, 'invalid_client'],
    [
      'a signature by another key',
      () =>
        signServiceAccountAssertion({
          ...makeServiceAccountKey(fake.tokenUri).key,
          client_email: fake.serviceAccountKey().key.client_email,
        }),
      400,
      'invalid_grant',
    ],
    [
      'the adwords scope',
      () => signServiceAccountAssertion(fake.serviceAccountKey().key, { scope: 'https://www.googleapis.com/auth/adwords' }),
      400,
      'invalid_scope',
    ],
    [
      'aud not the token_uri',
      () => signServiceAccountAssertion(fake.serviceAccountKey().key, { aud: 'https://oauth2.googleapis.com/token' }),
      400,
      'invalid_grant',
    ],
    [
      'exp more than an hour after iat',
      () => signServiceAccountAssertion(fake.serviceAccountKey().key, { exp: Math.floor(Date.now() / 1000) + 7200 }),
      400,
      'invalid_grant',
    ],
    [
      'an expired assertion',
      () =>
        signServiceAccountAssertion(fake.serviceAccountKey().key, {
          iat: Math.floor(Date.now() / 1000) - 7200,
          exp: Math.floor(Date.now() / 1000) - 3600,
        }),
      400,
      'invalid_grant',
    ],
    ['garbage', () => 'not.a.jwt', 400, 'invalid_grant'],
  ])('refuses %s', async (_name, assertion, code, error) => {
    expect(await grant(assertion())).toMatchObject({ status: code, body: { error } });
  });

  it('refuses a refresh token with the wrong client secret, and an unknown grant type', async () => {
    const user = fake.oauthUser();
    const wrong = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: user.clientId,
      client_secret: 'nope',
      refresh_token: user.refreshToken,
    });
    expect((await fetch(fake.tokenUri, { method: 'POST', body: wrong })).status).toBe(401);
    const res = await fetch(fake.tokenUri, { method: 'POST', body: new URLSearchParams({ grant_type: 'password' }) });
    expect(await res.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers 401 UNAUTHENTICATED (ACCESS_TOKEN_EXPIRED) once a token has expired, and without a token', async () => {
    const short = await startGoogleDataManager({ tokenLifetimeSeconds: 1 });
    try {
      const token = await tokenFor(short);
      expect((await ingest(short, token, validRequest())).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const res = await ingest(short, token, validRequest());
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        error: { code: 401, status: 'UNAUTHENTICATED', details: [{ reason: 'ACCESS_TOKEN_EXPIRED' }] },
      });
      expect((await ingest(short, '', validRequest())).status).toBe(401);
      expect(short.accepted()).toHaveLength(2);
    } finally {
      await short.close();
    }
  });
});

type Mutation = (request: Json) => void;
const refusals: [string, Mutation, string, string][] = [
  ['no destinations', (r) => (r.destinations = []), 'destinations', 'REQUIRED_FIELD_MISSING'],
  [
    '11 destinations',
    (r) => (r.destinations = Array.from({ length: 11 }, () => r.destinations[0])),
    'destinations',
    'TOO_MANY_DESTINATIONS',
  ],
  [
    'an account id with hyphens',
    (r) => (r.destinations[0].operatingAccount.accountId = '123-456-7890'),
    'destinations[0].operatingAccount.accountId',
    'INVALID_DESTINATION',
  ],
  [
    'no account type',
    (r) => delete r.destinations[0].operatingAccount.accountType,
    'destinations[0].operatingAccount.accountType',
    'REQUIRED_FIELD_MISSING',
  ],
  [
    'an unknown account type',
    (r) => (r.destinations[0].operatingAccount.accountType = 'YOUTUBE'),
    'destinations[0].operatingAccount.accountType',
    'INVALID_ENUM_VALUE',
  ],
  [
    'an unknown conversion action',
    (r) => (r.destinations[0].productDestinationId = '999'),
    'destinations[0].productDestinationId',
    'INVALID_CONVERSION_ACTION_ID',
  ],
  [
    'a duplicate destination reference',
    (r) =>
      (r.destinations = [
        { ...r.destinations[0], reference: 'a' },
        { ...r.destinations[0], reference: 'a' },
      ]),
    'destinations[1].reference',
    'DUPLICATE_DESTINATION_REFERENCE',
  ],
  ['no events', (r) => (r.events = []), 'events', 'REQUIRED_FIELD_MISSING'],
  [
    '2,001 events',
    (r) => (r.events = Array.from({ length: 2001 }, (_, i) => ({ ...r.events[0], transactionId: `t${i}` }))),
    'events',
    'TOO_MANY_EVENTS',
  ],
  ['no transactionId', (r) => delete r.events[1].transactionId, 'events[1].transactionId', 'REQUIRED_FIELD_MISSING'],
  ['no eventTimestamp', (r) => delete r.events[0].eventTimestamp, 'events[0].eventTimestamp', 'REQUIRED_FIELD_MISSING'],
  ['a timestamp without a zone', (r) => (r.events[0].eventTimestamp = '2026-06-20 14:03:00'), 'events[0].eventTimestamp', 'INVALID_FORMAT'],
  ['a future timestamp', (r) => (r.events[0].eventTimestamp = iso(Date.now() + HOUR)), 'events[0].eventTimestamp', 'INVALID_EVENT'],
  ['no identifier', (r) => delete r.events[0].adIdentifiers, 'events[0]', 'NO_IDENTIFIERS_PROVIDED'],
  [
    '11 user identifiers',
    (r) => (r.events[1].userData.userIdentifiers = Array.from({ length: 11 }, () => ({ emailAddress: sha256('x') }))),
    'events[1].userData.userIdentifiers',
    'TOO_MANY_USER_IDENTIFIERS',
  ],
  [
    'an unhashed email',
    (r) => (r.events[1].userData.userIdentifiers[0].emailAddress = 'jane@example.com'),
    'events[1].userData.userIdentifiers[0].emailAddress',
    'INVALID_HEX_ENCODING',
  ],
  [
    'uppercase hex',
    (r) => (r.events[1].userData.userIdentifiers[0].emailAddress = sha256('a').toUpperCase()),
    'events[1].userData.userIdentifiers[0].emailAddress',
    'INVALID_HEX_ENCODING',
  ],
  [
    'a short hash',
    (r) => (r.events[1].userData.userIdentifiers[1].phoneNumber = sha256('a').slice(0, 40)),
    'events[1].userData.userIdentifiers[1].phoneNumber',
    'INVALID_SHA256_FORMAT',
  ],
  ['hex declared as BASE64', (r) => (r.encoding = 'BASE64'), 'events[1].userData.userIdentifiers[0].emailAddress', 'INVALID_SHA256_FORMAT'],
  ['userData without encoding', (r) => delete r.encoding, 'encoding', 'REQUIRED_FIELD_MISSING'],
  ['an invalid currency', (r) => (r.events[0].currency = 'XYZ'), 'events[0].currency', 'INVALID_CURRENCY_CODE'],
  ['a value that is not a number', (r) => (r.events[0].conversionValue = '10'), 'events[0].conversionValue', 'INVALID_NUMBER_FORMAT'],
  ['an unknown consent status', (r) => (r.consent.adUserData = 'YES'), 'consent.adUserData', 'INVALID_ENUM_VALUE'],
  ['an unknown event source', (r) => (r.events[0].eventSource = 'CRM'), 'events[0].eventSource', 'INVALID_ENUM_VALUE'],
  ['an unknown numeric enum', (r) => (r.events[0].eventSource = 9), 'events[0].eventSource', 'INVALID_ENUM_VALUE'],
  ['encryptionInfo (not modelled by the fake)', (r) => (r.encryptionInfo = {}), 'encryptionInfo', 'INVALID_ARGUMENT'],
];

describe('events:ingest refuses, whole request (fast-fail), in Google’s error shape', () => {
  let fake: GoogleDataManager;
  let token: string;
  beforeAll(async () => {
    fake = await startGoogleDataManager();
    token = await tokenFor(fake);
  });
  afterAll(() => fake.close());

  it('accepts the valid request these cases spoil, and the deprecated `product` field', async () => {
    expect((await ingest(fake, token, validRequest())).status).toBe(200);
    const legacy = validRequest();
    legacy.destinations[0].operatingAccount = { accountId: '1234567890', product: 'GOOGLE_ADS' };
    expect((await ingest(fake, token, legacy)).status).toBe(200);
  });

  it.each(refusals)('%s', async (_name, spoil, field, reason) => {
    const before = fake.accepted().length;
    const request = validRequest();
    spoil(request);
    const res = await ingest(fake, token, request);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as Json;
    expect(error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(error.details).toContainEqual({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason,
      domain: 'datamanager.googleapis.com',
      metadata: { field },
    });
    expect(fake.accepted()).toHaveLength(before);
  });

  it('answers 403 PERMISSION_DENIED for an operating account the credentials may not use', async () => {
    const restricted = await startGoogleDataManager({ operatingAccountIds: ['1234567890'] });
    try {
      const restrictedToken = await tokenFor(restricted);
      expect((await ingest(restricted, restrictedToken, validRequest())).status).toBe(200);
      const other = validRequest();
      other.destinations[0].operatingAccount.accountId = '9999999999';
      const res = await ingest(restricted, restrictedToken, other);
      expect([res.status, ((await res.json()) as Json).error]).toMatchObject([
        403,
        { status: 'PERMISSION_DENIED', details: [{ reason: 'PERMISSION_DENIED' }] },
      ]);
      expect(restricted.accepted()).toHaveLength(2);
    } finally {
      await restricted.close();
    }
  });

  it('validateOnly: answers {} and stores nothing; there is no status to retrieve', async () => {
    const before = fake.accepted().length;
    const res = await ingest(fake, token, { ...validRequest(), validateOnly: true });
    expect(await res.json()).toEqual({});
    expect(fake.accepted()).toHaveLength(before);
    const answer = await status(fake, token, 'no-such-request');
    expect([answer.status, answer.body.error.details[0].reason]).toEqual([400, 'INVALID_REQUEST_ID']);
  });
});

describe('requestStatus:retrieve: what Google did with each event', () => {
  let fake: GoogleDataManager;
  let token: string;
  const clickAt = Date.now() - 10 * 24 * HOUR;
  beforeAll(async () => {
    fake = await startGoogleDataManager({
      processingPolls: 2,
      invalidClickIds: ['gclid-unknown'],
      clicks: { 'gclid-old': clickAt, 'gclid-fresh': Date.now() - HOUR },
    });
    token = await tokenFor(fake);
  });
  afterAll(() => fake.close());

  const clickEvent = (transactionId: string, gclid: string, at: number, extra: Json = {}) => ({
    transactionId,
    eventTimestamp: iso(at),
    adIdentifiers: { gclid },
    ...extra,
  });
  const request = (...events: Json[]) => ({ ...validRequest(), events });

  it('answers PROCESSING for the configured number of polls, then SUCCESS with the record count', async () => {
    const res = await ingest(fake, token, validRequest());
    const { requestId } = (await res.json()) as Json;
    for (const expected of ['PROCESSING', 'PROCESSING', 'SUCCESS']) {
      const answer = await status(fake, token, requestId);
      expect(answer.body.requestStatusPerDestination[0].requestStatus).toBe(expected);
    }
    expect(fake.statusOf(requestId)?.[0]).toMatchObject({ requestStatus: 'SUCCESS', eventsIngestionStatus: { recordCount: '2' } });
  });

  it('counts per (conversion action, transactionId): a transactionId seen before is an adjustment restating the value, not a second conversion', async () => {
    const again = await ingestAndSettle(
      fake,
      token,
      request(clickEvent('adj-1', 'gclid-a', Date.now() - HOUR, { conversionValue: 5, currency: 'EUR' })),
    );
    expect(again[0].requestStatus).toBe('SUCCESS');
    await ingestAndSettle(
      fake,
      token,
      request(clickEvent('adj-1', 'gclid-a', Date.now() - HOUR, { conversionValue: 50, currency: 'EUR' })),
    );
    const adj = fake.accepted().filter((e) => e.transactionId === 'adj-1');
    expect(adj.map((e) => e.outcome)).toEqual(['counted', 'adjustment']);
    expect(fake.conversionsCounted().filter((c) => c.transactionId === 'adj-1')).toHaveLength(1);
    // The conversion Google holds now has the value the adjustment gave (reference §6: "restate a value").
    expect(fake.conversions().filter((c) => c.transactionId === 'adj-1')).toEqual([
      { conversionActionId: '111', transactionId: 'adj-1', conversionValue: 50, currency: 'EUR', adjustments: 1 },
    ]);
  });

  it.each([
    ['an unknown gclid', clickEvent('p-1', 'gclid-unknown', Date.now() - HOUR), 'PROCESSING_ERROR_REASON_INVALID_GCLID'],
    ['a click under 6 hours old', clickEvent('p-2', 'gclid-fresh', Date.now() - 60_000), 'PROCESSING_ERROR_REASON_INVALID_EVENT'],
    ['a conversion before its click', clickEvent('p-3', 'gclid-old', clickAt - HOUR), 'PROCESSING_ERROR_REASON_INVALID_EVENT'],
    [
      'denied ad_user_data consent',
      clickEvent('p-4', 'gclid-b', Date.now() - HOUR, { consent: { adUserData: 'CONSENT_DENIED' } }),
      'PROCESSING_ERROR_REASON_DENIED_CONSENT',
    ],
    ['the same gclid and time under another transactionId', clickEvent('p-5', 'gclid-a', 0), 'PROCESSING_ERROR_REASON_DUPLICATE_GCLID'],
  ])('refuses %s (FAILED), and a request mixing it with a good event is PARTIAL_SUCCESS', async (_name, event, reason) => {
    if (event.transactionId === 'p-5')
      event.eventTimestamp = fake.accepted().find((e) => e.transactionId === 'adj-1')!.event.eventTimestamp;
    const [failed] = await ingestAndSettle(fake, token, request(event));
    expect(failed).toMatchObject({ requestStatus: 'FAILED', errorInfo: { errorCounts: [{ recordCount: '1', reason }] } });
    const [partial] = await ingestAndSettle(
      fake,
      token,
      request(
        { ...event, transactionId: `${event.transactionId}b` },
        clickEvent(`${event.transactionId}-ok`, 'gclid-c', Date.now() - HOUR),
      ),
    );
    expect(partial.requestStatus).toBe('PARTIAL_SUCCESS');
  });

  it('refuses a conversion more than 90 days after its click (EVENT_TOO_OLD)', async () => {
    fake.click('gclid-ancient', Date.now() - 100 * 24 * HOUR);
    const [answer] = await ingestAndSettle(fake, token, request(clickEvent('p-6', 'gclid-ancient', Date.now() - HOUR)));
    expect(answer.errorInfo.errorCounts).toEqual([{ recordCount: '1', reason: 'PROCESSING_ERROR_REASON_EVENT_TOO_OLD' }]);
  });

  it("with repeatedTransactionId: 'reject', a seen transactionId is DUPLICATE_TRANSACTION_ID", async () => {
    const strict = await startGoogleDataManager({ processingPolls: 0, repeatedTransactionId: 'reject' });
    try {
      const strictToken = await tokenFor(strict);
      await ingestAndSettle(strict, strictToken, validRequest());
      const [answer] = await ingestAndSettle(strict, strictToken, validRequest());
      expect(answer).toMatchObject({
        requestStatus: 'FAILED',
        errorInfo: { errorCounts: [{ recordCount: '2', reason: 'PROCESSING_ERROR_REASON_DUPLICATE_TRANSACTION_ID' }] },
      });
      expect(strict.conversionsCounted()).toHaveLength(2);
    } finally {
      await strict.close();
    }
  });
});

describe('faults', () => {
  let fake: GoogleDataManager;
  let token: string;
  beforeAll(async () => {
    fake = await startGoogleDataManager({ processingPolls: 0 });
    token = await tokenFor(fake);
  });
  afterAll(() => fake.close());

  it('failNext: answers 503 UNAVAILABLE (then 500 INTERNAL) and stores nothing; then works again', async () => {
    fake.behave({ failNext: 1, status: 503 });
    fake.behave({ failNext: 1 });
    const first = await ingest(fake, token, validRequest());
    expect([first.status, ((await first.json()) as Json).error.status]).toEqual([503, 'UNAVAILABLE']);
    const second = await ingest(fake, token, validRequest());
    expect([second.status, ((await second.json()) as Json).error.status]).toEqual([500, 'INTERNAL']);
    expect(fake.accepted()).toHaveLength(0);
    expect((await ingest(fake, token, validRequest())).status).toBe(200);
  });

  it('rateLimitNext: 429 RESOURCE_EXHAUSTED with Retry-After', async () => {
    fake.behave({ rateLimitNext: 2, retryAfter: 7 });
    for (let i = 0; i < 2; i++) {
      const res = await ingest(fake, token, validRequest());
      expect([res.status, res.headers.get('retry-after')]).toEqual([429, '7']);
      expect(await res.json()).toMatchObject({
        error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ reason: 'RESOURCE_EXHAUSTED' }] },
      });
    }
  });

  it('hangNext: stores the batch and never answers; the client’s resend is an adjustment, counted once', async () => {
    fake.behave({ hangNext: 1 });
    const request = { ...validRequest(), events: [{ ...validRequest().events[0], transactionId: 'hung-1' }] };
    await expect(ingest(fake, token, request, AbortSignal.timeout(300))).rejects.toThrow();
    expect(fake.requests.at(-1)?.fault).toBe('hang-after-store');
    expect((await ingest(fake, token, request)).status).toBe(200);
    expect(
      fake
        .accepted()
        .filter((e) => e.transactionId === 'hung-1')
        .map((e) => e.outcome),
    ).toEqual(['counted', 'adjustment']);
    expect(fake.conversionsCounted().filter((c) => c.transactionId === 'hung-1')).toHaveLength(1);
  });

  it('hangNext with afterStore: false stores nothing', async () => {
    fake.behave({ hangNext: 1, afterStore: false });
    const before = fake.accepted().length;
    await expect(ingest(fake, token, validRequest(), AbortSignal.timeout(300))).rejects.toThrow();
    expect(fake.accepted()).toHaveLength(before);
  });

  it('expireTokens: the token in use gets 401 mid-run; a new token works', async () => {
    fake.behave({ expireTokens: true });
    expect((await ingest(fake, token, validRequest())).status).toBe(401);
    token = await tokenFor(fake);
    expect((await ingest(fake, token, validRequest())).status).toBe(200);
  });
});
