#!/usr/bin/env node
// The list of warning codes in packages/core/README.md ("Warnings"), made from
// packages/core/src/warnings.ts, where the codes and their texts are written once.
//
//   node scripts/warnings-doc.mjs            exits 1 when README's list differs from the module
//   node scripts/warnings-doc.mjs --write    (re)writes the list between the warnings markers
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { readmeBlock } from './size.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const README = join(ROOT, 'packages/core/README.md');
const MODULE = join(ROOT, 'packages/core/src/warnings.ts');
export const START = '<!-- warnings:start -->';
export const END = '<!-- warnings:end -->';

/** The module's TEXTS (code -> text), compiled from its TypeScript. */
export async function loadTexts() {
  const out = await build({ entryPoints: [MODULE], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  const module = await import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
  return module.TEXTS;
}

/** The README block: one row per code, each with the anchor a production console line links to (`#w12`). */
export function block(texts) {
  const rows = Object.entries(texts).map(([code, text]) => `| <a id="w${code}"></a>W${code} | ${text.replace(/\|/g, '\\|')} |`);
  return [START, '| code | warning |', '|---|---|', ...rows, END].join('\n');
}

async function main(argv) {
  const wanted = block(await loadTexts());
  const readme = readFileSync(README, 'utf8');
  const quoted = readmeBlock(readme, START, END);
  if (quoted === null) throw new Error(`packages/core/README.md has no ${START} … ${END} block`);
  if (argv.includes('--write')) {
    writeFileSync(
      README,
      readme.replace(quoted, () => wanted),
    );
    console.log('wrote the warnings list to packages/core/README.md');
  } else if (quoted !== wanted) {
    console.error(
      'packages/core/README.md lists other warnings than packages/core/src/warnings.ts: run `node scripts/warnings-doc.mjs --write`',
    );
    process.exitCode = 1;
  } else console.log('the warnings list in packages/core/README.md is up to date');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
}
