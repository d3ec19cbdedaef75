// The benchmark itself runs only as `npm run bench` (minutes, and timing is no test); what the
// test suite holds it to: the runner parses, and README quotes the last full run exactly.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without types
import { benchBlock } from '../bench/readme.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const results = readFileSync(ROOT + 'scripts/bench/results.md', 'utf8');
const readme = readFileSync(ROOT + 'docs/size-and-speed.md', 'utf8');

describe('npm run bench', () => {
  it('parses', () => {
    const r = spawnSync(process.execPath, ['--check', 'scripts/bench/run.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('README quotes scripts/bench/results.md: date, machine and every table up to the method', () => {
    const block = benchBlock(results) as string;
    expect(block).toContain(results.split('\n')[2]);
    expect(block).toContain('### Targets');
    expect(readme).toContain(block);
    const r = spawnSync(process.execPath, ['scripts/bench/readme.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('a README figure that differs from the results is caught', () => {
    const changed = results.replace(
      /\| leadbeacon\.min\.js \(script tag, every detector\) \| ([\d.]+) \|/,
      '| leadbeacon.min.js (script tag, every detector) | 0.01 |',
    );
    expect(changed).not.toBe(results);
    expect(readme).not.toContain(benchBlock(changed));
  });
});
