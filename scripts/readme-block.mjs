// The figures a benchmark writes into a README stand between two HTML comments (the markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** Replaces what stands between the markers `start` and `end` in the Markdown file `path` with `text`. */
export function writeBetweenMarkers(path, start, end, text) {
  const readme = readFileSync(path, 'utf8');
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${relative(process.cwd(), path)} has no ${start} … ${end} block`);
  writeFileSync(path, readme.slice(0, a + start.length) + '\n' + text + '\n' + readme.slice(b));
}
