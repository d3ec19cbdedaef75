// Shared ownership of the page's tracker, for the framework adapters (@leadbeacon/react, vue,
// svelte, angular): lifecycle only, no detection. One module-level holder, so adapters of
// different frameworks on one page (islands, micro-frontends) share one tracker too.
import { createTracker } from './create-tracker';
import type { LeadbeaconConfig } from './detectors/defaults';
import type { Tracker } from './types';

/** The tracker this adapter started on this page, how many owners hold it, and its pending destroy. */
let live: { t: Tracker; n: number; timer?: ReturnType<typeof setTimeout> } | undefined;

/**
 * The page's tracker: the one this adapter already runs, else a new one. A page has one tracker
 * (two would double-count leads), so a second mount shares it. On the server it is the core's
 * inert tracker and nothing is kept between requests.
 */
export function acquireTracker(config: LeadbeaconConfig): Tracker {
  if (typeof window == 'undefined') return createTracker(config);
  const l = (live ||= { t: createTracker(config), n: 0 });
  clearTimeout(l.timer);
  l.n++;
  return l.t;
}

/**
 * Gives up one hold. The last one destroys the tracker after the current task, unless a mount
 * takes it up first: StrictMode and hot reloading unmount and mount again at once, and a
 * destroyed-and-recreated tracker would record the page view twice.
 */
export function releaseTracker(t: Tracker): void {
  const l = live;
  if (l && l.t == t && !--l.n) {
    l.timer = setTimeout(() => {
      live = undefined;
      t.destroy();
    });
  }
}

const isTracker = (x: unknown): x is Tracker => !!x && typeof (x as Tracker).track == 'function';

/** `input` is a config (the adapter owns the tracker) or a tracker of the app's own (never destroyed here). */
export function ownTracker(input: LeadbeaconConfig | Tracker): [tracker: Tracker, release: () => void] {
  if (isTracker(input)) return [input, () => {}];
  const t = acquireTracker(input);
  let held = true;
  return [t, () => held && ((held = false), releaseTracker(t))];
}
