import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // Rollup replaces __VERSION__ at build time; tests run the sources, so define it here too.
  define: { __VERSION__: JSON.stringify(version) },
  test: { name: 'collector', environment: 'node', include: ['test/**/*.test.ts'], globalSetup: ['test/setup/postgres.ts'] },
});
