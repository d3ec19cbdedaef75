/**
 * `leadbeacon/core`: the tracker with only the detectors you pass, for the smallest bundle:
 *   createTracker({ endpoint, detectors: [forms()] })
 */
import { CORE_OPTIONS } from './config';
import type { Runtime } from './runtime';
import { startTracker } from './tracker';
import type { Tracker, TrackerConfig } from './types';

export function createTracker(config: TrackerConfig, runtime?: Partial<Runtime>): Tracker {
  return startTracker(config, runtime, { options: CORE_OPTIONS });
}

export type { Runtime } from './runtime';
export type * from './types';
