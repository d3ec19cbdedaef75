import { defineConfig } from 'vitest/config';

// Headless Chromium (Debian's, through playwright-core) against dist/leadbeacon.min.js and the
// real collector on 127.0.0.1. Needs `npm run build` first.
export default defineConfig({
  test: {
    name: 'browser',
    environment: 'node',
    include: ['test-browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
