import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import * as esbuild from 'esbuild';
import { rollup } from 'rollup';
import { describe, expect, it } from 'vitest';
import { TEXTS, WARNINGS_URL } from '../src/warnings';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const dist = (f: string) => readFileSync(new URL('../dist/' + f, import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * Each warning's longest piece of text between its placeholders, quotes and non-ASCII characters
 * (a minifier may escape those): what a build that explains must hold, and one that gives codes must not.
 */
const TEXT_PIECES = Object.values(TEXTS).map((text) => text.split(/\{\w+\}|["\u0080-\uffff]/).sort((a, b) => b.length - a.length)[0]!);

/** A site's bundle of `source` (importing leadbeacon) for NODE_ENV `mode`, minified, as one text. */
const BUNDLERS: Record<string, (source: string, mode: string) => Promise<string>> = {
  async esbuild(source, mode) {
    const out = await esbuild.build({
      stdin: { contents: source, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
      logLevel: 'silent',
    });
    return out.outputFiles.map((f) => f.text).join('\n');
  },
  // Rollup with @rollup/plugin-replace, as its users set NODE_ENV, and terser.
  async rollup(source, mode) {
    const bundle = await rollup({
      input: 'site',
      plugins: [
        { name: 'site', resolveId: (id) => (id === 'site' ? id : null), load: (id) => (id === 'site' ? source : null) },
        replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify(mode) } }),
        nodeResolve({ rootDir: ROOT }),
      ],
      onwarn: () => {},
    });
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true, plugins: [terser()] });
    await bundle.close();
    return output.map((o) => (o.type === 'chunk' ? o.code : '')).join('\n');
  },
};

describe('what the core package ships', () => {
  it("leadbeacon.min.js is one self-contained IIFE with debug logging and the warnings' texts compiled out", () => {
    const min = dist('leadbeacon.min.js');
    // Parenthesised, so V8 compiles it eagerly rather than pre-parsing it first.
    expect(min.startsWith('(function(){')).toBe(true);
    expect(min.trimEnd().endsWith('})();')).toBe(true);
    expect(min).not.toMatch(/\bimport\s*\(|\brequire\(|__DEBUG__|__VERSION__|process\.env/);
    // The debug messages are gone, not just silenced; warnings are codes with a link.
    expect(min).not.toContain('retry in');
    expect(min).not.toContain('.debug(');
    expect(TEXT_PIECES.filter((t) => min.includes(t))).toEqual([]);
    expect(min).toContain(WARNINGS_URL);
    expect(min).toContain(JSON.stringify(pkg.version));
  });

  it('leadbeacon.debug.js is the same script with every warning explained and debug logging kept', () => {
    const debug = dist('leadbeacon.debug.js');
    expect(debug.startsWith('(function(){')).toBe(true);
    expect(debug).not.toMatch(/\bimport\s*\(|\brequire\(|__DEBUG__|__VERSION__|process\.env/);
    expect(TEXT_PIECES.filter((t) => !debug.includes(t))).toEqual([]);
    expect(debug).toContain('.debug(');
    expect(debug).toContain('retry in');
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

  it("the npm build keeps every warning's text for development, which a site's bundler drops from a production build", async () => {
    const tracker = dist('shared/tracker.mjs');
    expect(TEXT_PIECES.filter((t) => !tracker.includes(t))).toEqual([]);
    expect(tracker).toContain('process.env.NODE_ENV');
    const site = "import { createTracker, forms } from 'leadbeacon/core';\ncreateTracker({ endpoint: '/e', detectors: [forms()] });\n";
    for (const [bundler, build] of Object.entries(BUNDLERS)) {
      const production = await build(site, 'production');
      expect(
        TEXT_PIECES.filter((t) => production.includes(t)),
        `${bundler}, production`,
      ).toEqual([]);
      expect(production, bundler).toContain(WARNINGS_URL);
      const development = await build(site, 'development');
      expect(
        TEXT_PIECES.filter((t) => !development.includes(t)),
        `${bundler}, development`,
      ).toEqual([]);
    }
  });
});
