import sdk from 'facebook-nodejs-business-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_STATUSES, leadFromEvent, parseOutcome, type EventStore, type OutcomeInput, type WireEvent } from '../src/index';
import { runExport, summary } from '../src/exports/run';
import { googlePhone, sha256Hex } from '../src/platforms/identifiers';
import { leadEvent, metaClick } from './helpers';
import { STORE_KINDS, storeTracker } from './stores';

/** Meta's per-platform rules in the meta-capi export (issue 20), checked against Meta's Node SDK where it has a say. */
const NOW = new Date('2026-11-23T12:00:00Z');
const UA = 'Mozilla/5.0 (Linux; Android 15)';
const range = { since: new Date('2026-11-20T00:00:00Z'), until: NOW, now: NOW };

interface MetaEvent {
  event_name: string;
  event_id: string;
  action_source: string;
  event_source_url?: string;
  user_data: Record<string, unknown>;
}

async function seed(store: EventStore, leads: WireEvent[], outcomes: OutcomeInput[], userAgent: string | null = UA) {
  await store.insert(leads, { receivedAt: NOW, ...(userAgent ? { userAgent } : {}) });
  for (const input of outcomes) {
    const parsed = await parseOutcome(input, BUILT_IN_STATUSES, { defaultCountry: 'US' });
    if (!parsed.ok) throw new Error(parsed.reason);
    await store.saveOutcomes([parsed.outcome], { receivedAt: NOW });
  }
}

const events = async (store: EventStore) => {
  const r = await runExport(store, 'meta-capi', range);
  return { result: r, data: (JSON.parse(r.text) as { data: MetaEvent[] }).data };
};

const stores = storeTracker();
afterEach(() => stores.closeAll());

describe.each(STORE_KINDS)('%s store: meta-capi by Meta’s rules', (kind) => {
  it("hashes the CRM's email and phone Meta's way (Gmail dots kept, digits without +), as Meta's SDK does", async () => {
    const s = await stores.open(kind);
    const lead = leadEvent({ id: 'web-1', ts: '2026-11-21T08:00:00Z', consent: { ads: 'granted' } });
    const email = '  John.Doe+ads@Gmail.com ';
    const phone = '(650) 555-1212';
    await seed(
      s,
      [lead],
      [{ event_id: 'web-1', email, phone, status: 'won', time: '2026-11-22T08:00:00Z', value: '120', currency: 'usd' }],
    );

    const { data } = await events(s);
    const won = data.find((e) => e.event_name === 'Purchase')!;
    const oracle = new sdk.UserData().setEmail(email).setPhone(googlePhone(phone, 'US')).normalize();
    expect(won.user_data).toEqual(oracle);
    expect(won.user_data.ph).toEqual([sha256Hex('16505551212')]);
    expect(won.user_data.em).toEqual([sha256Hex('john.doe+ads@gmail.com')]);

    // Google's file for the same outcome: Google's normalisation (dots and +tag gone, +1…).
    const google = await runExport(s, 'google-ads-enhanced-leads', range);
    expect(google.text).toContain(sha256Hex('johndoe@gmail.com'));
    expect(google.text).toContain(sha256Hex('+16505551212'));
  });

  it('sends CRM outcomes as system_generated, without the page URL or user agent of their lead; leads stay website events', async () => {
    const s = await stores.open(kind);
    const lead = leadEvent({ id: 'web-2', ts: '2026-11-21T08:00:00Z', touch: metaClick('2026-11-21T07:30:00Z', 'IwAR-Case-Sensitive') });
    await seed(s, [lead], [{ event_id: 'web-2', status: 'qualified', time: '2026-11-22T09:00:00Z' }]);
    const { data } = await events(s);
    expect(data.map((e) => [e.event_name, e.action_source, e.event_source_url])).toEqual([
      ['Lead', 'website', 'https://aircon.example/contact'],
      ['QualifiedLead', 'system_generated', undefined],
    ]);
    const fbc = `fb.1.${Date.parse('2026-11-21T07:30:00Z')}.IwAR-Case-Sensitive`;
    expect(data[0]!.event_id).toBe('web-2');
    expect(data[0]!.user_data).toEqual({ fbc, client_user_agent: UA });
    expect(data[1]!.user_data).toEqual({ fbc });
    // Meta's SDK passes fbc and the user agent through untouched.
    expect(new sdk.UserData().setFbc(fbc).setClientUserAgent(UA).normalize()).toEqual(data[0]!.user_data);
  });

  it('exports the outcome of a lead stored without a user agent: only website events need one', async () => {
    const s = await stores.open(kind);
    const lead = leadEvent({ id: 'old-ua', ts: '2026-11-21T08:00:00Z', touch: metaClick('2026-11-21T07:30:00Z', 'fb-x') });
    await seed(s, [lead], [{ event_id: 'old-ua', status: 'qualified', time: '2026-11-22T09:00:00Z' }], null);
    const { data, result } = await events(s);
    expect(data.map((e) => e.event_name)).toEqual(['QualifiedLead']);
    expect(result.skipped.map((k) => k.reason)).toEqual(['no browser user agent (lead stored before the collector kept it)']);
  });

  it("never sends Google's hash as Meta's: leaves em/ph out, says how many, and uses Meta's hash when the browser sent it", async () => {
    const s = await stores.open(kind);
    const googleOnly = { hashedEmail: sha256Hex('johndoe@gmail.com'), hashedPhone: sha256Hex('+16505551212') };
    const both = { ...googleOnly, metaHashedEmail: sha256Hex('john.doe@gmail.com'), metaHashedPhone: sha256Hex('16505551212') };
    await seed(
      s,
      [
        leadEvent({ id: 'old-script', ts: '2026-11-21T08:00:00Z', props: googleOnly }),
        leadEvent({ id: 'old-script-fb', ts: '2026-11-21T09:00:00Z', props: googleOnly, touch: metaClick('2026-11-21T08:50:00Z', 'fb-1') }),
        leadEvent({ id: 'new-script', ts: '2026-11-21T10:00:00Z', props: both }),
      ],
      [],
    );
    const { data, result } = await events(s);
    expect(data.map((e) => [e.event_id, Object.keys(e.user_data)])).toEqual([
      ['old-script-fb', ['fbc', 'client_user_agent']],
      ['new-script', ['em', 'ph', 'client_user_agent']],
    ]);
    expect(data[1]!.user_data.em).toEqual([sha256Hex('john.doe@gmail.com')]);
    const json = JSON.stringify(data);
    for (const h of Object.values(googleOnly)) expect(json).not.toContain(h);
    expect(summary(result)).toBe(
      "2 written, 1 not written: 1 only Google-style email/phone hashes (tracker older than metaHashedEmail): Meta's left out" +
        '; 1 written without em/ph: only a Google-style hash (tracker older than metaHashedEmail)',
    );
    expect(result.report.split('\n').filter((l) => l.includes('Google-style'))).toHaveLength(2);
  });
  it("sends the Pixel's _fbp/_fbc cookies the lead carried, as Meta's SDK passes them; its own fbc only without the cookie", async () => {
    const s = await stores.open(kind);
    const fbp = 'fb.1.1763800000000.1116446470';
    const fbc = 'fb.1.1763800000000.IwAR-Cookie_Case';
    const warnings: string[] = [];
    const withCookies = leadEvent({
      id: 'web-c',
      ts: '2026-11-21T08:00:00Z',
      touch: metaClick('2026-11-21T07:59:00Z', 'IwAR-Landing'),
      props: { fbp, fbc },
    });
    const landingOnly = leadEvent({ id: 'web-l', ts: '2026-11-21T09:00:00Z', touch: metaClick('2026-11-21T08:59:00Z', 'IwAR-Landing2') });
    const fbpOnly = leadEvent({ id: 'web-p', ts: '2026-11-21T10:00:00Z', props: { fbp, fbc: 'not a cookie' } });
    const denied = leadEvent({ id: 'web-d', ts: '2026-11-21T11:00:00Z', consent: { ads: 'denied' }, props: { fbp, fbc } });
    await s.insert([withCookies, landingOnly, fbpOnly, denied], { receivedAt: NOW, userAgent: UA });

    const { data } = await events(s);
    const byId = new Map(data.map((e) => [e.event_id, e]));
    expect(byId.get('web-c')!.user_data).toEqual(new sdk.UserData().setFbp(fbp).setFbc(fbc).setClientUserAgent(UA).normalize());
    expect(byId.get('web-l')!.user_data.fbc).toBe(`fb.1.${Date.parse('2026-11-21T08:59:00Z')}.IwAR-Landing2`);
    expect(byId.get('web-l')!.user_data).not.toHaveProperty('fbp');
    // The Pixel's browser id alone identifies the lead to Meta; a malformed cookie is left out, and said so.
    expect(byId.get('web-p')!.user_data).toEqual({ fbp, client_user_agent: UA });
    leadFromEvent(fbpOnly, { seq: 1, warn: (l) => warnings.push(l) });
    expect(warnings).toEqual(['event web-p: props.fbc is not a Meta cookie value (fb.<n>.<time>.<id>); the lead is stored without it']);
    // Without ads consent nothing identifies the lead: not sent.
    expect(byId.has('web-d')).toBe(false);
  });
});
