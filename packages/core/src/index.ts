import { CORE_OPTIONS, type OptionKind } from './config';
import type { Runtime } from './runtime';
import { startTracker } from './tracker';
import type { Detector, Tracker, TrackerConfig } from './types';
import { forms, type FormOptions } from './detectors/forms';
import { calls } from './detectors/calls';
import { emails } from './detectors/emails';
import { chatLinks } from './detectors/chat/links';
import { chatWidgets } from './detectors/chat/widget';
import { allWidgets } from './detectors/chat/all';
import { copies } from './detectors/copy';
import { cta } from './detectors/cta';
import { webVitals } from './detectors/web-vitals';

/** Config of `createTracker` from `leadbeacon`: every built-in detector is on unless switched off. */
export interface LeadbeaconConfig extends TrackerConfig {
  /** `false` switches form tracking off; an object passes options. */
  forms?: boolean | FormOptions;
  calls?: boolean;
  emails?: boolean;
  /** `false` switches off every chat detector (links and widgets). */
  chat?: boolean;
  /** `false` switches off only the chat widget hooks (Intercom, Crisp, Tawk.to, …). */
  chatWidgets?: boolean;
  /** `false`: copying a phone number or email address shown on the page is not a lead. */
  copy?: boolean;
  /** `false`: `data-leadbeacon-event` elements are not recorded. */
  cta?: boolean;
  /** ISO country for national phone numbers, e.g. "VN". */
  defaultCountry?: string;
  /** Add `hashedEmail`/`hashedPhone` (SHA-256, Google's normalisation) to form leads for enhanced conversions. */
  enhancedConversions?: boolean;
  /** `true` adds `web_vital` events (LCP, INP, CLS, FCP, TTFB), loading `web-vitals` lazily. Off by default. */
  webVitals?: boolean;
}

export const OPTIONS: Record<string, OptionKind> = {
  ...CORE_OPTIONS,
  forms: 'boolean',
  calls: 'boolean',
  emails: 'boolean',
  chat: 'boolean',
  chatWidgets: 'boolean',
  copy: 'boolean',
  cta: 'boolean',
  defaultCountry: 'string',
  enhancedConversions: 'boolean',
  webVitals: 'boolean',
};

/**
 * The built-in detectors the config leaves switched on. `vitals` makes the web vitals detector
 * when `webVitals: true` (the script-tag build passes one that loads a lazy file instead, so
 * web-vitals never enters leadbeacon.min.js).
 * The phone detectors read `defaultCountry` from the validated config the tracker hands them.
 */
export function defaultDetectors(config: LeadbeaconConfig, vitals?: () => Detector): Detector[] {
  const on = (v: unknown) => v !== false;
  const list: Detector[] = [];
  if (on(config.forms)) list.push(forms(typeof config.forms === 'object' ? config.forms : {}));
  if (on(config.calls)) list.push(calls());
  if (on(config.emails)) list.push(emails());
  if (on(config.chat)) list.push(chatLinks());
  if (on(config.chat) && on(config.chatWidgets)) list.push(chatWidgets(allWidgets));
  if (on(config.copy) && (on(config.calls) || on(config.emails))) {
    list.push(copies({ phones: on(config.calls), emails: on(config.emails) }));
  }
  if (on(config.cta)) list.push(cta());
  if (config.webVitals === true && vitals) list.push(vitals());
  return list;
}

/**
 * Starts tracking on this page: page views, form submissions, call, email and chat clicks,
 * queued persistently and posted to `config.endpoint`. One tracker per window.
 */
export function createTracker(config: LeadbeaconConfig, runtime?: Partial<Runtime>): Tracker {
  // `forms` may also be an options object; validation sees only the switch.
  const checked = config && typeof config.forms === 'object' && config.forms ? { ...config, forms: true } : config;
  return startTracker(checked, runtime, { options: OPTIONS, defaults: () => defaultDetectors(config || {}, webVitals) });
}

export { forms, formId, fieldNames, isLeadForm, type FormOptions } from './detectors/forms';
export { normalizeEmail, normalizePhone, sha256Hex } from './privacy/hash';
export { calls, type CallOptions } from './detectors/calls';
export { emails } from './detectors/emails';
export { chatLinks } from './detectors/chat/links';
export { chatWidgets, type ChatWidget, type On } from './detectors/chat/widget';
export { allWidgets } from './detectors/chat/all';
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
export { pageViews } from './detectors/page-views';
export { webVitals } from './detectors/web-vitals';
export { toE164 } from './detectors/phone';
export { acquireTracker, releaseTracker, ownTracker } from './shared-tracker';
export { classifyChannel, type ChannelInput } from './attribution/channel';
export { scrubUrl } from './privacy/scrub';
export type { Runtime } from './runtime';
export type * from './types';
