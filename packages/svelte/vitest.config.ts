import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The shared adapter scenarios in jsdom (and, per file, in Node for server rendering), against
// the built core and the real collector: `npx rollup -c` first. The test apps are .svelte
// components, compiled for the DOM or the server as each file's environment asks.
export default defineConfig({
  plugins: [svelte({ configFile: false })],
  // jsdom files run in Vite's client environment: there, the browser build of each package.
  environments: { client: { resolve: { conditions: ['browser', 'development|production'] } } },
  test: {
    name: 'svelte',
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Svelte goes through Vite, so each environment resolves its own build of it: the browser
    // runtime in jsdom, the server one for server rendering (Node would pick the server one for both).
    server: { deps: { inline: [/[\\/]node_modules[\\/]svelte[\\/]/] } },
  },
});
