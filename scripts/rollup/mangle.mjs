// Which property names the build may shorten (terser's property mangling): the tracker's own
// names, never a name that code the build does not see relies on.
//
// A name is shortened when it is declared in an interface or type literal of packages/core/src
// and is none of these:
// - declared in the public types (the built dist/index.d.ts and dist/core.d.ts): the API,
//   config, detector context, runtime, options;
// - declared anywhere in packages/wire/src: the wire format;
// - declared in packages/core/src/outside.ts: localStorage formats, page globals, vendor APIs;
// - written as a string literal anywhere in the source (a name used as a computed key);
// - a DOM or JavaScript built-in name (terser's own list, always kept).
// Object-literal keys that no type declares (data tables keyed by data: plugin names, jQuery
// events) are never shortened.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const files = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) ? [p] : [];
  });

/** Names declared by property and method signatures in `file` (and, with `literals`, its string literals). */
function declared(file, { literals = false } = {}) {
  const names = new Set();
  const strings = new Set();
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if ((ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isPropertyDeclaration(node)) && node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      names.add(node.name.text);
    }
    if (literals && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) strings.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { names, strings };
}

/**
 * The names to shorten in the core's builds, as terser's `regex`. `root`: the repository;
 * reads the core's built .d.ts files, so call it after they are built.
 */
export function mangledNames(root) {
  const core = join(root, 'packages/core');
  const candidates = new Set();
  const reserved = new Set();
  for (const f of files(join(core, 'src'))) {
    const { names, strings } = declared(f, { literals: true });
    for (const s of strings) reserved.add(s);
    for (const n of names) (/outside\.ts$/.test(f) ? reserved : candidates).add(n);
  }
  for (const f of files(join(root, 'packages/wire/src'))) for (const n of declared(f).names) reserved.add(n);
  for (const f of ['dist/index.d.ts', 'dist/core.d.ts']) for (const n of declared(join(core, f)).names) reserved.add(n);
  return [...candidates].filter((n) => !reserved.has(n)).sort();
}

export const asRegex = (names) => new RegExp(`^(${names.map((n) => n.replace(/\$/g, '\\$')).join('|')})$`);
