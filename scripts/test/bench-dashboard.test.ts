// scripts/bench-dashboard.mjs (npm run bench:dashboard) is held to working, not to a time: a small
// run must print its table, and packages/collector/README.md must quote a full run over 100,000 events.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TABLE_ROW = /^\| (last 30 days \(the default\)|all 90 days) \| \d+ ms \/ \d+ ms \| \d+ ms \/ \d+ ms \| \d+ KB \|$/m;

describe('npm run bench:dashboard', () => {
  it('seeds, serves and loads the dashboard in Chromium, and prints the table (3,000 events)', () => {
    const r = spawnSync('node', ['scripts/bench-dashboard.mjs', '--events', '3000', '--runs', '1'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Measured \d{4}-\d{2}-\d{2} on .+: 3,000 events over 90 days \(\d+ leads, \d+ CRM outcomes\)/);
    expect(r.stdout.match(new RegExp(TABLE_ROW.source, 'gm'))).toHaveLength(2);
  });

  it('refuses an unknown argument', () => {
    const r = spawnSync('node', ['scripts/bench-dashboard.mjs', '--fast'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown argument --fast');
  });

  it('packages/collector/README.md quotes a full run over 100,000 events', () => {
    const readme = readFileSync(`${ROOT}packages/collector/README.md`, 'utf8');
    const block = /<!-- dashboard-bench:start -->\n([\s\S]*?)\n<!-- dashboard-bench:end -->/.exec(readme)?.[1] ?? '';
    expect(block).toMatch(/^Measured \d{4}-\d{2}-\d{2} on .+: 100,000 events over 90 days/);
    expect(block.match(new RegExp(TABLE_ROW.source, 'gm'))).toHaveLength(2);
  });
});
