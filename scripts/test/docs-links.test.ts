// The documentation is split over README.md, CONTRIBUTING.md, docs/ and each package's README:
// every relative link between them must reach a file, and every #anchor a heading of that file
// (as GitHub makes its ids), so moving a section can never leave a reader at a dead link.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The repository's own Markdown pages (tracked or new), without changelogs and changeset notes. */
function markdownFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((f) => f && !f.startsWith('.changeset/') && !f.endsWith('CHANGELOG.md') && existsSync(join(ROOT, f)));
}

/** Markdown without its fenced code blocks, where `](…)` is code, not a link. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** The ids GitHub gives a page's headings. */
export function headingIds(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const ids = new Set<string>();
  for (const m of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
    ids.add(slugger.slug(text));
  }
  return ids;
}

/** The relative links of a page that lead nowhere: a missing file, or an anchor its target lacks. */
export function deadLinks(file: string, markdown: string, read: (path: string) => string | undefined): string[] {
  const dead: string[] = [];
  for (const [, target] of prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target!)) continue;
    const [path = '', anchor] = target!.split('#');
    const to = path ? normalize(join(dirname(file), path)) : file;
    const text = read(to);
    if (text === undefined) dead.push(`${file}: ${target} (no such file)`);
    else if (anchor && to.endsWith('.md') && !headingIds(text).has(anchor)) dead.push(`${file}: ${target} (no such heading)`);
  }
  return dead;
}

const readRepo = (path: string) => {
  const full = join(ROOT, path);
  if (!existsSync(full)) return undefined;
  return path.endsWith('.md') ? readFileSync(full, 'utf8') : '';
};

describe('documentation links', () => {
  it('every relative link and anchor in the Markdown pages leads somewhere', () => {
    const files = markdownFiles();
    expect(files).toContain('README.md');
    expect(files).toContain('CONTRIBUTING.md');
    expect(files.flatMap((f) => deadLinks(f, readFileSync(join(ROOT, f), 'utf8'), readRepo))).toEqual([]);
  });

  it('a link to a missing heading or file is caught', () => {
    const pages: Record<string, string> = { 'a/b.md': '## The `loop`, step by step\n\n## Reliability\n## Reliability\n' };
    const read = (p: string) => pages[p];
    expect(deadLinks('a/c.md', '[x](b.md#the-loop-step-by-step) [y](b.md#reliability-1)', read)).toEqual([]);
    expect(deadLinks('a/c.md', '[x](b.md#the-loop) [y](../b.md) [z](https://example.com/#no)', read)).toEqual([
      'a/c.md: b.md#the-loop (no such heading)',
      'a/c.md: ../b.md (no such file)',
    ]);
  });
});
