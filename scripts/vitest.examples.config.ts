import { defineConfig } from 'vitest/config';

// The framework examples (examples/*), as built by `npm run build:examples`, in Chromium
// against the real collector.
export default defineConfig({
  test: { name: 'examples', environment: 'node', include: ['test/examples.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
