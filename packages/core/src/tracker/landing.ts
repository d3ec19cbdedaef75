import { landingTouch } from '../attribution/touch';
import type { ResolvedConfig } from '../config';
import { createVisitor, type Visitor } from '../identity/visitor';
import type { Runtime } from '../runtime';
import type { Store } from '../storage';
import type { Consent } from './consent';

export interface VisitOptions {
  cfg: ResolvedConfig;
  rt: Runtime;
  consent: Consent;
  store: Store;
  /** The URL this page landed on. */
  landing: string;
}

/**
 * This page's visit: the visitor, read from storage on first use (not in the script's own
 * task), with the touch of this page load recorded (click ids only without an `ads` denial).
 */
export function createVisit(o: VisitOptions) {
  const { cfg, rt, consent } = o;
  let visitor: Visitor | undefined;
  let landed = false;
  const read = () => (visitor = createVisitor(o.store, rt.random, cfg.sessionTimeout * 60_000, cfg.firstTouchDays));
  function land() {
    landed = true;
    const landing = consent.scrub(o.landing);
    const referrer = consent.scrub(rt.window.document.referrer);
    const touch = landingTouch({ href: o.landing, referrer, landingPage: landing, now: rt.now(), excluded: cfg.referrerExclusions });
    if (touch && consent.denies('ads')) delete touch.clickIds;
    visitor!.land(touch, landing, rt.now());
  }
  /** The visitor, with this page's landing recorded. */
  function ready(): Visitor {
    if (!visitor) read();
    if (!landed) land();
    return visitor!;
  }
  return {
    /** Start-up's own step: the first read of storage (a blocking call), in a task of its own. True when it took it. */
    step(): boolean {
      if (visitor || consent.denies('analytics')) return false;
      read();
      return true;
    },
    ready,
    /** Ads granted after the landing: its click ids may be kept after all. */
    adsGranted: () => landed && land(),
    /** Writes the visitor out (consent granted), if read. */
    save: () => visitor && visitor.save(),
    identify: (userId: string) => ready().setUser(userId),
    /** fields (issue 21): what a lead form's hidden fields carry; nothing without analytics consent. */
    facts: () => (consent.denies('analytics') ? undefined : { ...ready().peek(), ads: consent.allows('ads') }),
  };
}

export type Visit = ReturnType<typeof createVisit>;
