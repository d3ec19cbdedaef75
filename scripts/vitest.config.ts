import { configDefaults, defineConfig } from 'vitest/config';

// The demo as a newcomer runs it: `node scripts/demo.mjs`, against the built packages.
export default defineConfig({
  test: {
    name: 'demo',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/examples.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
