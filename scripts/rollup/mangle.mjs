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

/** A property or method signature (or a class property) with a plain or quoted name declares that name. */
const declaresName = (node) =>
  (ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isPropertyDeclaration(node)) &&
  node.name &&
  (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name));

/** The property name `node` writes (declared, accessed, in an object literal or a destructuring), if any. */
function writtenName(node) {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const member =
    ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isPropertySignature(node) || ts.isMethodSignature(node);
  if (member && node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isShorthandPropertyAssignment(node) || (ts.isBindingElement(node) && !node.propertyName && ts.isIdentifier(node.name)))
    return node.name.text;
  return undefined;
}

/**
 * Names declared by property and method signatures in `file`; with `all`, also its string
 * literals and every property name it writes (declared, accessed or in an object literal), with
 * how often.
 */
function declared(file, { all = false } = {}) {
  const names = new Set();
  const strings = new Set();
  const used = new Map();
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (declaresName(node)) names.add(node.name.text);
    if (all) {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) strings.add(node.text);
      const name = writtenName(node);
      if (name !== undefined) used.set(name, (used.get(name) || 0) + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { names, strings, used };
}

/** Terser's list of DOM and JavaScript built-in property names, which it never shortens either. */
function builtins(root) {
  const text = readFileSync(join(root, 'node_modules/terser/tools/domprops.js'), 'utf8');
  return new Set(JSON.parse(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1).replace(/,\s*]$/, ']')));
}

/** Short names in order: a..z, A..Z, $, _, then two characters. */
function* shortNames() {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_';
  const next = first + '0123456789';
  for (const a of first) yield a;
  for (const a of first) for (const b of next) yield a + b;
}

/**
 * The property names to shorten in the core's builds and the short name of each, the same in
 * every file (main script, lazy files, npm chunks: objects cross between them) and in every
 * build: terser's `regex` and a `cache` it only reads. The most used names get the shortest;
 * no short name is a name the code keeps. `root`: the repository; reads the core's built .d.ts
 * files, so call it after they are built.
 */
export function propertyMangling(root) {
  const core = join(root, 'packages/core');
  const candidates = new Set();
  const reserved = builtins(root);
  const used = new Map();
  for (const f of files(join(core, 'src'))) {
    const found = declared(f, { all: true });
    for (const s of found.strings) reserved.add(s);
    for (const n of found.names) (/outside\.ts$/.test(f) ? reserved : candidates).add(n);
    for (const [n, c] of found.used) used.set(n, (used.get(n) || 0) + c);
  }
  for (const f of files(join(root, 'packages/wire/src'))) for (const n of declared(f).names) reserved.add(n);
  for (const f of ['dist/index.d.ts', 'dist/core.d.ts']) for (const n of declared(join(core, f)).names) reserved.add(n);
  const names = [...candidates].filter((n) => !reserved.has(n)).sort((a, b) => (used.get(b) || 0) - (used.get(a) || 0) || (a < b ? -1 : 1));
  // A short name must not be any name the code keeps as it is.
  const kept = new Set([...reserved, ...[...used.keys()].filter((n) => !names.includes(n))]);
  const short = shortNames();
  const props = {};
  for (const n of names) {
    let s;
    do s = short.next().value;
    while (kept.has(s));
    props['$' + n] = s;
  }
  return { names, regex: new RegExp(`^(${names.map((n) => n.replace(/\$/g, '\\$')).join('|')})$`), cache: { props } };
}
