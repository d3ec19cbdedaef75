import type { Logger } from '../types';
import { cachedLoader, type Features, type FeatureName, type Loader } from './features';

/** One `import()` per feature: a bundler makes each a chunk of its own, fetched on first use. */
const IMPORTS: { [K in FeatureName]: () => Promise<Features[K]> } = {
  chat: () => import('../detectors/chat/hooks'),
  plugins: () => import('../detectors/forms/plugins'),
  hashing: () => import('../detectors/forms/hashing'),
  forwarding: () => import('../forward'),
  vitals: () => import('../detectors/web-vitals').then((m) => m.webVitals()),
};

/** `leadbeacon/core`: features by dynamic import. */
export const dynamicLoader = (log: Logger): Loader =>
  cachedLoader((name, arrived) => IMPORTS[name]().then(arrived as never, (e) => log.warn(`could not load ${name}`, e)));
