// packages/core/README.md lists every warning code with its text, as packages/core/src/warnings.ts
// writes them (`node scripts/warnings-doc.mjs`), and the production console's link reaches each.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEXTS, WARNINGS_URL } from '../../packages/core/src/warnings';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the warnings list in packages/core/README.md', () => {
  it('is the one warnings.ts makes', () => {
    const run = spawnSync(process.execPath, ['scripts/warnings-doc.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('has the anchor each code links to, on the page the link names', () => {
    expect(WARNINGS_URL).toBe('https://github.com/leadbeacon/leadbeacon/blob/main/packages/core/README.md#w');
    const readme = readFileSync(ROOT + 'packages/core/README.md', 'utf8');
    for (const [code, text] of Object.entries(TEXTS)) expect(readme).toContain(`| <a id="w${code}"></a>W${code} | ${text} |`);
  });
});
