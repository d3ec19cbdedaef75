import { validBatch } from '@leadbeacon/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_STATUSES, createCollector } from '../src/index';
import type { Collector, StoredEvent, WireEvent } from '../src/index';
import { importCrmFile } from '../src/crm/import-file';
import { googleClick, leadEvent } from './helpers';
import { openTestStore, STORE_KINDS } from './stores';

/**
 * SQL injection: every value that reaches SQL goes as a bound parameter. These strings go into
 * every field of events and outcomes, the CSV import, and every filter of the read routes, and
 * must come back exactly as sent, with every table intact.
 */
const HOSTILE = [
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  "x' OR '1'='1",
  '1; DELETE FROM leads',
  "Robert'); DROP TABLE outcomes;--",
  '$1 $2 ? ?1 :name @p',
  "\\'; SELECT pg_sleep(10); --",
  "%' OR 1=1 ESCAPE '\\",
  "ANY(ARRAY['x']) /* */",
  'ünïcödé ☃ 𝌆 \u2028 \t tab',
];
const TOKEN = 'injection-test-token-0123';
const auth = { authorization: `Bearer ${TOKEN}` };

/** A lead event with `h` in every free-text field it has. */
function hostileEvent(h: string, i: number): WireEvent {
  const e = leadEvent({
    id: `${h}#${i}`.slice(0, 64),
    ts: '2026-11-20T10:00:00Z',
    anonymousId: `${h}#anon`.slice(0, 64),
    sessionId: `${h}#sess`.slice(0, 64),
    userId: h,
    value: 10,
    currency: 'USD',
    url: `https://site.example/?q=${h}`,
    touch: {
      ...googleClick('2026-11-20T09:00:00Z', { gclid: h, [h]: h }, h),
      source: h,
      medium: h,
      term: h,
      content: h,
      referrer: h,
      landingPage: h,
    },
    props: { formId: h, fieldNames: [h], via: 'native', [h]: h },
  });
  e.page = { url: `https://site.example/?q=${h}`, path: h, title: h, referrer: h };
  return e;
}

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(async (c) => (await c.close(), c.store.close())));
});

describe.each(STORE_KINDS)('%s store: SQL injection strings are data', (kind) => {
  async function seeded() {
    const c = await createCollector({ port: 0, store: await openTestStore(kind), adminToken: TOKEN, rateLimit: { rate: 0, burst: 0 } });
    open.push(c);
    const events = HOSTILE.flatMap((h, i) => [
      hostileEvent(h, i),
      { ...hostileEvent(h, i + 100), type: 'custom' as const, name: h, props: { [h]: h } },
    ]);
    const res = await fetch(`${c.url}/collect`, { method: 'POST', body: JSON.stringify(validBatch(events)) });
    expect(res.status).toBe(200);
    return { c, events };
  }
  const get = async (c: Collector, path: string) => fetch(`${c.url}${path}`, { headers: auth });

  it('stores events with hostile text in every field and gives them back byte for byte', async () => {
    const { c, events } = await seeded();
    const stored = ((await (await get(c, '/events')).json()) as { events: StoredEvent[] }).events;
    expect(stored).toHaveLength(events.length);
    stored.forEach((s, i) =>
      expect({ ...s, seq: undefined, receivedAt: undefined }).toEqual({ ...events[i], seq: undefined, receivedAt: undefined }),
    );
    const leads = await c.store.leads();
    expect(leads.map((l) => [l.userId, l.last.source, l.last.campaign, l.clickIds.find((k) => k.name === 'gclid')?.value])).toEqual(
      HOSTILE.map((h) => [h, h, h, h]),
    );
  });

  it('takes hostile text in every filter of /events, /dashboard and /exports as a value, or refuses it with 400', async () => {
    const { c, events } = await seeded();
    for (const h of HOSTILE) {
      const q = encodeURIComponent(h);
      const byType = await get(c, `/events?type=${q}`);
      expect(byType.status).toBe(200);
      expect(((await byType.json()) as { events: unknown[] }).events).toEqual([]);
      expect((await get(c, `/events?since=${q}`)).status).toBe(400);
      expect((await get(c, `/events?after=${q}`)).status).toBe(400);
      for (const key of ['from', 'to', 'type', 'channel']) expect((await get(c, `/api/dashboard?${key}=${q}`)).status).toBe(400);
      expect((await get(c, `/exports/google-ads?since=${q}`)).status).toBe(400);
      expect((await get(c, `/exports/google-ads?timezone=${q}`)).status).toBe(400);
    }
    const named = await get(
      c,
      `/exports/google-ads?since=2026-11-01&until=2026-11-30&name=${encodeURIComponent(`form_submit=${HOSTILE[0]}`)}`,
    );
    expect(named.status).toBe(200);
    const rows = (await named.text()).split('\n').filter((line) => line.includes(`,${HOSTILE[0]},`));
    expect(rows).toHaveLength(HOSTILE.length); // every lead's row, under the hostile conversion name
    const page = await get(c, '/api/dashboard?from=2026-11-20&to=2026-11-20');
    expect(((await page.json()) as { totals: { leads: number } }).totals.leads).toBe(HOSTILE.length);
    expect(await c.store.count()).toBe(events.length);
  });

  it('stores outcomes with hostile references from the API and the CSV import, matched to their leads', async () => {
    const { c } = await seeded();
    const outcomes = HOSTILE.map((h) => ({ user_id: h, status: 'won', time: '2026-11-21T00:00:00Z', value: '5', currency: 'USD' }));
    const res = await fetch(`${c.url}/api/outcomes`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ outcomes }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: HOSTILE.length, inserted: HOSTILE.length, matched: HOSTILE.length, rejected: [] });
    const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const csv = [
      'anonymous_id,status,time',
      ...HOSTILE.map((h) => `${csvField(`${h}#anon`.slice(0, 64))},qualified,2026-11-21T01:00:00Z`),
    ].join('\n');
    const report = await importCrmFile(csv, c.store, BUILT_IN_STATUSES);
    expect(report).toMatchObject({
      received: HOSTILE.length,
      inserted: HOSTILE.length,
      matched: HOSTILE.length,
      rejected: [],
      saved: true,
    });
    const leads = await c.store.leads();
    expect(leads.map((l) => l.outcomes.map((o) => o.status).sort())).toEqual(HOSTILE.map(() => ['qualified', 'won']));
    expect(leads.map((l) => l.outcomes.find((o) => o.status === 'won')!.ref.userId)).toEqual(HOSTILE);
    expect(await c.store.count()).toBe(HOSTILE.length * 2);
    expect(await c.store.outcomes()).toHaveLength(HOSTILE.length * 2);
  });

  it('mends lone UTF-16 surrogates (a title cut inside an emoji) to U+FFFD instead of losing the batch; keeps pairs', async () => {
    const c = await createCollector({ port: 0, store: await openTestStore(kind), rateLimit: { rate: 0, burst: 0 } });
    open.push(c);
    const cut = 'Sale 🎉'.slice(0, -1); // ends in a lone high surrogate
    const e = leadEvent({
      ts: '2026-11-20T10:00:00Z',
      userId: '\udc00lone-low',
      props: { formId: 'f', fieldNames: ['😀'], via: 'native' },
    });
    e.page = { ...e.page, title: cut };
    const body = JSON.stringify(validBatch([e]));
    expect(body).toContain('\\ud83c"'); // JSON.stringify escapes the lone one
    const res = await fetch(`${c.url}/collect`, { method: 'POST', body });
    expect(res.status).toBe(200);
    const [stored] = await c.store.query();
    expect(stored!.page.title).toBe('Sale \ufffd');
    expect(stored!.userId).toBe('\ufffdlone-low');
    expect((stored!.props as { fieldNames: string[] }).fieldNames).toEqual(['😀']);
    expect((await c.store.leads())[0]!.userId).toBe('\ufffdlone-low');
  });
});
