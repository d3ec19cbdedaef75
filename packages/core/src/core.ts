/**
 * `leadbeacon/core`: the tracker with only the detectors you pass, for the smallest bundle:
 *   import { createTracker, forms } from 'leadbeacon/core';
 *   createTracker({ endpoint, detectors: [forms()] })
 * Optional features (form plugin hooks, enhanced-conversion hashing, forwarding) come by
 * dynamic `import()`, so a bundler makes each a chunk the page fetches only when it needs it.
 * The detectors are exported here too: imported from `leadbeacon`, whose other exports include
 * those lazy features, some bundlers (esbuild) load their chunks up front.
 */
import { CORE_OPTIONS } from './config';
import { dynamicLoader } from './features/dynamic';
import { createLogger } from './log';
import type { Runtime } from './runtime';
import { startTracker } from './start';
import type { Tracker, TrackerConfig } from './types';

export function createTracker(config: TrackerConfig, runtime?: Partial<Runtime>): Tracker {
  return startTracker(config, runtime, { options: CORE_OPTIONS, loader: dynamicLoader(createLogger(!!(config && config.debug))) });
}

export { forms, formId, fieldNames, isLeadForm, type FormOptions } from './detectors/forms';
export { calls, type CallOptions } from './detectors/calls';
export { emails } from './detectors/emails';
export { chatLinks } from './detectors/chat/links';
export { copies, type CopyOptions } from './detectors/copy';
export { cta } from './detectors/cta';
export { pageViews, type PageViews } from './detectors/page-views';
export { webVitals } from './detectors/web-vitals';
export type { Runtime } from './runtime';
export type * from './types';
