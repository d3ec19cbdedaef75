import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EventStore, UploadKey } from '../src/index';
import { persistentDatabase, STORE_KINDS } from './stores';

/** The upload ledger (issue 20): planning, leases, what came of each attempt; both databases. */
const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-uploads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open: EventStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const keys = (n: number, destination: UploadKey['destination'] = 'google', step = 'form_submit'): UploadKey[] =>
  Array.from({ length: n }, (_, i) => ({ conversionId: `c${String(i).padStart(3, '0')}`, step, destination }));

describe.each(STORE_KINDS)('%s store: the upload ledger', (kind) => {
  /** A database and `n` stores on it: separate connections, as separate collectors would have. */
  async function collectors(n = 1): Promise<EventStore[]> {
    const db = persistentDatabase(kind, dir);
    const stores: EventStore[] = [];
    for (let i = 0; i < n; i++) stores.push(await db.open());
    open.push(...stores);
    return stores;
  }

  it('plans each (conversion, destination) once, as waiting; planning again keeps its state', async () => {
    const [s] = await collectors();
    expect(await s!.planUploads([...keys(2), ...keys(1, 'meta')])).toBe(3);
    const [first] = await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 1, leaseMs: 60_000, owner: 'a' });
    await s!.recordUploads('a', [{ conversionId: first!.conversionId, destination: 'google', state: 'sent', requestId: 'req-1' }]);
    expect(await s!.planUploads(keys(2))).toBe(0);
    expect((await s!.uploads()).map((u) => [u.conversionId, u.destination, u.state, u.attempts])).toEqual([
      ['c000', 'google', 'sent', 0],
      ['c000', 'meta', 'waiting', 0],
      ['c001', 'google', 'waiting', 0],
    ]);
    expect(await s!.uploads({ destination: 'meta' })).toEqual([
      { conversionId: 'c000', step: 'form_submit', destination: 'meta', state: 'waiting', attempts: 0 },
    ]);
  });

  it('leases due rows oldest first: a leased row or one waiting until later is not claimed', async () => {
    const [s] = await collectors();
    await s!.planUploads(keys(4));
    const first = await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 2, leaseMs: 60_000, owner: 'a' });
    expect(first.map((u) => u.conversionId)).toEqual(['c000', 'c001']);
    // A click under 6 hours: waits, with the reason, and no attempt counted.
    const later = new Date(Date.now() + 3_600_000);
    await s!.recordUploads('a', [
      { conversionId: 'c001', destination: 'google', state: 'waiting', waitingUntil: later, reason: 'click under 6 h' },
    ]);
    const second = await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 10, leaseMs: 60_000, owner: 'b' });
    expect(second.map((u) => u.conversionId)).toEqual(['c002', 'c003']);
    const waiting = (await s!.uploads()).find((u) => u.conversionId === 'c001')!;
    expect(waiting).toMatchObject({ state: 'waiting', reason: 'click under 6 h', attempts: 0, waitingUntil: later.toISOString() });
    expect(await s!.claimUploads({ destination: 'meta', state: 'waiting', limit: 10, leaseMs: 60_000, owner: 'a' })).toEqual([]);
  });

  it('records sent, accepted, rejected and given up, each with its time, reason and attempts; only the lease holder records', async () => {
    const [s] = await collectors();
    await s!.planUploads(keys(4));
    await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 4, leaseMs: 60_000, owner: 'a' });
    expect(await s!.recordUploads('b', [{ conversionId: 'c000', destination: 'google', state: 'accepted' }])).toBe(0);
    const changed = await s!.recordUploads('a', [
      { conversionId: 'c000', destination: 'google', state: 'sent', requestId: 'req-9' },
      { conversionId: 'c001', destination: 'google', state: 'rejected', reason: 'INVALID_GCLID', attempted: true },
      { conversionId: 'c002', destination: 'google', state: 'given_up', reason: `click older than 90 days ${'x'.repeat(600)}` },
      { conversionId: 'c003', destination: 'google', state: 'waiting', reason: 'HTTP 503', attempted: true, waitingUntil: new Date(0) },
    ]);
    expect(changed).toBe(4);
    // The verdict is asked for later: sent rows are claimed apart, and the lease holder records it.
    const sent = await s!.claimUploads({ destination: 'google', state: 'sent', limit: 10, leaseMs: 60_000, owner: 'c' });
    expect(sent).toEqual([expect.objectContaining({ conversionId: 'c000', requestId: 'req-9', sentAt: expect.any(String) })]);
    expect(await s!.recordUploads('c', [{ conversionId: 'c000', destination: 'google', state: 'accepted' }])).toBe(1);
    const all = await s!.uploads();
    expect(all.map((u) => [u.conversionId, u.state, u.attempts, u.reason?.length ?? 0])).toEqual([
      ['c000', 'accepted', 0, 0],
      ['c001', 'rejected', 1, 'INVALID_GCLID'.length],
      ['c002', 'given_up', 0, 500],
      ['c003', 'waiting', 1, 'HTTP 503'.length],
    ]);
    expect(all[0]).toMatchObject({ requestId: 'req-9', sentAt: expect.any(String), acceptedAt: expect.any(String) });
    // Rejected, given up and accepted rows are never claimed again; the retry is.
    expect(
      (await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 10, leaseMs: 60_000, owner: 'd' })).map(
        (u) => u.conversionId,
      ),
    ).toEqual(['c003']);
  });

  it('a lease that runs out (a collector killed mid-upload) lets another take the row; the first then records nothing', async () => {
    const [s] = await collectors();
    await s!.planUploads(keys(1));
    await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 10, leaseMs: 50, owner: 'dead' });
    expect(await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 10, leaseMs: 60_000, owner: 'b' })).toEqual([]);
    await sleep(120);
    expect(
      (await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 10, leaseMs: 60_000, owner: 'b' })).map(
        (u) => u.conversionId,
      ),
    ).toEqual(['c000']);
    expect(await s!.recordUploads('dead', [{ conversionId: 'c000', destination: 'google', state: 'sent' }])).toBe(0);
    expect(await s!.recordUploads('b', [{ conversionId: 'c000', destination: 'google', state: 'sent' }])).toBe(1);
  });

  it('gives up waiting rows nobody holds (an outcome value superseded); leased, expired-lease and other states as said', async () => {
    const [s] = await collectors();
    await s!.planUploads([...keys(4), ...keys(1, 'meta')]);
    await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 2, leaseMs: 60_000, owner: 'a' }); // c000, c001
    await s!.recordUploads('a', [{ conversionId: 'c001', destination: 'google', state: 'sent', requestId: 'r' }]);
    await s!.claimUploads({ destination: 'google', state: 'waiting', limit: 1, leaseMs: 1, owner: 'dead' }); // c002, lease runs out
    await sleep(20);
    const given = await s!.giveUpWaiting('google', ['c000', 'c001', 'c002', 'c003', 'nope'], 'superseded by a new value');
    expect(given.sort()).toEqual(['c002', 'c003']);
    expect(
      (await s!.uploads({ conversionIds: ['c000', 'c001', 'c002', 'c003'] })).map((u) => [
        u.conversionId,
        u.destination,
        u.state,
        u.reason,
      ]),
    ).toEqual([
      ['c000', 'google', 'waiting', undefined],
      ['c000', 'meta', 'waiting', undefined],
      ['c001', 'google', 'sent', undefined],
      ['c002', 'google', 'given_up', 'superseded by a new value'],
      ['c003', 'google', 'given_up', 'superseded by a new value'],
    ]);
    expect(await s!.uploads({ conversionIds: [] })).toEqual([]);
    // The lease holder of c000 still records what came of its attempt.
    expect(await s!.recordUploads('a', [{ conversionId: 'c000', destination: 'google', state: 'sent' }])).toBe(1);
  });

  it('collectors claiming at once on one database never lease the same row twice', async () => {
    const stores = await collectors(3);
    await stores[0]!.planUploads(keys(300));
    const claimed: string[] = [];
    await Promise.all(
      stores.map(async (s, i) => {
        for (;;) {
          const got = await s.claimUploads({ destination: 'google', state: 'waiting', limit: 7, leaseMs: 60_000, owner: `collector-${i}` });
          if (!got.length) return;
          claimed.push(...got.map((u) => u.conversionId));
          await s.recordUploads(
            `collector-${i}`,
            got.map((u) => ({ conversionId: u.conversionId, destination: 'google', state: 'sent' })),
          );
        }
      }),
    );
    expect(claimed).toHaveLength(300);
    expect(new Set(claimed).size).toBe(300);
    expect((await stores[1]!.uploads({ state: 'sent' })).length).toBe(300);
  });
});
