/**
 * `leadbeacon`: `createTracker` with every built-in detector and feature bundled, the detector
 * factories, and the helpers and types. `leadbeacon/core` (core.ts) is the small entry.
 */
import { allWidgets } from './detectors/chat/hooks';
import { chatWidgets } from './detectors/chat/widget';
import { defaultDetectors, OPTIONS, type LeadbeaconConfig } from './detectors/defaults';
import { webVitals } from './detectors/web-vitals';
import { bundled } from './features/bundled';
import type { Runtime } from './runtime';
import { startTracker } from './tracker/start';
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

export { defaultDetectors, OPTIONS, type LeadbeaconConfig, type DetectorChoice } from './detectors/defaults';
export { forms, formId, fieldNames, isLeadForm, type FormOptions } from './detectors/forms';
export { normalizeEmail, normalizePhone, sha256Hex } from './privacy/hash';
export { calls, type CallOptions } from './detectors/calls';
export { emails } from './detectors/emails';
export { chatLinks } from './detectors/chat/links';
export { chatWidgets, simpleWidget, type ChatWidget, type On, type SimpleWidget } from './detectors/chat/widget';
export { allWidgets } from './detectors/chat/hooks';
export { intercom } from './detectors/chat/intercom';
export { drift } from './detectors/chat/drift';
export { crisp } from './detectors/chat/crisp';
export { tawk } from './detectors/chat/tawk';
export { hubspot } from './detectors/chat/hubspot';
export { zendesk } from './detectors/chat/zendesk';
export { livechat } from './detectors/chat/livechat';
export { tidio } from './detectors/chat/tidio';
export { olark } from './detectors/chat/olark';
export { freshchat } from './detectors/chat/freshchat';
export { chatwoot } from './detectors/chat/chatwoot';
export { copies, type CopyOptions } from './detectors/copy';
export { cta } from './detectors/cta';
export { pageViews, type PageViews } from './detectors/page-views';
export { webVitals } from './detectors/web-vitals';
export { toE164 } from './detectors/phone';
export { acquireTracker, releaseTracker, ownTracker } from './shared-tracker';
export { classifyChannel, type ChannelInput } from './attribution/channel';
export { scrubUrl } from './privacy/scrub';
export type { ChatVendorApi } from './outside';
export type { FeatureName, Features } from './features/features';
export type { Runtime } from './runtime';
export type * from './types';
