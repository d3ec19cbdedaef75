import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'wire', environment: 'node', include: ['test/**/*.test.ts'] },
});
