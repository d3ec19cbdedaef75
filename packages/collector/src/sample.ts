/**
 * Sample data for the demo, the dashboard benchmark and tests: the wire events a small business's
 * site would send over some weeks (an aircon repair shop in Saigon, prices in VND) and the
 * outcomes its CRM would report for those leads. Deterministic for a seed.
 */
import { createHash } from 'node:crypto';
import type { LeadType } from '@leadbeacon/wire';
import type { Touch, WireEvent } from './types';

export interface SampleOptions {
  /** The end of the period; default now. */
  now?: Date;
  /** Days of traffic before `now`; default 30. */
  days?: number;
  /** Visits (sessions); default 1,500. */
  visits?: number;
  /** Default 1. */
  seed?: number;
}

/** A CRM outcome, by the columns `import outcomes` reads, plus the lead it is for. */
export interface SampleOutcome {
  event_id: string;
  email: string;
  phone: string;
  status: 'qualified' | 'won' | 'lost';
  value: string;
  currency: string;
  time: string;
  /** Not a CRM column: the lead's event id, for checking figures. */
  lead: string;
  /** The lead's Google click id, which a form's hidden field gave the CRM (`lb_gclid`). */
  gclid: string;
}

export interface SampleData {
  events: WireEvent[];
  outcomes: SampleOutcome[];
}

interface Source {
  source: string;
  medium: string;
  campaign?: string;
  /** What the browser's compact source list gives: the collector's may differ. */
  browserChannel: string;
  clickId?: 'gclid' | 'gbraid' | 'wbraid' | 'fbclid';
  weight: number;
}

const SOURCES: Source[] = [
  { source: 'google', medium: 'cpc', campaign: 'aircon-repair-hcmc', browserChannel: 'Paid Search', clickId: 'gclid', weight: 22 },
  { source: 'google', medium: 'cpc', campaign: 'aircon-repair-hcmc', browserChannel: 'Paid Search', clickId: 'wbraid', weight: 3 },
  { source: 'facebook', medium: 'paid_social', campaign: 'summer-cleaning', browserChannel: 'Paid Social', clickId: 'fbclid', weight: 14 },
  { source: 'google', medium: 'organic', browserChannel: 'Organic Search', weight: 20 },
  { source: 'coccoc', medium: 'organic', browserChannel: 'Organic Search', weight: 5 },
  { source: 'naver.com', medium: 'referral', browserChannel: 'Referral', weight: 2 },
  { source: 'zalo', medium: 'social', browserChannel: 'Organic Social', weight: 8 },
  { source: 'l.messenger.com', medium: 'referral', browserChannel: 'Referral', weight: 3 },
  { source: 'newsletter', medium: 'email', campaign: 'nov-promo', browserChannel: 'Email', weight: 5 },
  { source: '(direct)', medium: '(none)', browserChannel: 'Direct', weight: 18 },
];

const LEAD_SHARE = 0.08;
const LEAD_TYPES: [LeadType, number, number][] = [
  // type, weight, value (VND) as the site's `values` option would set it
  ['form_submit', 45, 200_000],
  ['call_click', 30, 150_000],
  ['email_click', 10, 50_000],
  ['chat_start', 15, 100_000],
];
const PAGES = ['/', '/services.html', '/index.html#contact', '/thanks.html'];
const SITE = 'https://saigon-aircon.example';

/** mulberry32: a small, good-enough PRNG so a seed always gives the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, items: T[], weight: (t: T) => number): T {
  let r = rnd() * items.reduce((n, t) => n + weight(t), 0);
  for (const t of items) if ((r -= weight(t)) < 0) return t;
  return items[items.length - 1]!;
}

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();
/** As a CRM in Saigon writes times: local, with the offset (+07:00), to the second. */
const crmTime = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19) + '+07:00';

function touchFor(s: Source, ts: number, n: number): Touch {
  const t: Touch = { source: s.source, medium: s.medium, channel: s.browserChannel, landingPage: `${SITE}/`, ts: iso(ts) };
  if (s.campaign) t.campaign = s.campaign;
  if (s.clickId) t.clickIds = { [s.clickId]: `${s.clickId === 'fbclid' ? 'IwAR' : 'Cj0KCQ'}-sample-${n}` };
  return t;
}

interface Visit {
  n: number;
  start: number;
  touch: Touch;
  anonymousId: string;
  sessionId: string;
}

function leadFor(rnd: () => number, v: Visit, at: number, outcomes: SampleOutcome[]): WireEvent {
  const [type, , value] = pick(rnd, LEAD_TYPES, (t) => t[1]);
  const props: Record<string, unknown> =
    type === 'form_submit'
      ? { formId: 'contact', fieldNames: ['name', 'phone', 'email', 'service'], via: 'native' }
      : type === 'call_click'
        ? { phone: '+84901234567', href: 'tel:+84901234567', via: 'link' }
        : type === 'email_click'
          ? { email: 'hello@saigonaircon.example', href: 'mailto:hello@saigonaircon.example', via: 'link' }
          : { provider: 'zalo', via: 'link' };
  const email = `customer${v.n}@example.com`;
  const phone = `+8490${String(1_000_000 + v.n).slice(-7)}`;
  // One lead in 20 comes from a visitor who refused ads consent (as a tracker that marks it sends).
  const denied = rnd() < 0.05;
  // A current tracker's hashes: Google's normalisation, and Meta's (the phone's digits without +).
  if (type === 'form_submit' && !denied && rnd() < 0.6)
    Object.assign(props, {
      hashedEmail: sha(email),
      hashedPhone: sha(phone),
      metaHashedEmail: sha(email),
      metaHashedPhone: sha(phone.slice(1)),
    });
  const touch = denied ? (({ clickIds: _ids, ...rest }) => rest)(v.touch) : v.touch;
  const event = baseEvent(v, { id: `sample-lead-${v.n}`, type, at, touch, props });
  Object.assign(event, { value, currency: 'VND' }, denied ? { consent: { ads: 'denied' } } : {});
  crmOutcomes(rnd, event, { email, phone }, outcomes);
  return event;
}

/** What the CRM later says about a lead: qualified for about half, then won or lost for some. */
function crmOutcomes(rnd: () => number, lead: WireEvent, customer: { email: string; phone: string }, out: SampleOutcome[]): void {
  const { email, phone } = customer;
  if (lead.type === 'email_click' || rnd() > 0.5) return;
  const at = Date.parse(lead.ts);
  // The CRM knows a form lead by the customer's email or phone (hashed on both sides), other
  // leads by the event id the site passed along (a hidden field, a call-tracking note).
  const ref = lead.props.hashedEmail ? rnd() : 0;
  const base = {
    event_id: ref < 0.2 ? lead.id : '',
    email: ref >= 0.2 && ref < 0.7 ? email : '',
    phone: ref >= 0.7 ? phone : '',
    currency: 'VND',
    lead: lead.id,
    gclid: (lead.attribution.last.clickIds && lead.attribution.last.clickIds.gclid) || '',
  };
  const qualified = at + (2 + rnd() * 46) * 3_600_000;
  out.push({ ...base, status: 'qualified', value: '', time: crmTime(qualified) });
  const r = rnd();
  if (r < 0.45)
    out.push({
      ...base,
      status: 'won',
      value: String(Math.round(2 + rnd() * 13) * 1_000_000),
      time: crmTime(qualified + (1 + rnd() * 96) * 3_600_000),
    });
  else if (r < 0.65) out.push({ ...base, status: 'lost', value: '', time: crmTime(qualified + (1 + rnd() * 48) * 3_600_000) });
}

/** One event of a visit; `touch` defaults to the visit's, `path` to the home page. */
interface SampleEvent {
  id: string;
  type: WireEvent['type'];
  at: number;
  props: Record<string, unknown>;
  touch?: Touch;
  path?: string;
}

function baseEvent(v: Visit, { id, type, at, props, touch = v.touch, path = '/' }: SampleEvent): WireEvent {
  return {
    id,
    type,
    name: type,
    ts: iso(at),
    anonymousId: v.anonymousId,
    sessionId: v.sessionId,
    page: { url: SITE + path, path, title: 'Saigon Aircon Repair', referrer: '' },
    attribution: { first: touch, last: touch },
    props,
  };
}

/** Events (sorted by time) and CRM outcomes (those already known at `now`). */
export function sampleData(options: SampleOptions = {}): SampleData {
  const now = (options.now ?? new Date()).getTime();
  const days = options.days ?? 30;
  const rnd = random(options.seed ?? 1);
  const events: WireEvent[] = [];
  const outcomes: SampleOutcome[] = [];
  for (let n = 0; n < (options.visits ?? 1500); n++) {
    const start = now - rnd() * days * 86_400_000;
    const source = pick(rnd, SOURCES, (s) => s.weight);
    const v: Visit = {
      n,
      start,
      touch: touchFor(source, start, n),
      anonymousId: `sample-visitor-${Math.floor(n * 0.8)}`,
      sessionId: `sample-session-${n}`,
    };
    const pages = 1 + Math.floor(rnd() * 3);
    let at = start;
    for (let p = 0; p < pages && at < now; p++, at += 20_000 + rnd() * 120_000) {
      events.push(baseEvent(v, { id: `sample-view-${n}-${p}`, type: 'page_view', at, props: {}, path: PAGES[p % PAGES.length]! }));
    }
    if (rnd() < LEAD_SHARE && at < now) events.push(leadFor(rnd, v, at, outcomes));
  }
  events.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  return { events, outcomes: outcomes.filter((o) => Date.parse(o.time) <= now).sort((a, b) => Date.parse(a.time) - Date.parse(b.time)) };
}

/** The outcomes as the CSV a CRM would export (the columns `import outcomes` reads). */
export function sampleOutcomesCsv(outcomes: SampleOutcome[]): string {
  const columns = ['event_id', 'email', 'phone', 'status', 'value', 'currency', 'time'] as const;
  return [columns.join(','), ...outcomes.map((o) => columns.map((c) => o[c]).join(','))].join('\n') + '\n';
}

export { HUBSPOT_DEALS_HEADER, hubspotDealRow, localMinute, sampleHubspotDealsCsv, type HubspotDeal } from './sample-crm';
