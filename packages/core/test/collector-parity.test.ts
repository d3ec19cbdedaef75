/// <reference types="node" />
/**
 * Wire format version 2 moved the browser's conclusions to the collector: the tracker sends the
 * facts (UTM tags, click ids, referrer; a phone as written with its country) and the collector
 * names source, medium, channel and E.164. This holds the collector's names of the facts the
 * tracker now sends to what the version-1 tracker's own code named in the browser, recorded from
 * it (fixtures/record-v1-vectors.mjs, commit 6ee177d): on the project's own vectors (core's
 * channel, touch and phone tests) and on Google's whole source list, where the collector may
 * differ only where the old browser did not carry the source, and then says what Google's list says.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { interpretEvent } from '@leadbeacon/collector';
import { sourceCategory } from '../src/attribution/channel';
import { landingTouch } from '../src/attribution/touch';
import { callProps } from '../src/detectors/calls';
import type { Touch } from '../src/types';

const file = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
interface Vectors {
  commit: string;
  landings: { href: string; referrer: string; excluded?: string[]; touch: Record<string, unknown> | null }[];
  listedAsUtm: [source: string, medium: string, channel: string][];
  listedAsReferrer: [host: string, source: string, medium: string, channel: string][];
  phones: [raw: string, country: string | null, e164: string][];
}
const V = JSON.parse(file('./fixtures/v1-vectors.json')) as Vectors;
/** Google's list: lowercased source -> its category's word in channel names (`Search`, `Social`, `Video`, `Shopping`). */
const LIST = new Map(
  file('../../collector/data/ga4-source-categories.csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([source, category]) => [
      source!.toLowerCase(),
      category!.replace('SOURCE_CATEGORY_', '').replace(/^(.)(.*)$/, (_, a: string, b: string) => a + b.toLowerCase()),
    ]),
);

const TS = '2026-11-23T08:00:00.000Z';
const SITE = 'https://shop.example/';

/** A version-2 event around `touch` and `props`, as the collector stores it. */
function stored(touch: Touch, type = 'page_view', props: Record<string, unknown> = {}, defaultCountry?: string) {
  const event = {
    v: 2,
    id: 'e1',
    type,
    name: type,
    ts: TS,
    anonymousId: 'a',
    sessionId: 's',
    page: { url: SITE, path: '/', title: '', referrer: '' },
  };
  return interpretEvent({ ...event, attribution: { first: touch, last: touch }, props } as never, defaultCountry);
}

/** The touch the tracker now sends for a landing, as the collector stores it: without when and where, as recorded. */
function collectorTouch(href: string, referrer: string, excluded?: string[]) {
  const facts = landingTouch({ href, referrer, landingPage: href, now: Date.parse(TS), excluded });
  if (!facts) return null;
  const { ts, landingPage, ...conclusions } = stored(facts).attribution.last;
  expect([ts, landingPage]).toEqual([TS, href]);
  return conclusions;
}

/** The channel Google's list gives a source of `category` (paid with cpc, else organic). */
const listChannel = (category: string, medium: string) => (medium === 'cpc' ? 'Paid ' : 'Organic ') + category;

describe(`the collector names what the version-1 tracker (${V.commit}) named in the browser`, () => {
  it.each(V.landings.map((l) => [l.href, l.referrer || '(no referrer)', l]))('%s from %s', (_, __, l) => {
    expect(collectorTouch(l.href, l.referrer, l.excluded)).toEqual(l.touch);
  });

  it.each(V.phones)('%s (%s) -> %s', (raw, country, e164) => {
    const props = { phone: raw, href: '', via: 'copy', ...(country === null ? {} : { country }) };
    expect(stored({ landingPage: SITE, ts: TS }, 'call_click', props).props).toEqual({ phone: e164, href: '', via: 'copy' });
  });

  it('a tel: link as the tracker sends it', () => {
    const props = callProps('tel:0901%20234%20567', 'VN')!;
    expect(stored({ landingPage: SITE, ts: TS }, 'call_click', props).props).toEqual({
      phone: '+84901234567',
      href: 'tel:0901%20234%20567',
      via: 'link',
    });
    // No country from the browser: the collector's --default-country, as for CRM imports.
    const bare = callProps('tel:0901234567')!;
    expect(stored({ landingPage: SITE, ts: TS }, 'call_click', bare).props.phone).toBe('0901234567');
    expect(stored({ landingPage: SITE, ts: TS }, 'call_click', bare, 'VN').props.phone).toBe('+84901234567');
  });
});

describe("on Google's source list", () => {
  it('UTM tags: the same source and medium; the same channel wherever the old browser carried the source, else the list’s', () => {
    let same = 0;
    for (const [source, medium, oldChannel] of V.listedAsUtm) {
      const href = `${SITE}?utm_source=${encodeURIComponent(source)}&utm_medium=${medium}`;
      const t = collectorTouch(href, '')!;
      expect([t.source, t.medium]).toEqual([source, medium]);
      if (sourceCategory(source.toLowerCase())) expect([source, medium, t.channel]).toEqual([source, medium, oldChannel]);
      else expect([source, medium, t.channel]).toEqual([source, medium, listChannel(LIST.get(source.toLowerCase())!, medium)]);
      same += +(t.channel === oldChannel);
    }
    // The old browser's accuracy over the list, as core's README quotes it (channel-list.test.ts checks the quote).
    const quoted = /gets ([\d,]+) of the ([\d,]+) cases/.exec(file('../README.md'))!;
    expect([same, V.listedAsUtm.length]).toEqual([quoted[1], quoted[2]].map((n) => Number(n!.replace(/,/g, ''))));
  });

  it('a listed host as the referrer: the same source and medium; the same channel wherever the old browser carried it, else the list’s', () => {
    for (const [host, source, medium, oldChannel] of V.listedAsReferrer) {
      const t = collectorTouch(SITE, `https://${host}/`)!;
      expect([host, t.source, t.medium]).toEqual([host, source, medium]);
      const carried = sourceCategory(source) || medium !== 'referral';
      const category = LIST.get(source.toLowerCase());
      expect([host, t.channel]).toEqual([host, carried || !category ? oldChannel : listChannel(category, medium)]);
    }
  });
});
