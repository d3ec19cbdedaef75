import { CORE_OPTIONS, type OptionKind } from './config';
import type { Runtime } from './runtime';
import { startTracker } from './tracker';
import type { Detector, Tracker, TrackerConfig } from './types';
import { forms, type FormOptions } from './detectors/forms';
import { calls } from './detectors/calls';
import { emails } from './detectors/emails';
import { chatLinks } from './detectors/chat/links';

/** Config of `createTracker` from `leadbeacon`: every built-in detector is on unless switched off. */
export interface LeadbeaconConfig extends TrackerConfig {
  /** `false` switches form tracking off; an object passes options. */
  forms?: boolean | FormOptions;
  calls?: boolean;
  emails?: boolean;
  chat?: boolean;
  /** ISO country for national phone numbers, e.g. "VN". */
  defaultCountry?: string;
}

export const OPTIONS: Record<string, OptionKind> = {
  ...CORE_OPTIONS,
  forms: 'boolean',
  calls: 'boolean',
  emails: 'boolean',
  chat: 'boolean',
  defaultCountry: 'string',
};

/** The built-in detectors the config leaves switched on. */
export function defaultDetectors(config: LeadbeaconConfig): Detector[] {
  const on = (v: unknown) => v !== false;
  const list: Detector[] = [];
  if (on(config.forms)) list.push(forms(typeof config.forms === 'object' ? config.forms : {}));
  if (on(config.calls)) list.push(calls({ defaultCountry: config.defaultCountry }));
  if (on(config.emails)) list.push(emails());
  if (on(config.chat)) list.push(chatLinks());
  return list;
}

/**
 * Starts tracking on this page: page views, form submissions, call, email and chat clicks,
 * queued persistently and posted to `config.endpoint`. One tracker per window.
 */
export function createTracker(config: LeadbeaconConfig, runtime?: Partial<Runtime>): Tracker {
  // `forms` may also be an options object; validation sees only the switch.
  const checked = config && typeof config.forms === 'object' && config.forms ? { ...config, forms: true } : config;
  return startTracker(checked, runtime, OPTIONS, () => defaultDetectors(config || {}));
}

export { forms, formId, fieldNames, isLeadForm, type FormOptions } from './detectors/forms';
export { calls, type CallOptions } from './detectors/calls';
export { emails } from './detectors/emails';
export { chatLinks } from './detectors/chat/links';
export { pageViews } from './detectors/page-views';
export { toE164 } from './detectors/phone';
export { classifyChannel, type ChannelInput } from './attribution/channel';
export { scrubUrl } from './privacy/scrub';
export type { Runtime } from './runtime';
export type * from './types';
