// No circle of imports in the core's (and the wire format's) sources, between files or between
// folders (issue 25): a newcomer reads the code bottom-up, and a circle hides which side is the
// base. Every import counts: `import type`, `export … from`, `import()` and `typeof import()` too.
// A root module counts as a folder of its own (tracker.ts and tracker/ are two nodes).
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /(?<!\.d)\.ts$/.test(f) ? [p] : [];
  });

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Each file of `dir` (relative path) -> the files of `dir` it imports, by any kind of import. */
export function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(dir)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .filter((i) => i.fileName.startsWith('.'))
      .map((i) => resolve(dirname(file), i.fileName))
      .map((t) => [t + '.ts', join(t, 'index.ts'), t].find(isFile))
      .filter((t): t is string => !!t);
    graph.set(relative(dir, file), [...new Set(targets.map((t) => relative(dir, t)))]);
  }
  return graph;
}

/** The folder a file belongs to; a file at the root is a node of its own. */
const folderOf = (file: string) => (file.includes('/') ? dirname(file) + '/' : file);

/** The same graph between folders (edges inside one folder left out). */
export function folderGraph(files: Map<string, string[]>): Map<string, string[]> {
  const graph = new Map<string, Set<string>>();
  for (const [from, tos] of files) {
    const set = graph.get(folderOf(from)) || new Set<string>();
    graph.set(folderOf(from), set);
    for (const to of tos) if (folderOf(to) !== folderOf(from)) set.add(folderOf(to));
  }
  return new Map([...graph].map(([k, v]) => [k, [...v]]));
}

/** Every circle, one path each, as "a -> b -> a" (depth-first search; each edge is walked once). */
export function circles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) || []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe('no circle of imports', () => {
  for (const dir of ['packages/core/src', 'packages/wire/src']) {
    const files = importGraph(join(ROOT, dir));

    it(`${dir}: between files`, () => {
      expect(files.size).toBeGreaterThan(10);
      expect(circles(files)).toEqual([]);
    });

    it(`${dir}: between folders`, () => {
      expect(circles(folderGraph(files))).toEqual([]);
    });
  }
});

describe('the circle finder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  write('types.ts', "import type { Feature } from './features/list';\nexport interface Context { load(f: Feature): void }\n");
  write('features/list.ts', "export type Feature = typeof import('../detectors/chat');\n");
  write('detectors/chat.ts', "import type { Context } from '../types';\nexport const chat = (c: Context) => c;\n");
  write('detectors/links.ts', "export { chat } from './chat';\nimport('../util');\n");
  write('util.ts', 'export const x = 1;\n');

  it('sees type imports, typeof import() and re-exports, and names the circle', () => {
    const files = importGraph(dir);
    expect(files.get('detectors/links.ts')!.sort()).toEqual(['detectors/chat.ts', 'util.ts']);
    expect(circles(files)).toEqual(['detectors/chat.ts -> types.ts -> features/list.ts -> detectors/chat.ts']);
  });

  it('sees a circle between folders that no two files make', () => {
    write('types.ts', 'export interface Context { n: number }\n');
    write('features/list.ts', "import { x } from '../detectors/uses';\nexport const y = x;\n");
    write('detectors/uses.ts', 'export const x = 2;\n');
    write('detectors/chat.ts', "import { y } from '../features/list';\nexport const chat = y;\n");
    const files = importGraph(dir);
    expect(circles(files)).toEqual([]);
    expect(circles(folderGraph(files))).toEqual(['detectors/ -> features/ -> detectors/']);
  });
});
