import type { LeadQuality } from '@leadbeacon/wire';
import type { EmitInput } from '../types';
import { listen } from '../util';
import { honeypotFilled } from './honeypot';

/**
 * How a lead was made, as the collector's quality rules read it (`quality` on the wire): booleans
 * and numbers only; no value is read, save whether a honeypot field is empty (honeypot.ts). The
 * listeners are passive, in the capture phase, and only note a time or a flag: the only work
 * done before a lead. A same-form or same-link lead within 10 minutes counts as a `repeat`; the
 * click or submit of the last second is the lead's own (`trustedEvent`).
 */
export function watchQuality(win: Window, now: () => number) {
  const nav = win.navigator;
  const started = new WeakMap<Element, number>();
  const seen: Record<string, number[]> = {};
  let trusted = false;
  let trigger = false;
  let triggerAt = 0;
  const on = (type: string, fn: (e: Event) => void) => listen(win.document, type, fn, { capture: true, passive: true });
  const note = (e: Event) => {
    trusted = trusted || (e.isTrusted && e.type != 'focusin');
    const form = (e.target as Element).closest && (e.target as Element).closest('form');
    if (form && !started.has(form)) started.set(form, now());
  };
  // A submit the browser fires for a scripted click is trusted: the click decides.
  const act = (e: Event) => {
    const t = now();
    trigger = e.isTrusted && (e.type == 'click' || t - triggerAt > 1e3 || trigger);
    triggerAt = t;
  };
  const off = ['pointerdown', 'touchstart', 'keydown', 'focusin'].map((t) => on(t, note)).concat(on('click', act), on('submit', act));

  const of = ({ type, props: p = {}, el }: EmitInput): LeadQuality => {
    const t = now();
    const key = type + (p.formId || p.href || p.provider || '');
    const times = (seen[key] || []).filter((x) => t - x < 6e5);
    seen[key] = times.concat(t);
    const q: LeadQuality = {
      pageMs: win.performance.now() | 0,
      trustedInput: trusted,
      automation: nav.webdriver || /HeadlessChrome/.test(nav.userAgent),
      repeat: times.length,
    };
    if (t - triggerAt < 1e3) q.trustedEvent = trigger;
    if (el && el.tagName == 'FORM') {
      q.formMs = t - (started.get(el) || t);
      q.honeypot = honeypotFilled(win, el as HTMLFormElement);
    }
    return q;
  };
  return { of, off };
}
