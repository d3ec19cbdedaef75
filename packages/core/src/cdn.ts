/**
 * The script-tag entry (dist/leadbeacon.min.js): the only module with side effects.
 *
 *   <script async src="/leadbeacon.min.js" data-endpoint="https://collect.example.com/e"></script>
 *
 * Configures itself from its own tag's data-* attributes, replaces the stub queue
 * `window.leadbeacon.q`, runs the queued calls in order and exposes `window.leadbeacon(command, ...args)`
 * (its `tracker` property is set once the tracker has started).
 */
import { defaultDetectors, OPTIONS, type LeadbeaconConfig } from './index';
import { startTracker } from './tracker';
import { readAttributes } from './script-attributes';
import { createLogger } from './log';
import { listen } from './util';
import type { Detector, Teardown, Tracker } from './types';

type Api = ((command: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: boolean; tracker?: Tracker };

const COMMANDS = ['track', 'identify', 'consent', 'flush', 'page'];
type Command = 'track' | 'identify' | 'consent' | 'flush' | 'page';

/**
 * The script's own task does only what cannot wait: it finds its tag, notes the landing URL (a
 * router may strip its UTM tags right after) and takes over `window.leadbeacon`. The tracker
 * starts a task later (its detectors a task after that), or at once when the page calls a
 * command, when the visitor acts first (the detectors then start with it and see that very
 * event) or when the page is hidden.
 */
function boot() {
  const w = window as unknown as { leadbeacon?: Api };
  const existing = w.leadbeacon;
  // The tag twice on one page: the first one is running; this one does nothing.
  if (existing && existing.loaded) return;
  const log = createLogger(false);
  const doc = document;
  const script = (doc.currentScript || doc.querySelector('script[data-endpoint]')) as HTMLScriptElement | null;
  const landing = location.href;
  const queued = Array.from((existing && existing.q) || []);
  let tracker: Tracker | undefined;
  // Started by the visitor's input, the detectors start with the tracker, to see that very event.
  // Otherwise they start a task later (the tracker's own timer and early listeners), so that no
  // single task does all of the start-up: each stays short on a slow phone too.
  const go = (now?: boolean) => {
    if (tracker) return tracker;
    clearTimeout(timer);
    for (const off of waits) off();
    const config = script ? readAttributes(script, log) : {};
    // A consent call queued before the script loaded applies before anything is stored.
    for (const args of queued) if (args[0] === 'consent' && typeof args[1] === 'string') config.consent = args[1];
    // Web vitals live in a lazy file beside this one: a page that does not enable them pays nothing.
    const cfg = config as unknown as LeadbeaconConfig;
    const t = (tracker = api.tracker = startTracker(cfg, undefined, {
      options: OPTIONS,
      defaults: () => defaultDetectors(cfg, () => lazyVitals(script)),
      landing,
      startNow: now,
    }));
    for (const args of queued) api(...(Array.from(args) as [string, ...unknown[]]));
    return t;
  };
  const api: Api = (command, ...args) => {
    if (!COMMANDS.includes(command)) return log.warn(`unknown command "${String(command)}"`);
    try {
      return (go()[command as Command] as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      return log.warn('could not start', e);
    }
  };
  /** Starts the tracker: from the timer, or from the event that came first. */
  const start = (e?: Event) => {
    try {
      const t = go(!!e);
      // Hidden or left before the tracker started: the load's page view goes out now.
      if (e && (e.type === 'pagehide' || doc.visibilityState === 'hidden')) t.flush();
    } catch (err) {
      log.warn('could not start', err);
    }
  };
  const timer = setTimeout(start, 0);
  // A visitor's action begins with a mousedown or a keydown (a copy, a middle click, a focus too);
  // a tap sends mousedown and click together; a site's script can click or submit without either.
  // (Not pointerdown: listening for it costs Chromium about 0.7 ms in this task, measured.)
  const waits = ['mousedown', 'keydown', 'click', 'submit', 'pagehide'].map((type) => listen(window, type, start, { capture: true, passive: true }));
  waits.push(listen(doc, 'visibilitychange', start, true));
  api.loaded = true;
  w.leadbeacon = api;
}

/**
 * A detector that loads `src` (dist/leadbeacon-vitals.min.js) with a <script> element and starts
 * the detector that file hands back through the element's `lb` callback. Same directory as this
 * script and the same nonce, so a CSP that allows this script allows that one; no eval.
 */
function lazyVitals(script: HTMLScriptElement | null): Detector {
  return {
    name: 'webVitals',
    setup(ctx) {
      if (!script || !script.src) return ctx.log.warn('web vitals need the script loaded by src, to find leadbeacon-vitals.min.js beside it');
      const src = new URL('leadbeacon-vitals.min.js', script.src).href;
      let live = true;
      let off: Teardown | void;
      const s = document.createElement('script') as HTMLScriptElement & { lb?: (d: Detector) => void };
      s.src = src;
      if (script.nonce) s.nonce = script.nonce;
      s.lb = ctx.guard((d: Detector) => {
        if (live) off = d.setup(ctx);
      });
      s.onerror = () => ctx.log.warn('web vitals: could not load ' + src);
      const doc = ctx.window.document;
      (doc.head || doc.documentElement).appendChild(s);
      return () => {
        live = false;
        if (off) off();
        if (s.parentNode) s.parentNode.removeChild(s);
      };
    },
  };
}

try {
  boot();
} catch (e) {
  createLogger(false).warn('could not start', e);
}
