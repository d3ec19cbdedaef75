/** `leadbeacon-collector import calls FILE` as users run it (the built bin), and a bad row refused by number. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from './run-cli';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index';
import { touchFromQuery } from '../src/numbers/number-route';

describe('import calls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-calls-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records each row, matches the one within the hold, counts the answered 60 s ones as leads, and names a bad row', async () => {
    const db = join(dir, 'leadbeacon.sqlite');
    const store = createSqliteStore({ path: db });
    const at = new Date('2026-12-01T10:00:00Z');
    const touch = touchFromQuery(new URLSearchParams({ utm_source: 'google', utm_medium: 'cpc', gclid: 'G-cli' }), at);
    await store.leaseNumber({
      pool: 'paid',
      numbers: ['+842812345601'],
      fallback: '+842812345699',
      visitor: 'v',
      session: 's',
      now: at,
      holdMs: 30 * 60_000,
      touch,
    });
    await store.close();
    const file = join(dir, 'calls.csv');
    writeFileSync(
      file,
      'call_id,to,from,start,duration,answered\n' +
        'A,+842812345601,+84901234567,2026-12-01T10:10:00Z,75,yes\n' +
        'B,+842812345601,,2026-12-01T11:10:00+07:00,30,yes\n' +
        'C,+842812345601,,yesterday,30,yes\n',
    );
    const r = run(['import', 'calls', file, '--db', db]);
    expect(await r.code).toBe(1);
    expect(r.stdout()).toContain('2 call(s) recorded, 1 matched to a visit, 1 counted as leads');
    expect(r.stdout()).toContain("row 4: start must be ISO 8601 with its offset, got 'yesterday'");
    const after = createSqliteStore({ path: db });
    expect((await after.leads({ types: ['call'] })).map((l) => [l.eventId, l.anonymousId])).toEqual([['call-csv-A', 'v']]);
    await after.close();
  });
});
