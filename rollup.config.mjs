// One config array for every package, assembled from the factories in scripts/rollup/.
import { library, iife } from './scripts/rollup/factories.mjs';

export default [
  // The wire format first: the core's script-tag builds bundle it.
  ...library({ dir: 'packages/wire', entries: { index: 'src/index.ts' } }),
  ...library({ dir: 'packages/core', entries: { index: 'src/index.ts', core: 'src/core.ts' } }),
  iife({ dir: 'packages/core', input: 'src/cdn.ts', file: 'dist/leadbeacon.min.js' }),
  // Web vitals for the script tag: a lazy file beside it, loaded only with data-web-vitals="true".
  iife({ dir: 'packages/core', input: 'src/cdn-vitals.ts', file: 'dist/leadbeacon-vitals.min.js' }),
  ...library({
    dir: 'packages/collector',
    entries: { index: 'src/index.ts', cli: 'src/cli.ts' },
    platform: 'node',
  }),
  // Framework adapters: tiny, leadbeacon and the framework stay external (peer dependencies).
  // React's build is marked 'use client' for Next.js App Router (hooks and context need it).
  ...library({ dir: 'packages/react', entries: { index: 'src/index.ts' }, banner: "'use client';" }),
  ...library({ dir: 'packages/vue', entries: { index: 'src/index.ts' } }),
  ...library({ dir: 'packages/svelte', entries: { index: 'src/index.ts' } }),
  ...library({ dir: 'packages/angular', entries: { index: 'src/index.ts' } }),
];
