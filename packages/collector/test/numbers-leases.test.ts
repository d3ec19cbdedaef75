/**
 * Pool leases on both stores (issue 23): no number held by two visits at once under concurrent
 * visitors, the hold after the visit's last activity, the fallback when the pool is exhausted,
 * and which lease a call goes to at the edges of the hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaseRequest } from '../src/store/number-types';
import type { EventStore } from '../src/index';
import { STORE_KINDS, storeTracker } from './stores';

const stores = storeTracker();
afterEach(() => stores.closeAll());

const NUMBERS = Array.from({ length: 10 }, (_, i) => `+8428123456${String(i).padStart(2, '0')}`);
const FALLBACK = '+842812345699';
const HOLD = 30 * 60_000;
const T0 = new Date('2026-12-01T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const touch = { source: 'google', medium: 'cpc', channel: 'Paid Search', landingPage: 'https://shop.example/', ts: T0.toISOString() };
const ask = (visitor: string, now = T0, session = `s-${visitor}`): LeaseRequest => ({
  pool: 'paid',
  numbers: NUMBERS,
  fallback: FALLBACK,
  visitor,
  session,
  now,
  holdMs: HOLD,
  touch,
  ads: 'granted',
});

/** Every pool number held at `now`, with how many visits hold it. */
async function holders(store: EventStore, now: Date): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>();
  for (const l of await store.leases({})) {
    if (l.fallback || l.leasedAt > now.toISOString() || l.until <= now.toISOString()) continue;
    held.set(l.number, (held.get(l.number) ?? new Set()).add(l.session));
  }
  return held;
}

describe.each(STORE_KINDS)('%s store: number leases', (kind) => {
  it('gives 40 concurrent visitors the 10 numbers once each and the other 30 the fallback, marked', async () => {
    const store = await stores.open(kind);
    const leases = await Promise.all(Array.from({ length: 40 }, (_, i) => store.leaseNumber(ask(`v${i}`))));
    const real = leases.filter((l) => !l.fallback);
    expect(new Set(real.map((l) => l.number)).size).toBe(10);
    expect(real).toHaveLength(10);
    expect(leases.filter((l) => l.fallback).every((l) => l.number === FALLBACK)).toBe(true);
    for (const sessions of (await holders(store, T0)).values()) expect(sessions.size).toBe(1);
  });

  it('keeps a visitor on their number while held, moving the hold on with each request', async () => {
    const store = await stores.open(kind);
    const first = await store.leaseNumber(ask('lan'));
    expect(first.until).toBe(at(HOLD).toISOString());
    const again = await store.leaseNumber(ask('lan', at(20 * 60_000)));
    expect(again.number).toBe(first.number);
    expect(again.id).toBe(first.id);
    expect(again.until).toBe(at(50 * 60_000).toISOString());
    // Another tab of a new session: the same number, on a lease of its own (a call goes to the latest visit).
    const tab = await store.leaseNumber(ask('lan', at(21 * 60_000), 's-lan-2'));
    expect(tab.number).toBe(first.number);
    expect(tab.session).toBe('s-lan-2');
    expect((await store.lastLease(first.number, at(22 * 60_000)))!.session).toBe('s-lan-2');
  });

  it('frees a number once its hold ran out, and hands out the one free the longest first', async () => {
    const store = await stores.open(kind);
    const taken = [];
    for (let i = 0; i < 10; i++) taken.push(await store.leaseNumber(ask(`v${i}`, at(i * 1000))));
    expect((await store.leaseNumber(ask('late', at(HOLD - 1)))).fallback).toBe(true);
    // v0's hold ended at T0 + HOLD: its number is free at that instant, the others not yet.
    const next = await store.leaseNumber(ask('next', at(HOLD)));
    expect(next.fallback).toBe(false);
    expect(next.number).toBe(taken[0]!.number);
    // A fallback visitor asking again gets a real number once one is free.
    const late = await store.leaseNumber(ask('late', at(HOLD + 1000)));
    expect(late).toMatchObject({ fallback: false, number: taken[1]!.number });
  });

  it('finds the last lease of a number taken at or before a call, never a later one', async () => {
    const store = await stores.open(kind);
    const a = await store.leaseNumber({ ...ask('a'), numbers: [NUMBERS[0]!] });
    const b = await store.leaseNumber({ ...ask('b', at(HOLD + 5000)), numbers: [NUMBERS[0]!] });
    expect((await store.lastLease(NUMBERS[0]!, at(HOLD)))!.id).toBe(a.id);
    expect((await store.lastLease(NUMBERS[0]!, at(HOLD + 5000)))!.id).toBe(b.id);
    expect(await store.lastLease(NUMBERS[0]!, at(-1))).toBeUndefined();
    expect(await store.lastLease(NUMBERS[1]!, at(0))).toBeUndefined();
  });
});
