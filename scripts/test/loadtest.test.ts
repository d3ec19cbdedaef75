// scripts/loadtest/run.mjs (npm run loadtest) is held to working, not to a speed: a short run must
// print both tables and lose no acknowledged event, and packages/collector/README.md must quote a
// full run (every database, 1 and 2 processes, batches of 1 and 10, both crash checks).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUN_ROW =
  /^\| (SQLite|PostgreSQL) \| [12] \| (1|10) \| (as fast as it goes|paced at [\d,]+ events\/s) \| [\d,]+ \| [\d,]+ \| [\d.]+ ms \| [\d.]+ ms \| 0 \|$/gm;
const CRASH_ROW = /^\| (SQLite|PostgreSQL) \| [\d,]+ \| 0 \| 0 \| \d+ ms \|$/gm;

describe('npm run loadtest', () => {
  it('measures SQLite and PostgreSQL, kills a collector under load, and finds every acknowledged event once (short run)', () => {
    const r = spawnSync('node', ['scripts/loadtest/run.mjs', '--quick'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Measured \d{4}-\d{2}-\d{2} on .+, \d+ cores, .+PostgreSQL\) \d+/m);
    expect(r.stdout.match(RUN_ROW)).toHaveLength(2);
    expect(r.stdout.match(CRASH_ROW)?.map((row) => row.split(' | ')[0])).toEqual(['| SQLite', '| PostgreSQL']);
  });

  it('refuses an unknown argument', () => {
    const r = spawnSync('node', ['scripts/loadtest/run.mjs', '--fast'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown argument --fast');
  });

  it('packages/collector/README.md quotes a full run', () => {
    const readme = readFileSync(`${ROOT}packages/collector/README.md`, 'utf8');
    const block = /<!-- loadtest:start -->\n([\s\S]*?)\n<!-- loadtest:end -->/.exec(readme)?.[1] ?? '';
    expect(block).toMatch(/^Measured \d{4}-\d{2}-\d{2} on .+; 10 s per run/);
    expect(block.match(RUN_ROW)).toHaveLength(10);
    expect(block.match(CRASH_ROW)).toHaveLength(2);
  });
});

// scripts/loadtest/numbers.mjs (call tracking's GET /api/number) is held to working the same way: a
// one-second run on each database answers every request 200 and stores a lease for each new visit.
describe('GET /api/number load test', () => {
  it('prints a row per database, every answer 200 and leases stored (short run)', () => {
    const r = spawnSync('node', ['scripts/loadtest/numbers.mjs', '--seconds', '1', '--connections', '4'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const rows = [...r.stdout.matchAll(/^\| (SQLite|PostgreSQL) \| ([\d,]+) \| [\d.]+ ms \| [\d.]+ ms \| (\d+) \| ([\d,]+) \|$/gm)];
    expect(rows.map((m) => [m[1], m[3]])).toEqual([
      ['SQLite', '0'],
      ['PostgreSQL', '0'],
    ]);
    for (const m of rows) expect(Number(m[4]!.replace(/,/g, ''))).toBeGreaterThan(0);
  });
});
