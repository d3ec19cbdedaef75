import { defineConfig } from 'vitest/config';

// The shared adapter scenarios in jsdom (and, per file, in Node for server rendering), against
// the built core and the real collector: `npx rollup -c` first.
export default defineConfig({
  test: { name: 'react', environment: 'jsdom', include: ['test/**/*.test.{ts,tsx}'], testTimeout: 20_000 },
});
