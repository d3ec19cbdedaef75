// Small factories that rollup.config.mjs assembles into one config array.
// Each package gets ESM + CJS + one bundled .d.ts; browser entries may add a minified IIFE.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import terser from '@rollup/plugin-terser';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { propertyMangling } from './mangle.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const pkgJson = (dir) => JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8'));

/** Everything a package depends on (and node builtins) stays outside its bundle. */
function externals(dir) {
  const p = pkgJson(dir);
  const deps = Object.keys({ ...p.dependencies, ...p.peerDependencies, ...p.optionalDependencies });
  return (id) => id.startsWith('node:') || deps.some((d) => id === d || id.startsWith(d + '/'));
}

/**
 * `__DEBUG__` (debug logging), `__VERSION__`, and, given a `nodeEnv`, `process.env.NODE_ENV`:
 * the npm builds leave that one to the site's bundler (warnings explained in development, codes
 * in production: packages/core/src/warnings.ts); the script-tag builds decide it here.
 */
function defines(dir, debug, nodeEnv) {
  return replace({
    preventAssignment: true,
    values: {
      __DEBUG__: String(debug),
      __VERSION__: JSON.stringify(pkgJson(dir).version),
      ...(nodeEnv ? { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) } : {}),
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
 * The core's property names, shortened alike in every file (main script, lazy files, npm chunks):
 * objects cross between them. `regex` and `cache` are filled in when the first build that
 * shortens starts, once the public .d.ts files they depend on are built (scripts/rollup/mangle.mjs
 * says which names, and to what).
 */
const properties = { regex: /^$/, cache: { props: {} }, keep_quoted: true };
function mangling() {
  return {
    name: 'property-names',
    buildStart() {
      const { regex, cache } = propertyMangling(ROOT);
      Object.assign(properties, { regex, cache });
    },
  };
}

/**
 * ESM + CJS builds of `entries` (name -> src path) and bundled types per entry, built first (the
 * property mangling reads them): `.d.ts` for `import`, and the same declarations as `.d.cts` for
 * `require`, because a `.d.ts` in a "type": "module" package describes an ES module, and CommonJS
 * consumers would be told that `require()` returns one ("Masquerading as ESM" in attw).
 * `platform` is 'browser' (ES2019 syntax) or 'node'. `mangle`: shorten the core's own property
 * names (readable source, compact output). `manualChunks`: rollup's, to keep what a site's
 * bundler must split apart in chunks of its own.
 */
export function library({ dir, entries, platform = 'browser', banner, mangle = false, manualChunks }) {
  // A clean dist per build: stale chunks must never ship or be tested.
  rmSync(resolve(dir, 'dist'), { recursive: true, force: true });
  const input = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, resolve(dir, v)]));
  const external = externals(dir);
  const target = platform === 'node' ? 'node20' : 'es2019';
  const output = (format, ext) => ({
    dir: resolve(dir, 'dist'),
    format,
    entryFileNames: `[name].${ext}`,
    chunkFileNames: `shared/[name].${ext}`,
    manualChunks,
    // No bare imports of chunks an entry needs only through others: a site's bundler would load them up front.
    hoistTransitiveImports: false,
    banner,
    ...(format === 'cjs' ? { exports: 'named' } : {}),
    // Still readable: only the property names are short and constants inlined (a warning code, a
    // limit); nothing else is minified.
    plugins: mangle
      ? [
          terser({
            compress: { defaults: false, reduce_vars: true, unused: true, evaluate: true, module: true },
            mangle: { properties, toplevel: false },
            format: { beautify: true, comments: false, preserve_annotations: true },
          }),
        ]
      : [],
  });
  const js = {
    input,
    external,
    plugins: [
      defines(dir, true),
      rawText(),
      nodeResolve({ preferBuiltins: true }),
      esbuild({ target, tsconfig: resolve(dir, 'tsconfig.json') }),
      ...(mangle ? [mangling()] : []),
    ],
    output: [output('es', 'mjs'), output('cjs', 'cjs')],
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
  return [...types, js];
}

/**
 * A self-contained, minified IIFE for a script tag: warnings as codes, debug logging compiled
 * out; with `debug`, the developer's build instead (warnings explained, debug logging kept).
 * `mangle`: shorten the core's property names (off for a file that is mostly a third party's
 * code; on in every file that shares objects with the main script, the debug build included).
 */
export function iife({ dir, input, file, mangle = true, debug = false }) {
  return {
    input: resolve(dir, input),
    plugins: [
      defines(dir, debug, debug ? 'development' : 'production'),
      nodeResolve(),
      esbuild({ target: 'es2019', tsconfig: resolve(dir, 'tsconfig.json') }),
      ...(mangle ? [mangling()] : []),
      terser({
        ecma: 2019,
        // negate_iife off: the file stays `(function(){…})()`, which V8 compiles eagerly (a parenthesised
        // function); as `!function(){…}()` it is pre-parsed, then parsed again when it runs (about
        // 0.4–1 ms of the script's own task in Chromium, measured with the start-up bench).
        compress: { passes: 3, unsafe_arrows: true, pure_getters: true, negate_iife: false, global_defs: { __DEBUG__: debug } },
        mangle: mangle ? { properties } : true,
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
