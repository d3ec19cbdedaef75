#!/usr/bin/env node
// npm here leaves other platforms' optional packages (e.g. @rollup/rollup-darwin-arm64) out of
// package-lock.json, and then `npm ci` refuses the lock as out of sync (npm/cli#4828, #8320).
// This adds the missing entries from the registry's metadata, so `npm ci` works on every
// platform. Run it after any `npm install` that changes the lock:  node scripts/lock-platforms.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies || {})) {
    // Where npm would place it: beside the parent's own node_modules, else at the top.
    const nested = `${path}/node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (pkgs[nested] || pkgs[top] || name === 'fsevents') continue;
    // The registry reached from here may lack that exact version (the cause of the missing
    // entry); its platform fields come from the newest version it has. The package is never
    // installed off its platform, so the entry needs no integrity to satisfy `npm ci`.
    const view = JSON.parse(execFileSync('npm', ['view', name, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const entry = { version: range };
    for (const k of ['cpu', 'os', 'libc']) if (view[k]) entry[k] = view[k];
    if (meta.dev) entry.dev = true;
    entry.license = view.license;
    entry.optional = true;
    pkgs[top] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-platforms: added ${added} optional platform package(s)`);
