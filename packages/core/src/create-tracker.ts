/**
 * `createTracker` from `leadbeacon`: every built-in detector, and every optional feature bundled
 * (handed over at once; `leadbeacon/core` imports them dynamically, the script tag fetches lazy files).
 */
import { allWidgets } from './detectors/chat/hooks';
import { chatWidgets } from './detectors/chat/widget';
import { defaultDetectors, OPTIONS, type LeadbeaconConfig } from './detectors/defaults';
import { webVitals } from './detectors/web-vitals';
import { bundled } from './features/bundled';
import type { Runtime } from './runtime';
import { startTracker } from './start';
import type { Tracker } from './types';

/**
 * Starts tracking on this page: page views, form submissions, call, email and chat clicks,
 * queued persistently and posted to `config.endpoint`. One tracker per window.
 */
export function createTracker(config: LeadbeaconConfig, runtime?: Partial<Runtime>): Tracker {
  // `forms` may also be an options object; validation sees only the switch.
  const checked = config && typeof config.forms === 'object' && config.forms ? { ...config, forms: true } : config;
  return startTracker(checked, runtime, {
    options: OPTIONS,
    loader: bundled,
    defaults: () => defaultDetectors(config || {}, { chatWidgets: () => chatWidgets(allWidgets), webVitals }),
  });
}
