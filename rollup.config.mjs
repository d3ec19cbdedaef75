// One config array for every package, assembled from the factories in scripts/rollup/.
import { library, iife } from './scripts/rollup/factories.mjs';

export default [
  ...library({ dir: 'packages/core', entries: { index: 'src/index.ts', core: 'src/core.ts' } }),
  iife({ dir: 'packages/core', input: 'src/cdn.ts', file: 'dist/leadbeacon.min.js' }),
  ...library({
    dir: 'packages/collector',
    entries: { index: 'src/index.ts', cli: 'src/cli.ts' },
    platform: 'node',
  }),
];
