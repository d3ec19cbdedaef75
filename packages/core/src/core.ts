/**
 * `leadbeacon/core`: the tracker with only the detectors you pass, for the smallest bundle:
 *   createTracker({ endpoint, detectors: [forms()] })
 * Optional features (form plugin hooks, enhanced-conversion hashing, forwarding) come by
 * dynamic `import()`, so a bundler makes each a chunk the page fetches only when it needs it.
 */
import { CORE_OPTIONS } from './config';
import { dynamicLoader } from './features/dynamic';
import { createLogger } from './log';
import type { Runtime } from './runtime';
import { startTracker } from './tracker/start';
import type { Tracker, TrackerConfig } from './types';

export function createTracker(config: TrackerConfig, runtime?: Partial<Runtime>): Tracker {
  return startTracker(config, runtime, { options: CORE_OPTIONS, loader: dynamicLoader(createLogger(!!(config && config.debug))) });
}

export type { Runtime } from './runtime';
export type * from './types';
