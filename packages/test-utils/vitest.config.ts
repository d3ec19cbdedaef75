import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The browser finder's tests unpack the npm Chromium (about 5 s on a cold cache, more on a busy CI
  // machine) and launch browsers, so they get the browser tests' time limits, not vitest's 5 s.
  test: {
    name: 'test-utils',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
