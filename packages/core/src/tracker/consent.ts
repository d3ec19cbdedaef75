import type { ResolvedConfig } from '../config';
import { wrapMethod } from '../helpers/wrap-method';
import { ALL_GRANTED, applyConsent, consentModeUpdates } from '../privacy/consent';
import { scrubUrl } from '../privacy/scrub';
import type { ConsentInput, ConsentStates, Logger, Touch, WireEvent } from '../types';
import { isObject, own, toJson } from '../util';
import { BAD_CONSENT, warn } from '../warnings';

type Category = keyof ConsentStates;

/**
 * The consent controller: every consent and ads rule in one place. It holds the state per
 * category (from the config, Global Privacy Control / Do Not Track, `consent()` calls and
 * Google Consent Mode commands in the site's dataLayer), answers what may happen, and strips
 * ad identifiers (`redact`).
 */
export interface Consent {
  /** The category is granted (Consent Mode commands pushed since the last look applied first). */
  allows(category: Category): boolean;
  /** The states as they are, without looking at the dataLayer. */
  current(): ConsentStates;
  /** The category is denied (not merely pending). */
  denies(category: Category): boolean;
  /** Applies `input`; a value that is no consent is refused with a warning. */
  set(input: ConsentInput): void;
  /**
   * The event without ad identifiers: click ids (in touches and in every URL) and hashed
   * email/phone; its `consent` says the ads state it leaves under.
   */
  redact(event: WireEvent): WireEvent;
  /** A URL fit to leave the browser: no personal data, and no click ids once `ads` is denied. */
  scrub(url: string): string;
  /** Follows the site's gtag dataLayer: a consent update it pushes applies at once. */
  follow(): () => void;
}

/** `changed(adsBefore)` runs after every change, with whether `ads` was granted before it. */
export function createConsent(cfg: ResolvedConfig, win: Window, log: Logger, changed: (adsBefore: boolean) => void): Consent {
  let states = initialConsent(cfg, win.navigator);
  /** How far the dataLayer has been read for Consent Mode commands. */
  let seen = 0;
  const dataLayer = () => (win as { dataLayer?: unknown[] }).dataLayer;

  function set(input: ConsentInput) {
    const next = applyConsent(states, input);
    if (!next) return warn(log, BAD_CONSENT, toJson(input));
    const adsBefore = states.ads === 'granted';
    states = next;
    changed(adsBefore);
  }

  /** Applies the Consent Mode commands the site pushed since the last look. */
  function sync() {
    const dl = dataLayer();
    if (!cfg.consentMode || !dl || dl.length <= seen) return;
    const updates = consentModeUpdates(dl, seen);
    seen = dl.length;
    for (const update of updates) if (update.analytics || update.ads) set(update);
  }

  const allows = (category: Category) => (sync(), states[category] === 'granted');
  const noIds = (t: Touch): Touch => {
    const { clickIds, clickIdsSeen, ...rest } = t;
    return { ...rest, landingPage: scrubUrl(t.landingPage, [], true) };
  };

  return {
    allows,
    current: () => states,
    denies: (category) => (sync(), states[category] === 'denied'),
    set,
    redact(e) {
      const { hashedEmail, hashedPhone, metaHashedEmail, metaHashedPhone, fbp, fbc, ...props } = e.props;
      return {
        ...e,
        page: { ...e.page, url: scrubUrl(e.page.url, [], true), referrer: scrubUrl(e.page.referrer, [], true) },
        attribution: { first: noIds(e.attribution.first), last: noIds(e.attribution.last) },
        consent: { ads: states.ads },
        props,
      };
    },
    scrub: (url) => scrubUrl(url, cfg.scrubParams, states.ads === 'denied'),
    follow() {
      const dl = dataLayer();
      sync();
      return cfg.consentMode && dl ? wrapMethod(dl, 'push', () => () => sync()) : () => {};
    },
  };
}

/**
 * The consent to start with: the config's, with `ads` denied by Global Privacy Control or
 * Do Not Track unless the config names `ads` itself (or `respectGpc: false`).
 */
function initialConsent(cfg: ResolvedConfig, nav: Navigator): ConsentStates {
  const c = applyConsent(ALL_GRANTED, cfg.consent) || { ...ALL_GRANTED };
  const n = nav as Navigator & { globalPrivacyControl?: boolean };
  const optedOut = n.globalPrivacyControl === true || n.doNotTrack === '1';
  const named = isObject(cfg.consent) && own(cfg.consent, 'ads');
  if (cfg.respectGpc && optedOut && !named && c.ads === 'granted') c.ads = 'denied';
  return c;
}
