import type { Logger } from '../types';
import { cachedLoader, type Features, type FeatureName, type Loader } from './features';
import { NOT_LOADED, VITALS_NOT_A_DETECTOR, warn } from '../warnings';

/**
 * One `import()` per feature: a bundler makes each a chunk of its own, fetched on first use
 * (a site whose bundle never uses one still gets its chunk file, never loaded). The web vitals
 * detector is passed by the site itself (`webVitals()`, which imports web-vitals dynamically).
 */
const IMPORTS: { [K in Exclude<FeatureName, 'vitals'>]: () => Promise<Features[K]> } = {
  chat: () => import('../detectors/chat/hooks'),
  plugins: () => import('../detectors/forms/plugins'),
  hashing: () => import('../detectors/forms/hashing'),
  forwarding: () => import('../forward'),
  segment: () => import('../transport/segment'),
  channel: () => import('../attribution/interpret'),
  numbers: () => import('../numbers/numbers').then((m) => m.numbers),
  fields: () => import('../detectors/forms/fields'),
};

/** `leadbeacon/core`: features by dynamic import. */
export const dynamicLoader = (log: Logger): Loader =>
  cachedLoader((name, arrived, failed) => {
    if (name === 'vitals') return (warn(log, VITALS_NOT_A_DETECTOR), failed());
    IMPORTS[name as Exclude<FeatureName, 'vitals'>]().then(arrived as never, (e: unknown) => {
      warn(log, NOT_LOADED, name, e);
      failed();
    });
  });
