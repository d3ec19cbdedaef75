// One config array for every package, assembled from the factories in scripts/rollup/.
import { library, iife } from './scripts/rollup/factories.mjs';

/** The core's lazy files beside leadbeacon.min.js: see packages/core/src/features/features.ts. */
const LAZY = ['chat', 'plugins', 'hashing', 'forwarding'];

export default [
  // The wire format first: the core's script-tag builds bundle it.
  ...library({ dir: 'packages/wire', entries: { index: 'src/index.ts' } }),
  ...library({ dir: 'packages/core', entries: { index: 'src/index.ts', core: 'src/core.ts' }, mangle: true }),
  iife({ dir: 'packages/core', input: 'src/cdn.ts', file: 'dist/leadbeacon.min.js' }),
  ...LAZY.map((name) => iife({ dir: 'packages/core', input: `src/lazy/${name}.ts`, file: `dist/leadbeacon-${name}.min.js` })),
  // Web vitals: Google's web-vitals inside, whose property names are left alone.
  iife({ dir: 'packages/core', input: 'src/lazy/vitals.ts', file: 'dist/leadbeacon-vitals.min.js', mangle: false }),
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
