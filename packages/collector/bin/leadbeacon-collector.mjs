#!/usr/bin/env node
// The `leadbeacon-collector` command. The CLI itself is the built dist/cli.mjs; this file exists
// before any build, so that npm links the command in a fresh clone of the leadbeacon repository
// too (npm links a workspace's bin at install time only if its file is there). In such a clone,
// before the first build, it builds the packages once and then runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.mjs', import.meta.url);
const repoRoot = new URL('../../../', import.meta.url);
const inClone = existsSync(new URL('rollup.config.mjs', repoRoot)) && existsSync(new URL('packages/collector/package.json', repoRoot));

if (!existsSync(cli) && inClone) {
  console.error('leadbeacon-collector: first run in a clone of the repository: building the packages (npm run build)…');
  const build = spawnSync('npm', ['run', '--silent', 'build', '--', '--silent'], { cwd: fileURLToPath(repoRoot), stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(cli)) {
  console.error(`leadbeacon-collector: ${fileURLToPath(cli)} is missing; this copy of @leadbeacon/collector was not built`);
  process.exit(1);
}
await import(cli.href);
