#!/usr/bin/env node
// `npm test`: every test in the repo. Builds the packages and the examples (browser tests run against what ships),
// type-checks, checks sizes and README's size figures, runs every vitest project (unit, collector, test-utils, browser, scripts),
// and ends with one line "N passed, N failed". A skipped test fails the run: no test
// may pass by skipping.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Runs a step; a failed one stops the run, unless `goOn` (its failure is then reported by a test too). */
const step = (title, cmd, args, { goOn = false } = {}) => {
  console.log(`\n> ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal})`);
    if (goOn) return console.error('(the size test in scripts/test/size.test.ts fails with it; every other test still runs)');
    process.exit(r.status || 1);
  }
};

step('build', 'npx', ['rollup', '-c', '--silent']);
// The framework examples (Vite, Angular's builder) against the packages just built: the examples' browser tests use them.
step('build examples', 'npm', ['run', '--silent', 'build:examples']);
step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
// Sizes against the budgets and the figures README quotes: see README "Size and speed". A row over
// its budget fails the run; scripts/test/size.test.ts counts it among the failed tests, so the
// other tests still run and the last line says so.
step('size', 'node', ['scripts/size.mjs'], { goOn: true });
mkdirSync(join(root, '.tmp'), { recursive: true });
const report = join(root, '.tmp', 'vitest.json');
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
  cwd: root,
  stdio: 'inherit',
});
let summary;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error('vitest wrote no report');
  process.exit(vitest.status || 1);
}
const skipped = summary.numPendingTests + summary.numTodoTests;
if (skipped) console.error(`${skipped} test(s) skipped: a skipped test is a failure here`);
if (!summary.numTotalTests) console.error('no test ran');
console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests + skipped} failed`);
process.exit(vitest.status || summary.numFailedTests || skipped || !summary.numTotalTests ? 1 : 0);
