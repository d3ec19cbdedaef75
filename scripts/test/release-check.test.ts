// scripts/release-check.mjs: `npm pack` of each published package, checked by attw and publint.
// `npm test` runs it over the real packages as a step of its own; here it must catch what it is
// for, on small packages made in a temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { checkPackage, publishedPackageDirs } from '../release-check.mjs';

type Check = { name: string; problems: string[] };
const check = checkPackage as (dir: string, dest: string) => Promise<Check>;

const work = mkdtempSync(join(tmpdir(), 'leadbeacon-release-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DTS = 'export declare function hello(): string;\n';

/** A small dual ESM/CJS package; `overrides` change its manifest, `omit` leaves files out. */
function fixture(name: string, overrides: Record<string, unknown> = {}, omit: string[] = []): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  const files: Record<string, string> = {
    'dist/index.mjs': 'export function hello() { return "hi"; }\n',
    'dist/index.cjs': '"use strict";\nexports.hello = function hello() { return "hi"; };\n',
    'dist/index.d.ts': DTS,
    'dist/index.d.cts': DTS,
    'README.md': `# ${name}\n`,
    LICENSE: 'MIT\n',
    'CHANGELOG.md': `# ${name}\n`,
  };
  for (const [file, text] of Object.entries(files)) if (!omit.includes(file)) writeFileSync(join(dir, file), text);
  const manifest = {
    name,
    version: '1.0.0',
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    main: './dist/index.cjs',
    types: './dist/index.d.ts',
    exports: {
      '.': {
        import: { types: './dist/index.d.ts', default: './dist/index.mjs' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
    },
    files: ['dist', 'CHANGELOG.md'],
    engines: { node: '>=20' },
    ...overrides,
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

describe('release check', () => {
  it('passes a package whose types match each condition', { timeout: 60_000 }, async () => {
    const result = await check(fixture('clean-pkg'), work);
    expect(result).toEqual({ name: 'clean-pkg', tarball: 'clean-pkg-1.0.0.tgz', problems: [] });
  });

  it('fails one .d.ts serving both import and require ("Masquerading as ESM")', { timeout: 60_000 }, async () => {
    const exports = { '.': { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.cjs' } };
    const { problems } = await check(fixture('masquerading-pkg', { exports }), work);
    expect(problems.join('\n')).toMatch(/attw:[\s\S]*Masquerading as ESM/);
  });

  it('fails a tarball without its LICENSE and a manifest without engines.node', { timeout: 60_000 }, async () => {
    const { problems } = await check(fixture('bare-pkg', { engines: undefined }, ['LICENSE']), work);
    expect(problems).toContain('the tarball has no LICENSE');
    expect(problems.join('\n')).toMatch(/publint suggestion: .*engines\.node/);
  });

  it('checks every published package of the repo, and only those', () => {
    const names = (publishedPackageDirs() as string[]).map((dir) => dir.split(/[\\/]/).pop()).sort();
    expect(names).toEqual(['angular', 'collector', 'core', 'react', 'svelte', 'vue', 'wire']);
  });
});
