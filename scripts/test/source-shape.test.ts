// The core's and the wire format's sources stay readable in small pieces (issue 13): no module over
// 250 lines, no function over 80 (counted as ESLint's max-lines-per-function does: every line of
// the function, nested functions included).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIRS = ['packages/core/src', 'packages/wire/src'];
const MAX_MODULE = 250;
const MAX_FUNCTION = 80;

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) ? [p] : [];
  });

/** Every function in `file` longer than MAX_FUNCTION lines, as "path:line name (n lines)". */
function longFunctions(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      if (lines > MAX_FUNCTION) out.push(`${relative(ROOT, file)}:${start + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('source shape', () => {
  const all = DIRS.flatMap((d) => files(join(ROOT, d)));

  it(`no module over ${MAX_MODULE} lines`, () => {
    expect(all.length).toBeGreaterThan(40);
    const long = all.map((f) => [relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > MAX_MODULE);
    expect(long).toEqual([]);
  });

  it(`no function over ${MAX_FUNCTION} lines`, () => {
    expect(all.flatMap(longFunctions)).toEqual([]);
  });
});
