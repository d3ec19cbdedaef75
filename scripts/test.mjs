#!/usr/bin/env node
// `npm test`: every test in the repo. Builds the packages and the examples (browser tests run against what ships),
// type-checks, lints (ESLint, Prettier), checks sizes and README's size figures, packs and checks every published
// package, runs every vitest project (unit, collector, test-utils, browser, scripts), then a few browser tests again on
// the Chromium inside the npm package and a few PostgreSQL tests again on the PostgreSQL inside the npm package, and
// ends with one line "N passed, N failed". A skipped test fails the run: no test may pass by skipping.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });

/** Runs a step; a failed one stops the run, unless `goOn` (its failure is then reported by a test too). */
const step = (title, cmd, args, { goOn = false } = {}) => {
  console.log(`\n> ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal})`);
    if (goOn) return console.error(`(a test fails with it, so it is counted in the last line; every other test still runs)`);
    process.exit(r.status || 1);
  }
};

/** Runs vitest with `args` and returns the counts of its JSON report. */
function vitest(title, args, env = {}) {
  console.log(`\n> ${title}`);
  const report = join(tmp, `vitest-${title.replace(/\W+/g, '-')}.json`);
  rmSync(report, { force: true });
  const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let summary;
  try {
    summary = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    console.error(`${title}: vitest wrote no report`);
    process.exit(run.status || 1);
  }
  const skipped = summary.numPendingTests + summary.numTodoTests;
  if (skipped) console.error(`${title}: ${skipped} test(s) skipped: a skipped test is a failure here`);
  if (!summary.numTotalTests) console.error(`${title}: no test ran`);
  const failed = summary.numFailedTests + skipped + (summary.numTotalTests ? 0 : 1) + (run.status && !summary.numFailedTests ? 1 : 0);
  return { passed: summary.numPassedTests, failed };
}

/** The lines a report file holds (one per browser launched or PostgreSQL started); none if it is missing. */
function reportLines(file) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * A fallback proven on every run: `args` run once more with `env` forcing the copy inside the npm
 * package, and `reportVar` naming a file where each launch or start writes `<origin> <version>
 * <path>`. Every line must say `npm`, or the pass counts one failure more.
 */
function onNpmPackage(title, args, env, reportVar) {
  const report = join(tmp, `${title.replace(/\W+/g, '-')}.txt`);
  rmSync(report, { force: true });
  const counts = vitest(title, args, { ...env, [reportVar]: report });
  const lines = reportLines(report);
  if (!lines.length || lines.some((line) => !line.startsWith('npm '))) {
    console.error(`${title}: expected every start from the npm package, got:\n${lines.join('\n') || '(none)'}`);
    counts.failed += 1;
  } else {
    console.log(`${title}: ${lines.length} start(s) of ${lines[0]}`);
  }
  return counts;
}

step('build', 'npx', ['rollup', '-c', '--silent']);
// The framework examples (Vite, Angular's builder) against the packages just built: the examples' browser tests use them.
step('build examples', 'npm', ['run', '--silent', 'build:examples']);
step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
// ESLint (eslint.config.mjs: function and module size, complexity) and Prettier's format check, over the whole repository.
step('lint (ESLint, Prettier)', 'npm', ['run', '--silent', 'lint']);
// Sizes against the budgets and the figures README quotes: see README "Size and speed". A row over
// its budget fails the run; scripts/test/size.test.ts counts it among the failed tests, so the
// other tests still run and the last line says so.
step('size', 'node', ['scripts/size.mjs'], { goOn: true });
// Every published package as npm users will meet it: `npm pack`, then attw and publint on the tarball.
step('packages (attw, publint)', 'node', ['scripts/release-check.mjs']);

const all = vitest('all tests', []);

// The browser fallback, proven on every run: the main run prefers an installed Chrome/Chromium
// where there is one, so these browser tests run once more on the Chromium inside the npm package.
const browsersOnNpm = onNpmPackage(
  'browser tests on the npm Chromium',
  ['--project', 'browser', 'test-browser/delivery.test.ts', 'test-browser/clicks-chat.test.ts'],
  { LEADBEACON_BROWSER: 'npm' },
  'LEADBEACON_BROWSER_REPORT',
);
// The PostgreSQL fallback, the same way: the main run prefers the machine's PostgreSQL where there
// is one, so the store and migration tests run once more on the server inside the npm package.
const postgresOnNpm = onNpmPackage(
  'PostgreSQL tests on the npm PostgreSQL',
  ['--project', 'collector', 'test/store.test.ts', 'test/migration.test.ts'],
  { LEADBEACON_POSTGRES: 'npm' },
  'LEADBEACON_POSTGRES_REPORT',
);

const passed = all.passed + browsersOnNpm.passed + postgresOnNpm.passed;
const failed = all.failed + browsersOnNpm.failed + postgresOnNpm.failed;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
