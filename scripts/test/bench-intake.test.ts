// scripts/bench-intake.mjs (npm run bench:intake) is held to working, not to a time: a short run
// must refuse every bad request with its status, store nothing of them, and print the table; and
// packages/collector/README.md must quote a full run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROW = /^\| [^|]+ \| (200|400|401|403|413|415|429) \| [\d.]+ K?B \| \d+\.\d\d ms \|$/gm;

describe('npm run bench:intake', () => {
  it('sends every kind of bad request, each refused with its status and nothing stored, and prints the table (5 each)', () => {
    const r = spawnSync('node', ['scripts/bench-intake.mjs', '--requests', '5'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Measured \d{4}-\d{2}-\d{2} on .+: the collector's CPU time per request .+ mean of 5 requests per case/m);
    expect(r.stdout.match(ROW)).toHaveLength(16);
  });

  it('packages/collector/README.md quotes a full run', () => {
    const readme = readFileSync(`${ROOT}packages/collector/README.md`, 'utf8');
    const block = /<!-- bench-intake:start -->\n([\s\S]*?)\n<!-- bench-intake:end -->/.exec(readme)?.[1] ?? '';
    expect(block).toMatch(/mean of 200 requests per case/);
    expect(block.match(ROW)).toHaveLength(16);
  });
});
