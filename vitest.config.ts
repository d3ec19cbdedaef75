import { defineConfig } from 'vitest/config';

// Every test in the repo: each package's own config (unit tests in jsdom or node) plus the
// browser suite, which drives Debian's Chromium against the built bundles and a real collector.
export default defineConfig({
  test: {
    projects: [
      'packages/wire/vitest.config.ts',
      'packages/core/vitest.config.ts',
      'packages/collector/vitest.config.ts',
      'packages/test-utils/vitest.config.ts',
      'packages/react/vitest.config.ts',
      'packages/vue/vitest.config.ts',
      'packages/svelte/vitest.config.ts',
      'packages/angular/vitest.config.ts',
      'packages/core/vitest.browser.config.ts',
      'scripts/vitest.config.ts',
      'scripts/vitest.examples.config.ts',
    ],
  },
});
