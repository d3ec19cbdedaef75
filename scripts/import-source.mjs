// A TypeScript module of the repository, for the scripts that run on plain Node (the benchmarks):
// bundled with esbuild into node_modules/.cache (inside the repo, so the packages it leaves
// external, playwright-core among them, resolve) and imported.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Imports `path` (from the repository's root), compiled under the cache name `name`. */
export async function importSource(path, name) {
  const { build } = await import('esbuild');
  const outfile = join(ROOT, 'node_modules', '.cache', 'leadbeacon-scripts', `${name}.mjs`);
  await build({
    entryPoints: [join(ROOT, path)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}
