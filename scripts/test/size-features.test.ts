// `npm run size:features` (scripts/size-features.mjs): what each feature costs. Each feature's
// stand-in must replace a module that exists, or its row would silently read "—" once files move.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('size:features', () => {
  it('prints a positive cost for every feature in the script build, and what is left without them', () => {
    const r = spawnSync('node', ['scripts/size-features.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| feature'));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows.filter((l) => !l.startsWith('| every feature'))) {
      const script = row.split('|')[2]!.trim();
      expect(script, row).toMatch(/^[\d,]+ B$/);
    }
    const [whole] = r.stdout.match(/script \(([\d,]+) B brotli whole\)/)!.slice(1);
    const left = row(r.stdout, 'every feature above inert').split('|')[2]!.trim();
    expect(parseInt(left.replace(/,/g, ''))).toBeLessThan(parseInt(whole!.replace(/,/g, '')));
  });
});

const row = (out: string, start: string) => out.split('\n').find((l) => l.startsWith('| ' + start))!;
