// README quotes the last full `npm run bench`: the block between its bench markers is made from
// scripts/bench/results.md (the run's date and machine line, then every section up to the
// method, one heading level down). `node scripts/bench/readme.mjs` checks it; `--write` rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeBlock, ROOT, SIZE_DOC } from '../size.mjs';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

/** README's bench block for a results.md text. */
export function benchBlock(results) {
  const header = results.split('\n')[2];
  const a = results.indexOf('\n## Size');
  const b = results.indexOf('\n## How it is measured');
  if (!header || a < 0 || b < a) throw new Error('scripts/bench/results.md is not what `npm run bench` writes');
  const body = results
    .slice(a + 1, b)
    .trim()
    .replace(/^## /gm, '### ');
  return `${START}\n${header}\n\n${body}\n${END}`;
}

/**
 * Compares README's bench block with the one made from `results`, and with `write` rewrites it:
 * 'same', 'written', 'differs' (not written) or 'missing' (README has no block).
 */
export function syncReadme(results, write = false) {
  const path = SIZE_DOC;
  const readme = readFileSync(path, 'utf8');
  const have = readmeBlock(readme, START, END);
  const want = benchBlock(results);
  if (have === null) return 'missing';
  if (have === want) return 'same';
  if (!write) return 'differs';
  writeFileSync(
    path,
    readme.replace(have, () => want),
  );
  return 'written';
}

function main(argv) {
  const state = syncReadme(readFileSync(join(ROOT, 'scripts/bench/results.md'), 'utf8'), argv.includes('--write'));
  if (state === 'same') return console.log('README quotes scripts/bench/results.md');
  if (state === 'written') return console.log('wrote the bench block to docs/size-and-speed.md');
  console.error(
    state === 'missing'
      ? `README has no ${START} … ${END} block`
      : 'README quotes other bench figures than scripts/bench/results.md: run `node scripts/bench/readme.mjs --write`',
  );
  process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
