import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (f: string) => readFileSync(new URL('../dist/' + f, import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('what the core package ships', () => {
  it('leadbeacon.min.js is one self-contained IIFE with debug logging compiled out', () => {
    const min = dist('leadbeacon.min.js');
    // Parenthesised, so V8 compiles it eagerly rather than pre-parsing it first.
    expect(min.startsWith('(function(){')).toBe(true);
    expect(min.trimEnd().endsWith('})();')).toBe(true);
    expect(min).not.toMatch(/\bimport\s*\(|\brequire\(|__DEBUG__|__VERSION__/);
    // The debug messages are gone, not just silenced; warnings stay.
    expect(min).not.toContain('retry in');
    expect(min).not.toContain('.debug(');
    expect(min).toContain('no endpoint configured');
    expect(min).toContain(JSON.stringify(pkg.version));
  });

  it('ESM, CJS and types for each entry, per condition with types first, no side effects', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.files).toEqual(['dist', 'core', 'channel', 'CHANGELOG.md']);
    for (const [entry, file] of [
      ['.', 'index'],
      ['./core', 'core'],
      ['./channel', 'channel'],
    ] as const) {
      expect(pkg.exports[entry]).toEqual({
        import: { types: `./dist/${file}.d.ts`, default: `./dist/${file}.mjs` },
        require: { types: `./dist/${file}.d.cts`, default: `./dist/${file}.cjs` },
      });
      for (const condition of ['import', 'require']) expect(Object.keys(pkg.exports[entry][condition])[0]).toBe('types');
      for (const ext of ['mjs', 'cjs', 'd.ts', 'd.cts']) expect(dist(`${file}.${ext}`).length).toBeGreaterThan(100);
    }
    expect(dist('core.d.cts')).toBe(dist('core.d.ts')); // the same declarations, read as CommonJS
    expect(dist('channel.d.ts')).toMatch(/export \{[^}]*withChannel/);
    expect(dist('index.d.ts')).toMatch(/export \{[^}]*createTracker/);
    expect(dist('shared/tracker.mjs')).toContain('.debug('); // the npm build keeps debug logging
  });
});
