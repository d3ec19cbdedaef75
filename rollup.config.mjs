// One config array for every package, assembled from the factories in scripts/rollup/.
import { library, iife } from './scripts/rollup/factories.mjs';

/** The core's lazy files beside leadbeacon.min.js: see packages/core/src/features/features.ts. */
const LAZY = ['chat', 'plugins', 'hashing', 'forwarding', 'segment', 'channel', 'numbers', 'fields'];

/**
 * The npm build's chunks: each optional feature (what `leadbeacon/core` imports dynamically) in a
 * chunk of its own, everything else in one `tracker` chunk the entries import. A site's bundler
 * then tree-shakes the tracker chunk and keeps each feature chunk lazy.
 */
const FEATURE_CHUNKS = [
  [
    'chat',
    /detectors[\\/]chat[\\/](hooks|widget|poll|intercom|drift|crisp|tawk|hubspot|zendesk|livechat|tidio|olark|freshchat|chatwoot)\.ts$/,
  ],
  ['plugins', /detectors[\\/]forms[\\/]plugins\.ts$/],
  ['hashing', /detectors[\\/]forms[\\/]hashing\.ts$|privacy[\\/]hash\.ts$/],
  ['forwarding', /src[\\/]forward\.ts$/],
  ['segment', /transport[\\/]segment\.ts$/],
  ['channel', /attribution[\\/](interpret|channel)\.ts$/],
  ['numbers', /src[\\/]numbers[\\/]/],
  ['fields', /detectors[\\/]forms[\\/]fields\.ts$/],
  ['web-vitals', /web-vitals/],
];
const coreChunks = (id, { getModuleInfo }) => {
  if (getModuleInfo(id).isEntry) return undefined;
  // `createTracker` from `leadbeacon`, with every feature bundled.
  if (/create-tracker\.ts$|shared-tracker\.ts$|features[\\/]bundled\.ts$/.test(id)) return 'full';
  const feature = FEATURE_CHUNKS.find(([, re]) => re.test(id));
  return feature ? feature[0] : 'tracker';
};

export default [
  // The wire format first: the core's script-tag builds bundle it.
  ...library({
    dir: 'packages/wire',
    entries: { index: 'src/index.ts', segment: 'src/segment-mapping.ts', identifiers: 'src/identifiers.ts' },
  }),
  ...library({
    dir: 'packages/core',
    entries: { index: 'src/index.ts', core: 'src/core.ts', channel: 'src/channel.ts' },
    mangle: true,
    manualChunks: coreChunks,
  }),
  iife({ dir: 'packages/core', input: 'src/cdn.ts', file: 'dist/leadbeacon.min.js' }),
  // The same script for a developer: every warning explained, `data-debug` logging kept.
  iife({ dir: 'packages/core', input: 'src/cdn.ts', file: 'dist/leadbeacon.debug.js', debug: true }),
  ...LAZY.map((name) => iife({ dir: 'packages/core', input: `src/lazy/${name}.ts`, file: `dist/leadbeacon-${name}.min.js` })),
  // Web vitals: Google's web-vitals inside, whose property names are left alone.
  iife({ dir: 'packages/core', input: 'src/lazy/vitals.ts', file: 'dist/leadbeacon-vitals.min.js', mangle: false }),
  ...library({
    dir: 'packages/collector',
    entries: { index: 'src/index.ts', cli: 'src/cli.ts', sample: 'src/sample.ts' },
    platform: 'node',
  }),
  // Framework adapters: tiny, leadbeacon and the framework stay external (peer dependencies).
  // React's build is marked 'use client' for Next.js App Router (hooks and context need it).
  ...library({ dir: 'packages/react', entries: { index: 'src/index.ts' }, banner: "'use client';" }),
  ...library({ dir: 'packages/vue', entries: { index: 'src/index.ts' } }),
  ...library({ dir: 'packages/svelte', entries: { index: 'src/index.ts' } }),
  ...library({ dir: 'packages/angular', entries: { index: 'src/index.ts' } }),
];
