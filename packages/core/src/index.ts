/**
 * `leadbeacon`: `createTracker` with every built-in detector and feature bundled, the detector
 * factories, and the helpers and types. `leadbeacon/core` (core.ts) is the small entry.
 */
export { createTracker } from './create-tracker';
export { defaultDetectors, OPTIONS, type LeadbeaconConfig, type DetectorChoice } from './detectors/defaults';
export { forms, formId, fieldNames, isLeadForm, type FormOptions } from './detectors/forms';
export { normalizeEmail, normalizeMetaEmail, normalizeMetaPhone, normalizePhone, sha256Hex } from './privacy/hash';
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
export { toE164 } from '@leadbeacon/wire/identifiers';
export { acquireTracker, releaseTracker, ownTracker } from './shared-tracker';
export { classifyChannel, type ChannelInput } from './attribution/channel';
export { scrubUrl } from './privacy/scrub';
export type { ChatVendorApi } from './outside';
export type { FeatureName, Features } from './features/features';
export type { Runtime } from './runtime';
export type * from './types';
