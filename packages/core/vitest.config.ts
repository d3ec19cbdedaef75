import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __DEBUG__: 'true', __VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    name: 'core',
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
    // Under a full run on 2 cores (browsers and PostgreSQL beside it) a first test can take seconds to start.
    testTimeout: 20_000,
  },
});
