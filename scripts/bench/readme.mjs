// README quotes the last full `npm run bench`: the block between its bench markers is made from
// scripts/bench/results.md (the run's date and machine line, then every section up to the
// method, one heading level down). `node scripts/bench/readme.mjs` checks it; `--write` rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeBlock } from '../size.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

/** README's bench block for a results.md text. */
export function benchBlock(results) {
  const header = results.split('\n')[2];
  const a = results.indexOf('\n## Size');
  const b = results.indexOf('\n## How it is measured');
  if (!header || a < 0 || b < a) throw new Error('scripts/bench/results.md is not what `npm run bench` writes');
  const body = results.slice(a + 1, b).trim().replace(/^## /gm, '#### ');
  return `${START}\n${header}\n\n${body}\n${END}`;
}

function main(argv) {
  const readmePath = join(ROOT, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const want = benchBlock(readFileSync(join(ROOT, 'scripts/bench/results.md'), 'utf8'));
  const have = readmeBlock(readme, START, END);
  if (have === want) return console.log('README quotes scripts/bench/results.md');
  if (argv.includes('--write') && have !== null) {
    writeFileSync(readmePath, readme.replace(have, want));
    return console.log('wrote the bench block to README.md');
  }
  console.error(have === null ? `README has no ${START} … ${END} block` : 'README quotes other bench figures than scripts/bench/results.md: run `node scripts/bench/readme.mjs --write`');
  process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
