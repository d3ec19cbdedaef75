import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { validEvent } from '@leadbeacon/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_STATUSES, createPostgresStore, createSqliteStore, parseOutcome } from '../src/index';
import type { WireEvent } from '../src/index';
import { googleClick, leadEvent } from './helpers';
import { PG_SCHEMA_VERSION } from '../src/store/pg-migrations';
import { SCHEMA_VERSION } from '../src/store/sqlite-migrations';

/** Click-id matching came with SQLite schema 9 (sqlite-downgrade.ts drops it and what came after). */
const CLICK_ID_MATCHING_VERSION = 9;
import { postgresUrl } from './stores';
import { DROP_SINCE_CLICK_ID_MATCHING } from './sqlite-downgrade';

const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database file exactly as collector 0.1.0 left it: its schema, its rows, user_version 1. */
function version1File(name: string, events: WireEvent[]): string {
  const path = join(dir, name);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(readFileSync(new URL('./fixtures/schema-v1.sql', import.meta.url), 'utf8'));
  db.pragma('user_version = 1');
  const insert = db.prepare(
    'INSERT INTO events (id, type, name, ts, anonymous_id, session_id, user_id, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const e of events) {
    insert.run(
      e.id,
      e.type,
      e.name,
      new Date(e.ts).toISOString(),
      e.anonymousId,
      e.sessionId,
      e.userId ?? null,
      '2026-11-01T00:00:00.000Z',
      JSON.stringify(e),
    );
  }
  db.close();
  return path;
}

describe('opening a database of an earlier collector', () => {
  it('upgrades a version 1 file in place: events kept, channels and leads derived for the events already there', async () => {
    const paid = googleClick('2026-10-30T08:00:00Z', { gclid: 'OLD-GCLID' });
    const old = [
      validEvent({
        sessionId: 'visit-1',
        ts: '2026-10-30T08:00:00Z',
        attribution: { first: paid as never, last: { ...paid, landingPage: '/' } as never },
      }),
      leadEvent({ id: 'old-form', ts: '2026-10-30T08:05:00Z', sessionId: 'visit-1', touch: paid, value: 50, currency: 'USD' }),
      leadEvent({ id: 'old-call', type: 'call_click', ts: '2026-10-31T08:05:00Z', userId: 'crm-1' }),
    ];
    const path = version1File('v1.sqlite', old);

    const store = createSqliteStore({ path });
    expect((await store.query()).map((e) => [e.seq, e.id])).toEqual([
      [1, old[0]!.id],
      [2, 'old-form'],
      [3, 'old-call'],
    ]);
    const leads = await store.leads();
    expect(leads.map((l) => [l.eventId, l.seq, l.type, l.last.channel, l.clickIds.map((c) => c.value), l.userAgent])).toEqual([
      ['old-form', 2, 'form_submit', 'Paid Search', ['OLD-GCLID'], undefined],
      ['old-call', 3, 'call_click', 'Direct', [], undefined],
    ]);
    const facts = await store.facts({ since: new Date('2026-10-30T00:00:00Z'), until: new Date('2026-11-01T00:00:00Z') });
    expect(facts.visitsByChannel).toEqual({ 'Paid Search': 1 });

    // It keeps working as a current store: new events continue the sequence and make leads,
    // outcomes match the old leads.
    const fresh = leadEvent({ ts: '2026-11-02T08:00:00Z' });
    expect(await store.insert([fresh, old[1]!], { receivedAt: new Date() })).toMatchObject({ inserted: 1, duplicates: 1 });
    expect((await store.leads()).map((l) => l.seq)).toEqual([2, 3, 4]);
    const won = await parseOutcome({ user_id: 'crm-1', status: 'won', time: '2026-11-03T00:00:00Z' }, BUILT_IN_STATUSES);
    if (!won.ok) throw new Error(won.reason);
    expect((await store.saveOutcomes([won.outcome], { receivedAt: new Date() }))[0]!.leadEventId).toBe('old-call');
    await store.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'outbox'").get()).toEqual({ n: 1 });
    // Version 5: Meta's hashes beside Google's, on leads and outcomes.
    const columns = (table: string) =>
      db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((c) => c.name);
    expect(columns('leads')).toEqual(expect.arrayContaining(['meta_hashed_email', 'meta_hashed_phone']));
    // Version 6: the upload ledger.
    expect(columns('uploads')).toEqual(expect.arrayContaining(['conversion_id', 'destination', 'state', 'lease_owner', 'lease_until']));
    expect(columns('outcomes')).toEqual(expect.arrayContaining(['meta_hashed_email', 'meta_hashed_phone', 'revision']));
    // Version 7: the Meta Pixel's cookies on leads.
    expect(columns('leads')).toEqual(expect.arrayContaining(['fbp', 'fbc']));
    // Version 8: every value an outcome had.
    expect(columns('outcome_revisions')).toEqual(['outcome_id', 'revision', 'value', 'currency', 'received_at']);
    db.close();
    // Opening the upgraded file again changes nothing.
    const again = createSqliteStore({ path });
    expect(await again.count()).toBe(4);
    expect(await again.leads()).toHaveLength(3);
    await again.close();
  });

  it('upgrades a large file (10,000 events) without losing one', async () => {
    const events = Array.from({ length: 10_000 }, (_, i) =>
      i % 10 === 0
        ? leadEvent({ id: `lead-${i}`, ts: '2026-10-30T08:00:00Z' })
        : validEvent({ id: `view-${i}`, ts: '2026-10-30T08:00:00Z' }),
    );
    const store = createSqliteStore({ path: version1File('big.sqlite', events) });
    expect(await store.count()).toBe(10_000);
    expect(await store.leads()).toHaveLength(1_000);
    await store.close();
  });

  it('upgrades a file from before click-id matching: the leads it holds are found by their click ids', async () => {
    const path = join(dir, 'before-click-ids.sqlite');
    const first = createSqliteStore({ path });
    const lead = leadEvent({
      id: 'clicked',
      ts: '2026-11-01T10:00:00Z',
      touch: googleClick('2026-11-01T09:58:00Z', { gclid: 'G-before' }),
    });
    await first.insert([lead], { receivedAt: new Date('2026-11-01T10:00:01Z') });
    await first.close();
    // Back to the schema before click-id matching (version 9; call tracking 10, the leads' quality 11 and retractions 12 dropped too), with the lead already stored.
    const db = new Database(path);
    db.exec(DROP_SINCE_CLICK_ID_MATCHING);
    db.pragma(`user_version = ${CLICK_ID_MATCHING_VERSION - 1}`);
    db.close();

    const store = createSqliteStore({ path });
    const parsed = await parseOutcome({ click_id: 'G-before', status: 'won', time: '2026-11-02T00:00:00Z' }, BUILT_IN_STATUSES);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(await store.saveOutcomes([parsed.outcome], { receivedAt: new Date() })).toEqual([
      { id: parsed.outcome.id, state: 'inserted', leadEventId: 'clicked', matchedBy: 'clickId' },
    ]);
    await store.close();
  });

  it('upgrades a version 3 file: events waiting in the outbox stay pending, and can now be parked', async () => {
    const path = join(dir, 'v3.sqlite');
    const db = new Database(path);
    db.exec(readFileSync(new URL('./fixtures/schema-v3.sql', import.meta.url), 'utf8'));
    db.pragma('user_version = 3');
    const events = [validEvent(), validEvent(), validEvent()];
    events.forEach((e, i) => {
      db.prepare(
        'INSERT INTO events (id, type, name, ts, anonymous_id, session_id, user_id, received_at, body) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)',
      ).run(e.id, e.type, e.name, e.ts, e.anonymousId, e.sessionId, '2026-11-01T00:00:00.000Z', JSON.stringify(e));
      db.prepare("INSERT INTO outbox (seq, attempts, next_at, last_error) VALUES (?, ?, '2026-11-01T00:00:00.000Z', ?)").run(
        i + 1,
        i,
        i ? 'HTTP 503' : null,
      );
    });
    db.close();

    const store = createSqliteStore({ path });
    expect(await store.outboxStats()).toEqual({ pending: 3, parked: 0, oldestReceivedAt: '2026-11-01T00:00:00.000Z' });
    const claimed = await store.claimOutbox(10, 1000);
    expect(claimed.map((c) => [c.seq, c.attempts, c.event.id])).toEqual(events.map((e, i) => [i + 1, i, e.id]));
    await store.parkOutbox([{ seq: 2, reason: 'HTTP 400: {"error":"too large"}' }]);
    await store.retryOutbox([1, 3], 0, 'HTTP 503');
    expect(await store.outboxStats()).toMatchObject({ pending: 2, parked: 1 });
    expect((await store.claimOutbox(10, 1000)).map((c) => c.seq)).toEqual([1, 3]);
    expect(await store.parkedOutbox(10)).toEqual([
      { seq: 2, eventId: events[1]!.id, eventType: 'page_view', parkedAt: expect.any(String), reason: 'HTTP 400: {"error":"too large"}' },
    ]);
    await store.close();
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    after.close();
  });

  it('upgrades a version 7 file: an outcome stored before keeps its value as revision 1; a new value is revision 2', async () => {
    const path = join(dir, 'v7.sqlite');
    const lead = leadEvent({ ts: '2026-11-01T08:00:00Z' });
    const won = { event_id: lead.id, status: 'won', time: '2026-11-02T08:00:00Z', value: '100', currency: 'USD' };
    const parse = async (input: Record<string, unknown>) => {
      const r = await parseOutcome(input, BUILT_IN_STATUSES);
      if (!r.ok) throw new Error(r.reason);
      return r.outcome;
    };
    const first = createSqliteStore({ path });
    await first.insert([lead], { receivedAt: new Date('2026-11-01T08:00:01Z') });
    await first.saveOutcomes([await parse(won)], { receivedAt: new Date('2026-11-02T09:00:00Z') });
    await first.close();
    // Back to version 7 exactly: no revision column, no outcome_revisions (version 8), no click-id
    // matching (version 9).
    const db = new Database(path);
    db.exec('DROP TABLE outcome_revisions; ALTER TABLE outcomes DROP COLUMN revision;');
    db.exec(DROP_SINCE_CLICK_ID_MATCHING);
    db.pragma('user_version = 7');
    db.close();

    const store = createSqliteStore({ path });
    const [outcome] = await store.outcomes();
    expect(outcome).toMatchObject({ value: 100, currency: 'USD', revision: 1 });
    expect(await store.outcomeRevisions(outcome!.id)).toEqual([
      { revision: 1, value: 100, currency: 'USD', receivedAt: '2026-11-02T09:00:00.000Z' },
    ]);
    const [saved] = await store.saveOutcomes([await parse({ ...won, value: '120' })], { receivedAt: new Date('2026-11-03T09:00:00Z') });
    expect(saved).toMatchObject({ state: 'updated', revision: 2 });
    expect((await store.outcomeRevisions(outcome!.id)).map((r) => [r.revision, r.value])).toEqual([
      [1, 100],
      [2, 120],
    ]);
    await store.close();
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    after.close();
  });

  it('refuses a file written by a newer collector, and leaves it alone', async () => {
    const path = version1File('future.sqlite', []);
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => createSqliteStore({ path })).toThrow(`schema version 99, newer than this collector's ${SCHEMA_VERSION}`);
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'leads'").get()).toEqual({ n: 0 });
    after.close();
  });
});

describe('PostgreSQL migrations', () => {
  it('the later versions upgrade a version 1 schema: waiting events stay pending, and can now be parked; outcomes keep their value as revision 1', async () => {
    const url = postgresUrl();
    const schema = `mig${process.pid}_v1_${Date.now() % 1e6}`;
    const first = await createPostgresStore({ url, schema, poolSize: 2 });
    const events = [validEvent(), validEvent()];
    await first.insert(events, { receivedAt: new Date('2026-11-01T00:00:00Z'), forward: true });
    const lead = leadEvent({ ts: '2026-11-01T08:00:00Z', userId: 'crm-7' });
    await first.insert([lead], { receivedAt: new Date('2026-11-01T08:00:01Z') });
    const won = { user_id: 'crm-7', status: 'won', time: '2026-11-02T08:00:00Z', value: '100', currency: 'USD' };
    const parse = async (input: Record<string, unknown>) => {
      const r = await parseOutcome(input, BUILT_IN_STATUSES);
      if (!r.ok) throw new Error(r.reason);
      return r.outcome;
    };
    await first.saveOutcomes([await parse(won)], { receivedAt: new Date('2026-11-02T09:00:00Z') });
    await first.close();
    // Back to the outbox exactly as version 1 made it.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`ALTER TABLE ${schema}.outbox DROP COLUMN parked_at, DROP COLUMN parked_reason`);
      await client.query(`CREATE INDEX outbox_next ON ${schema}.outbox(next_at)`);
      await client.query(
        `ALTER TABLE ${schema}.leads DROP COLUMN meta_hashed_email, DROP COLUMN meta_hashed_phone, DROP COLUMN fbp, DROP COLUMN fbc`,
      );
      await client.query(
        `ALTER TABLE ${schema}.outcomes DROP COLUMN meta_hashed_email, DROP COLUMN meta_hashed_phone, DROP COLUMN ref_click_id, DROP COLUMN record_id, DROP COLUMN matched_by`,
      );
      await client.query(`DROP INDEX ${schema}.leads_click_ids`);
      await client.query(`DROP INDEX ${schema}.leads_quality`);
      await client.query(
        `ALTER TABLE ${schema}.leads DROP COLUMN quality_verdict, DROP COLUMN quality_reasons, DROP COLUMN released_at, DROP COLUMN take_back`,
      );
      await client.query(`DROP TABLE ${schema}.uploads`);
      await client.query(`DROP TABLE ${schema}.outcome_revisions`);
      await client.query(`DROP TABLE ${schema}.number_leases; DROP TABLE ${schema}.calls`);
      await client.query(`ALTER TABLE ${schema}.outcomes DROP COLUMN revision`);
      await client.query(`DELETE FROM ${schema}.migrations WHERE version >= 2`);
    } finally {
      await client.end();
    }

    const store = await createPostgresStore({ url, schema, poolSize: 2 });
    try {
      expect(await store.outboxStats()).toEqual({ pending: 2, parked: 0, oldestReceivedAt: '2026-11-01T00:00:00.000Z' });
      const [a, b] = await store.claimOutbox(10, 1000);
      await store.parkOutbox([{ seq: a!.seq, reason: "message of 40000 bytes is over the sink's 32 KB limit" }]);
      await store.retryOutbox([b!.seq], 0, 'HTTP 503');
      expect(await store.outboxStats()).toMatchObject({ pending: 1, parked: 1 });
      expect((await store.parkedOutbox(10)).map((p) => [p.eventId, p.reason])).toEqual([
        [events[0]!.id, "message of 40000 bytes is over the sink's 32 KB limit"],
      ]);
      expect(await store.requeueParked()).toBe(1);
      expect((await store.claimOutbox(10, 1000)).map((c) => c.event.id)).toEqual(events.map((e) => e.id));
      // Version 5: the outcome stored before is revision 1 with its value; a new value is revision 2.
      const [outcome] = await store.outcomes();
      expect(outcome).toMatchObject({ value: 100, revision: 1 });
      expect(await store.outcomeRevisions(outcome!.id)).toEqual([
        { revision: 1, value: 100, currency: 'USD', receivedAt: '2026-11-02T09:00:00.000Z' },
      ]);
      expect((await store.saveOutcomes([await parse({ ...won, value: '120' })], { receivedAt: new Date() }))[0]).toMatchObject({
        state: 'updated',
        revision: 2,
      });
      expect((await store.outcomeRevisions(outcome!.id)).map((r) => [r.revision, r.value])).toEqual([
        [1, 100],
        [2, 120],
      ]);
    } finally {
      await store.close();
    }
  });

  it('run once when several collectors start at once (advisory lock), and a newer schema is refused', async () => {
    const url = postgresUrl();
    const schema = `mig${process.pid}_${Date.now() % 1e6}`;
    const stores = await Promise.all(Array.from({ length: 4 }, () => createPostgresStore({ url, schema, poolSize: 2 })));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT version FROM ${schema}.migrations`);
      expect(rows).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })));
      await stores[0]!.insert([validEvent()], { receivedAt: new Date() });
      expect(await stores[3]!.count()).toBe(1);
      await client.query(`INSERT INTO ${schema}.migrations (version) VALUES (99)`);
      await expect(createPostgresStore({ url, schema })).rejects.toThrow(
        `the PostgreSQL schema ${schema} has version 99, newer than this collector's ${PG_SCHEMA_VERSION}`,
      );
    } finally {
      await client.end();
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
