// Small factories that rollup.config.mjs assembles into one config array.
// Each package gets ESM + CJS + one bundled .d.ts; browser entries may add a minified IIFE.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import terser from '@rollup/plugin-terser';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';

const pkgJson = (dir) => JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8'));

/** Everything a package depends on (and node builtins) stays outside its bundle. */
function externals(dir) {
  const p = pkgJson(dir);
  const deps = Object.keys({ ...p.dependencies, ...p.peerDependencies, ...p.optionalDependencies });
  return (id) => id.startsWith('node:') || deps.some((d) => id === d || id.startsWith(d + '/'));
}

function defines(dir, debug) {
  return replace({
    preventAssignment: true,
    values: {
      __DEBUG__: String(debug),
      __VERSION__: JSON.stringify(pkgJson(dir).version),
    },
  });
}

/**
 * `import text from './file.csv?raw'` inlines the file's text as a string, as Vite (and so vitest)
 * does: data files (the collector's GA4 source list) ship inside the bundle, not beside it.
 */
function rawText() {
  return {
    name: 'raw-text',
    resolveId(source, importer) {
      if (!source.endsWith('?raw') || !importer) return null;
      return resolve(dirname(importer), source.slice(0, -'?raw'.length)) + '?raw';
    },
    load(id) {
      if (!id.endsWith('?raw')) return null;
      const file = id.slice(0, -'?raw'.length);
      this.addWatchFile(file);
      return `export default ${JSON.stringify(readFileSync(file, 'utf8'))};`;
    },
  };
}

/**
 * ESM + CJS builds of `entries` (name -> src path) and bundled types per entry: `.d.ts` for
 * `import`, and the same declarations as `.d.cts` for `require`, because a `.d.ts` in a
 * "type": "module" package describes an ES module, and CommonJS consumers would be told that
 * `require()` returns one ("Masquerading as ESM" in @arethetypeswrong/cli).
 * `platform` is 'browser' (ES2019 syntax) or 'node'.
 */
export function library({ dir, entries, platform = 'browser', banner }) {
  // A clean dist per build: stale chunks must never ship or be tested.
  rmSync(resolve(dir, 'dist'), { recursive: true, force: true });
  const input = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, resolve(dir, v)]));
  const external = externals(dir);
  const target = platform === 'node' ? 'node20' : 'es2019';
  const js = {
    input,
    external,
    plugins: [defines(dir, true), rawText(), nodeResolve({ preferBuiltins: true }), esbuild({ target, tsconfig: resolve(dir, 'tsconfig.json') })],
    output: [
      { dir: resolve(dir, 'dist'), format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'shared/[name].mjs', banner },
      { dir: resolve(dir, 'dist'), format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'shared/[name].cjs', exports: 'named', banner },
    ],
    onwarn,
  };
  const types = Object.entries(input).map(([name, file]) => ({
    input: file,
    external,
    plugins: [dts({ tsconfig: resolve(dir, 'tsconfig.json') })],
    output: [
      { file: resolve(dir, 'dist', `${name}.d.ts`), format: 'es' },
      { file: resolve(dir, 'dist', `${name}.d.cts`), format: 'es' },
    ],
    onwarn,
  }));
  return [js, ...types];
}

/** A self-contained, minified IIFE for a script tag; debug logging compiled out. */
export function iife({ dir, input, file }) {
  return {
    input: resolve(dir, input),
    plugins: [
      defines(dir, false),
      nodeResolve(),
      esbuild({ target: 'es2019', tsconfig: resolve(dir, 'tsconfig.json') }),
      terser({
        ecma: 2019,
        // negate_iife off: the file stays `(function(){…})()`, which V8 compiles eagerly (a parenthesised
        // function); as `!function(){…}()` it is pre-parsed, then parsed again when it runs (about
        // 0.4–1 ms of the script's own task in Chromium, measured with the start-up bench).
        compress: { passes: 3, unsafe_arrows: true, pure_getters: true, negate_iife: false, global_defs: { __DEBUG__: false } },
        mangle: { properties: false },
        format: { comments: false },
      }),
    ],
    output: { file: resolve(dir, file), format: 'iife', inlineDynamicImports: true },
    onwarn,
  };
}

function onwarn(warning, warn) {
  // A circular import between type-only modules is harmless; everything else is shown.
  if (warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
}
