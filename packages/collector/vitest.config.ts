import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // Rollup replaces __VERSION__ at build time; tests run the sources, so define it here too.
  define: { __VERSION__: JSON.stringify(version) },
  test: {
    name: 'collector',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/postgres.ts'],
    // Set-up hooks seed databases and launch a browser; on a machine without one, the first launch unpacks
    // the npm Chromium, which can take longer than vitest's default 10 s on a busy machine.
    hookTimeout: 60_000,
  },
});
