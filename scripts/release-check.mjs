#!/usr/bin/env node
// `npm run release:check` (and a step of `npm test`): versions nothing and publishes nothing.
// Packs every published package (packages/* that are not private) with `npm pack`, then checks
// each tarball as npm users will meet it:
//   - @arethetypeswrong/cli: the types resolve, and match the JavaScript, under node10,
//     node16 from CommonJS and from ESM, and bundler resolution;
//   - publint: package.json fields, exports and files; every message counts, suggestions too;
//   - the tarball carries README.md, LICENSE and CHANGELOG.md.
// Needs a build (`npm run build`). Exits 1 and lists the problems when there are any.
//   node scripts/release-check.mjs [--dir packages/x ...]   only these package folders
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const REQUIRED_FILES = ['README.md', 'LICENSE', 'CHANGELOG.md'];

/** The folders of the packages npm users get: every non-private package under packages/. */
export function publishedPackageDirs(root = ROOT) {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, 'packages', entry.name))
    .filter((dir) => {
      try {
        return !readJson(join(dir, 'package.json')).private;
      } catch {
        return false;
      }
    });
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** `npm pack` into `dest`; returns the tarball's path and the packed file names. */
function pack(dir, dest) {
  const result = spawnSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm pack failed in ${dir}:\n${result.stderr}`);
  const [info] = JSON.parse(result.stdout);
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path) };
}

/**
 * Script-tag files (`./leadbeacon.min.js`, `./leadbeacon.debug.js`) are exported so tools can
 * resolve their path; they are browser scripts, not modules, so they have no types and attw is
 * not asked about them.
 */
function scriptEntrypoints(manifest) {
  return Object.keys(manifest.exports ?? {}).filter((key) => /\.(min|debug)\.js$/.test(key));
}

function attwProblems(tarball, manifest) {
  const excluded = scriptEntrypoints(manifest);
  const args = ['--no-install', 'attw', tarball, '--format', 'table-flipped', '--no-color', '--no-emoji'];
  if (excluded.length) args.push('--exclude-entrypoints', ...excluded);
  const result = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? [] : [`attw:\n${result.stdout}${result.stderr}`];
}

async function publintProblems(tarball) {
  const bytes = readFileSync(tarball); // a small file's Buffer is a view into a shared pool: copy out its own bytes
  const packed = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: packed }, level: 'suggestion', strict: true });
  return messages.map((message) => `publint ${message.type}: ${formatMessage(message, pkg, { color: false })}`);
}

function missingFiles(files) {
  return REQUIRED_FILES.filter((name) => !files.includes(name)).map((name) => `the tarball has no ${name}`);
}

/** Packs and checks one package folder; returns its name and its problems (none when clean). */
export async function checkPackage(dir, dest) {
  const manifest = readJson(join(dir, 'package.json'));
  const { tarball, files } = pack(dir, dest);
  const problems = [...missingFiles(files), ...attwProblems(tarball, manifest), ...(await publintProblems(tarball))];
  return { name: manifest.name, tarball: basename(tarball), problems };
}

async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string', multiple: true } } });
  const dirs = values.dir?.map((d) => resolve(d)) ?? publishedPackageDirs();
  const dest = mkdtempSync(join(tmpdir(), 'leadbeacon-pack-'));
  let failed = 0;
  try {
    for (const dir of dirs) {
      const { name, tarball, problems } = await checkPackage(dir, dest);
      failed += problems.length ? 1 : 0;
      console.log(
        problems.length
          ? `✗ ${name} (${tarball})\n${problems.map((p) => '  ' + p.replaceAll('\n', '\n  ')).join('\n')}`
          : `✓ ${name} (${tarball}): attw and publint report no problem`,
      );
    }
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
  if (failed) {
    console.error(`\n${failed} of ${dirs.length} package(s) have problems`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
