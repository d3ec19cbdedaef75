/**
 * The script-tag entry (dist/leadbeacon.min.js). Like the lazy files' entries (src/lazy/), it
 * runs at import; every other module is free of side effects.
 *
 *   <script async src="/leadbeacon.min.js" data-endpoint="https://collect.example.com/e"></script>
 *
 * Configures itself from its own tag's data-* attributes, replaces the stub queue
 * `window.leadbeacon.q`, runs the queued calls in order and exposes `window.leadbeacon(command, ...args)`
 * (its `tracker` property is set once the tracker has started). Optional features come from
 * lazy files beside this one (features/script-files.ts).
 */
import { lazyChatWidgets } from './detectors/chat/lazy';
import { defaultDetectors, lazyDetector, OPTIONS, type LeadbeaconConfig } from './detectors/defaults';
import { scriptFiles } from './features/script-files';
import { onFirstInput } from './helpers/first-input';
import { createLogger } from './log';
import type { PageGlobals } from './outside';
import { readAttributes } from './script-attributes';
import { startTracker } from './start';
import { inertTracker } from './tracker/commands';
import type { Tracker } from './types';
import { own, toArray } from './util';
import { GLOBAL_NOT_WRITABLE, SCRIPT_NOT_STARTED, UNKNOWN_COMMAND, warn } from './warnings';

type Api = NonNullable<PageGlobals['leadbeacon']>;
type Command = 'track' | 'identify' | 'consent' | 'flush' | 'page';
const COMMANDS: string[] = ['track', 'identify', 'consent', 'flush', 'page'] satisfies Command[];

/**
 * The script's own task does only what cannot wait: it finds its tag, notes the landing URL (a
 * router may strip its UTM tags right after) and takes over `window.leadbeacon`. The tracker
 * starts a task later (its detectors a task after that), or at once when the page calls a
 * command, when the visitor acts first (the detectors then start with it and see that very
 * event) or when the page is hidden.
 */
function boot() {
  const w = window as Window & typeof globalThis & PageGlobals;
  const existing = w.leadbeacon;
  // The tag twice on one page: the first one is running; this one does nothing.
  if (existing && own(existing, 'loaded')) return;
  const log = createLogger(false);
  const doc = document;
  const script = (doc.currentScript || doc.querySelector('script[data-endpoint]')) as HTMLScriptElement | null;
  const landing = location.href;
  // Each queued call as an array (Object(): a page's null or number in the queue is an empty call, warned as unknown).
  const queued = toArray((existing && own(existing, 'q') && existing.q) || []).map((call) => toArray<unknown>(Object(call)));
  let tracker: Tracker | undefined;
  /** Starts the tracker (once), then runs the queued calls: the script tag's one error boundary for its start. */
  const go = (now?: boolean): Tracker => {
    if (tracker) return tracker;
    cancel();
    try {
      const config = script ? readAttributes(script, log) : {};
      // A consent call queued before the script loaded applies before anything is stored.
      for (const [command, state] of queued) if (command === 'consent' && typeof state === 'string') config.consent = state;
      const cfg = config as unknown as LeadbeaconConfig;
      tracker = startTracker(cfg, undefined, {
        options: OPTIONS,
        loader: scriptFiles(script, log),
        defaults: (c) =>
          defaultDetectors(c as LeadbeaconConfig, { chatWidgets: lazyChatWidgets, webVitals: () => lazyDetector('webVitals', 'vitals') }),
        landing,
        startNow: now,
      });
    } catch (e) {
      warn(log, SCRIPT_NOT_STARTED, e);
      tracker = inertTracker();
    }
    api.tracker = tracker;
    // The tracker's methods are its own boundaries: none throws.
    for (const args of queued) api(...(args as [string, ...unknown[]]));
    return tracker;
  };
  const api: Api = (command, ...args) => {
    if (!COMMANDS.includes(command)) return warn(log, UNKNOWN_COMMAND, String(command));
    return (go()[command as Command] as (...a: unknown[]) => unknown)(...args);
  };
  // A visitor's action begins with a mousedown or a keydown (a copy, a middle click, a focus too);
  // a tap sends mousedown and click together; a site's script can click or submit without either.
  // (Not pointerdown: listening for it costs Chromium about 0.7 ms in this task, measured.)
  // Started by the visitor's input, the detectors start with the tracker, to see that very event;
  // otherwise a task after it, so that no single task does all of the start-up (and a lazy file
  // it asks for comes after the page's load event more often than not).
  // A script's form.submit() and a router's pushState / replaceState before the tracker starts
  // start it too: the form is counted, the landing's page view keeps its address and the
  // navigation is a page view of its own.
  const cancel = onFirstInput(
    w,
    {
      events: ['mousedown', 'keydown', 'click', 'submit', 'pagehide', 'visibilitychange'],
      methods: [
        [w.HTMLFormElement && w.HTMLFormElement.prototype, 'submit'],
        [history, 'pushState'],
        [history, 'replaceState'],
      ],
    },
    (e) => {
      const t = go(!!e);
      // Hidden or left before the tracker started: the load's page view goes out now.
      if (e && (e.type === 'pagehide' || doc.visibilityState === 'hidden')) void t.flush();
    },
    w,
  );
  api.loaded = true;
  try {
    w.leadbeacon = api;
  } catch {
    // Frozen or non-writable: the tracker still starts and records what the visitor does.
    warn(log, GLOBAL_NOT_WRITABLE);
  }
}

// The script's own task: its one error boundary.
try {
  boot();
} catch (e) {
  warn(createLogger(false), SCRIPT_NOT_STARTED, e);
}
