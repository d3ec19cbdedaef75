// README's commands as written, in this clone: `npx leadbeacon-collector …` must find the
// workspace's command (npm links it at install only because its bin file exists before any build).
import { spawnSync } from 'node:child_process';
import { lstatSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('commands from a clone', () => {
  it('npx leadbeacon-collector runs the workspace collector, not a registry download', () => {
    const link = `${ROOT}node_modules/.bin/leadbeacon-collector`;
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toMatch(/@leadbeacon\/collector\/bin\/leadbeacon-collector\.mjs$/);
    const run = spawnSync('npx', ['--no-install', 'leadbeacon-collector', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: leadbeacon-collector/);
  });
});
