// The fake Conversions API held to Meta's documented behaviour: Meta's official Node SDK
// (facebook-nodejs-business-sdk) as an oracle, then each refusal rule, the token and pixel
// checks, the 48-hour dedupe counting, test events and the faults over plain fetch.
import { createHash } from 'node:crypto';
import bizSdk from 'facebook-nodejs-business-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetaConversionsApi, type MetaConversionsApi } from '../src/ad-platforms';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { FacebookAdsApi, EventRequest, ServerEvent, UserData, CustomData } = bizSdk;
const PIXEL = '1234567890123456';
const TOKEN = 'meta-test-token';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const now = () => Math.floor(Date.now() / 1000);

/** A website Lead Meta accepts. */
function websiteLead(extra: Json = {}): Json {
  return {
    event_name: 'Lead',
    event_time: now() - 60,
    event_id: 'evt-1',
    action_source: 'website',
    event_source_url: 'https://example.com/contact',
    user_data: {
      em: [sha256('jane@example.com')],
      ph: [sha256('16505551212')],
      client_user_agent: 'Mozilla/5.0',
      fbc: 'fb.1.1554763741205.AbCdEf123',
    },
    ...extra,
  };
}

function post(fake: MetaConversionsApi, body: Json, { version = 'v24.0', pixel = PIXEL, token = TOKEN as string | null } = {}) {
  const query = token === null ? '' : `?access_token=${encodeURIComponent(token)}`;
  return fetch(`${fake.url}/${version}/${pixel}/events${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the official SDK (facebook-nodejs-business-sdk) against the fake', () => {
  let fake: MetaConversionsApi;
  let graph: PropertyDescriptor | undefined;
  beforeAll(async () => {
    fake = await startMetaConversionsApi();
    // The SDK builds every URL from the static getter FacebookAdsApi.GRAPH ('https://graph.facebook.com');
    // it has no base-URL option. Redefining that getter points its real request path (axios) at the fake.
    graph = Object.getOwnPropertyDescriptor(FacebookAdsApi, 'GRAPH');
    Object.defineProperty(FacebookAdsApi, 'GRAPH', { get: () => fake.url, configurable: true });
    FacebookAdsApi.init(TOKEN);
  });
  afterAll(async () => {
    if (graph) Object.defineProperty(FacebookAdsApi, 'GRAPH', graph);
    await fake.close();
  });

  const sdkEvent = (name: string) =>
    new ServerEvent()
      .setEventName(name)
      .setEventTime(now() - 30)
      .setEventId(`sdk-${name}`)
      .setActionSource('website')
      .setEventSourceUrl('https://example.com/contact')
      .setUserData(
        new UserData()
          .setEmail(' John.Doe@Gmail.com ')
          .setPhone('16505551212')
          .setClientUserAgent('Mozilla/5.0')
          .setFbc('fb.1.1554763741205.AbCdEf'),
      );

  it('accepts a valid event the SDK sends (JSON body, token in the query and the body, em hashed by Meta’s rule)', async () => {
    const response = await new EventRequest(TOKEN, PIXEL).setEvents([sdkEvent('Lead')]).execute();
    expect(response.events_received).toBe(1);
    const sent = fake.requests.at(-1)!;
    expect(sent.path).toBe(`/${FacebookAdsApi.VERSION}/${PIXEL}/events`);
    expect(sent.query.get('access_token')).toBe(TOKEN);
    expect(String(sent.headers['content-type'])).toContain('application/json');
    const body = JSON.parse(sent.body);
    expect(body.access_token).toBe(TOKEN);
    expect(body.data[0].user_data.em).toEqual([sha256('john.doe@gmail.com')]);
    expect(fake.eventsCounted()).toHaveLength(1);
  });

  it('takes the SDK’s test_event_code: the event is listed as a test event, not counted', async () => {
    const response = await new EventRequest(TOKEN, PIXEL)
      .setEvents([sdkEvent('Contact')])
      .setTestEventCode('TEST4242')
      .execute();
    expect(response.events_received).toBe(1);
    expect(fake.testEvents().map((e) => [e.testEventCode, e.event.event_name])).toEqual([['TEST4242', 'Contact']]);
    expect(fake.eventsCounted().map((e) => e.event.event_name)).toEqual(['Lead']);
  });

  it('refuses a Purchase without value and currency; the SDK throws FacebookRequestError with Meta’s envelope', async () => {
    const error = await new EventRequest(TOKEN, PIXEL)
      .setEvents([sdkEvent('Purchase').setCustomData(new CustomData().setContentName('x'))])
      .execute()
      .then(
        () => undefined,
        (e: Json) => e,
      );
    expect(error?.name).toBe('FacebookRequestError');
    expect(error?.status).toBe(400);
    expect(error?.response).toMatchObject({ type: 'OAuthException', code: 100, error_user_title: 'Purchase needs value and currency' });
    expect(fake.accepted()).toHaveLength(2);
  });
});

const refusals: [string, Json[], string | number][] = [
  ['no event_name', [websiteLead({ event_name: '' })], 'Missing event_name'],
  ['event_time in milliseconds (the future)', [websiteLead({ event_time: Date.now() })], 'Event time in the future'],
  ['event_time as a string', [websiteLead({ event_time: String(now()) })], 'Invalid event time'],
  [
    'one event older than 7 days (the whole request)',
    [websiteLead(), websiteLead({ event_time: now() - 8 * 86400 })],
    'Event timestamp too old',
  ],
  ['an unknown action_source', [websiteLead({ action_source: 'crm' })], 'Invalid action_source'],
  ['a website event without event_source_url', [websiteLead({ event_source_url: undefined })], 'Missing event_source_url'],
  ['a website event without client_user_agent', [websiteLead({ user_data: { em: [sha256('a')] } })], 'Missing client_user_agent'],
  ['no customer information', [websiteLead({ action_source: 'system_generated', user_data: {} })], 2804050],
  [
    'an unhashed email',
    [websiteLead({ user_data: { em: ['jane@example.com'], client_user_agent: 'UA' } })],
    'Unhashed customer information',
  ],
  [
    'an uppercase hash',
    [websiteLead({ user_data: { ph: sha256('1').toUpperCase(), client_user_agent: 'UA' } })],
    'Unhashed customer information',
  ],
  ['an fbc that is only the fbclid', [websiteLead({ user_data: { fbc: 'AbCdEf123', client_user_agent: 'UA' } })], 'Invalid fbc'],
  ['an fbc with seconds, not ms', [websiteLead({ user_data: { fbc: 'fb.1.1554763741.AbCdEf', client_user_agent: 'UA' } })], 'Invalid fbc'],
  ['an invalid currency', [websiteLead({ custom_data: { value: 10, currency: 'XYZ' } })], 'Invalid currency'],
  ['a value without currency', [websiteLead({ custom_data: { value: 10 } })], 'Missing currency'],
  [
    'a Purchase without value',
    [websiteLead({ event_name: 'Purchase', custom_data: { currency: 'EUR' } })],
    'Purchase needs value and currency',
  ],
];

describe('the events endpoint refuses, whole request, in the Graph error envelope', () => {
  let fake: MetaConversionsApi;
  beforeAll(async () => void (fake = await startMetaConversionsApi()));
  afterAll(() => fake.close());

  it('accepts the valid events these cases spoil, a CRM event, and a lowercase currency', async () => {
    const crm = {
      event_name: 'Purchase',
      event_time: now() - 3600,
      action_source: 'system_generated',
      user_data: { em: sha256('a@b.c') },
      custom_data: { value: 99.5, currency: 'eur' },
    };
    const res = await post(fake, { data: [websiteLead(), crm] });
    expect(await res.json()).toMatchObject({ events_received: 2, messages: [], fbtrace_id: expect.any(String) });
  });

  it.each(refusals)('%s', async (_name, data, expected) => {
    const before = fake.accepted().length;
    const res = await post(fake, { data });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as Json;
    expect(error).toMatchObject({ type: 'OAuthException', code: 100, fbtrace_id: expect.any(String) });
    if (typeof expected === 'number') expect(error.error_subcode).toBe(expected);
    else expect(error.error_user_title).toBe(expected);
    expect(fake.accepted()).toHaveLength(before);
  });

  it.each([
    ['no data', {}, '(#100) The parameter data is required'],
    ['data that is not an array', { data: 'x' }, '(#100) param data must be an array.'],
    [
      '1,001 events',
      { data: Array.from({ length: 1001 }, () => websiteLead()) },
      '(#100) param data must be an array of at most 1000 elements.',
    ],
  ])('refuses %s', async (_name, body, message) => {
    const res = await post(fake, body);
    expect([res.status, ((await res.json()) as Json).error]).toMatchObject([400, { code: 100, message }]);
  });

  it('takes the form-encoded body of Meta’s curl sample (data=<JSON>&access_token=…)', async () => {
    const form = new URLSearchParams({ data: JSON.stringify([websiteLead({ event_id: 'form-1' })]), access_token: TOKEN });
    const res = await fetch(`${fake.url}/v24.0/${PIXEL}/events`, { method: 'POST', body: form });
    expect(await res.json()).toMatchObject({ events_received: 1 });
  });

  it.each([
    ['no token', { token: null }, { code: 104 }],
    ['an unknown token', { token: 'nope' }, { code: 190, type: 'OAuthException' }],
    ['an unknown pixel', { pixel: '999' }, { code: 100, error_subcode: 33, type: 'GraphMethodException' }],
    ['a path that is not a version', { version: 'latest' }, { code: 2500 }],
  ])('refuses %s', async (_name, where, error) => {
    const res = await post(fake, { data: [websiteLead()] }, where);
    expect([res.status, ((await res.json()) as Json).error]).toMatchObject([400, error]);
  });
});

describe('what Meta counts', () => {
  let fake: MetaConversionsApi;
  beforeAll(async () => void (fake = await startMetaConversionsApi()));
  afterAll(() => fake.close());

  it('counts (event_name, event_id) once, events without event_id each time, and never test events', async () => {
    await post(fake, {
      data: [websiteLead({ event_id: 'a' }), websiteLead({ event_id: 'a' }), websiteLead({ event_id: 'a', event_name: 'Contact' })],
    });
    await post(fake, { data: [websiteLead({ event_id: 'a' })] });
    await post(fake, { data: [websiteLead({ event_id: undefined }), websiteLead({ event_id: undefined })] });
    await post(fake, { data: [websiteLead({ event_id: 'b' })], test_event_code: 'TEST123' });
    expect(fake.accepted()).toHaveLength(7);
    expect(fake.testEvents().map((e) => e.testEventCode)).toEqual(['TEST123']);
    expect(fake.eventsCounted().map((e) => `${e.event.event_name}:${e.event.event_id ?? '-'}`)).toEqual([
      'Lead:a',
      'Contact:a',
      'Lead:-',
      'Lead:-',
    ]);
  });
});

describe('faults', () => {
  let fake: MetaConversionsApi;
  beforeAll(async () => void (fake = await startMetaConversionsApi()));
  afterAll(() => fake.close());

  it('failNext: 500 (code 1) and 503 (code 2), transient, nothing stored', async () => {
    fake.behave({ failNext: 1 });
    fake.behave({ failNext: 1, status: 503 });
    for (const [status, code] of [
      [500, 1],
      [503, 2],
    ]) {
      const res = await post(fake, { data: [websiteLead()] });
      expect([res.status, ((await res.json()) as Json).error]).toMatchObject([status, { code, is_transient: true }]);
    }
    expect(fake.accepted()).toHaveLength(0);
  });

  it('rateLimitNext: code 4 (default status 400) or 17 on 429 with Retry-After', async () => {
    fake.behave({ rateLimitNext: 1 });
    fake.behave({ rateLimitNext: 1, code: 17, status: 429, retryAfter: 5 });
    const first = await post(fake, { data: [websiteLead()] });
    expect([first.status, ((await first.json()) as Json).error]).toMatchObject([400, { code: 4, is_transient: true }]);
    const second = await post(fake, { data: [websiteLead()] });
    expect([second.status, second.headers.get('retry-after'), ((await second.json()) as Json).error]).toMatchObject([
      429,
      '5',
      { code: 17 },
    ]);
    expect(fake.accepted()).toHaveLength(0);
  });

  it('hangNext: stores the batch and never answers; the resend with the same event_id is not counted twice', async () => {
    fake.behave({ hangNext: 1 });
    const url = `${fake.url}/v24.0/${PIXEL}/events?access_token=${TOKEN}`;
    const body = JSON.stringify({ data: [websiteLead({ event_id: 'hung' })] });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    await expect(fetch(url, { ...init, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(fake.requests.at(-1)?.fault).toBe('hang-after-store');
    expect((await fetch(url, init)).status).toBe(200);
    expect(fake.accepted()).toHaveLength(2);
    expect(fake.eventsCounted()).toHaveLength(1);
  });

  it('expireTokens: 190/463 until renewTokens', async () => {
    fake.behave({ expireTokens: true });
    const res = await post(fake, { data: [websiteLead()] });
    expect(((await res.json()) as Json).error).toMatchObject({ code: 190, error_subcode: 463 });
    fake.behave({ renewTokens: true });
    expect((await post(fake, { data: [websiteLead()] })).status).toBe(200);
  });
});
