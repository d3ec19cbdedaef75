import { CORE_OPTIONS, type OptionKind } from '../config';
import type { Detector, TrackerConfig } from '../types';
import { calls } from './calls';
import { chatLinks } from './chat/links';
import { copies } from './copy';
import { cta } from './cta';
import { emails } from './emails';
import { forms, type FormOptions } from './forms';

/** Config of `createTracker` from `leadbeacon` (and of the script tag): every built-in detector is on unless switched off. */
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
  /** Add `hashedEmail`/`hashedPhone` (SHA-256, Google's normalisation) and `metaHashedEmail`/`metaHashedPhone` (Meta's) to form leads. */
  enhancedConversions?: boolean;
  /** `true` adds `web_vital` events (LCP, INP, CLS, FCP, TTFB), loading `web-vitals` lazily. Off by default. */
  webVitals?: boolean;
  /** Call tracking: the collector's number pool whose numbers are shown in place of `businessNumber` (loads leadbeacon-numbers.min.js). */
  numberPool?: string;
  /** The number the page shows (E.164), swapped for the pool's number the collector leases to the visit. */
  businessNumber?: string;
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
  numberPool: 'string',
  businessNumber: 'string',
};

/** The detectors whose code the entry point chooses: bundled (npm) or fetched when needed (script tag). */
export interface DetectorChoice {
  chatWidgets(): Detector;
  webVitals(): Detector;
}

/**
 * The built-in detectors the config leaves switched on. The phone detectors read
 * `defaultCountry` from the validated config the tracker hands them.
 */
export function defaultDetectors(config: LeadbeaconConfig, choice: DetectorChoice): Detector[] {
  const on = (v: unknown) => v !== false;
  const list: Detector[] = [];
  if (on(config.forms)) list.push(forms(typeof config.forms === 'object' ? config.forms : {}));
  if (on(config.calls)) list.push(calls());
  if (on(config.emails)) list.push(emails());
  if (on(config.chat)) list.push(chatLinks());
  if (on(config.chat) && on(config.chatWidgets)) list.push(choice.chatWidgets());
  if (on(config.copy) && (on(config.calls) || on(config.emails)))
    list.push(copies({ phones: on(config.calls), emails: on(config.emails) }));
  if (on(config.cta)) list.push(cta());
  if (config.webVitals === true) list.push(choice.webVitals());
  if (config.numberPool && config.businessNumber) list.push(lazyDetector('numbers', 'numbers'));
  return list;
}

/** A detector whose code is a feature: set up with the same context once it has arrived. */
export function lazyDetector(name: string, feature: 'vitals' | 'numbers'): Detector {
  return {
    name,
    setup(ctx) {
      let live = true;
      let off: (() => void) | void;
      ctx.load(feature, (d) => {
        if (live) off = d.setup(ctx);
      });
      return () => {
        live = false;
        if (off) off();
      };
    },
  };
}
