import type { PageViews } from '../detectors/page-views';
import { onFirstInput } from '../helpers/first-input';
import type { Runtime } from '../runtime';
import type { Detector, DetectorContext, Teardown } from '../types';
import { listen } from '../util';
import { DETECTOR_FAILED, NOT_A_DETECTOR, warn } from '../warnings';

/** What a visitor does first: any of these sets the detectors up before the page's own listeners run. */
const FIRST_INPUT = ['click', 'auxclick', 'submit', 'copy', 'focusin', 'keydown'];

export interface LifecycleOptions {
  rt: Runtime;
  ctx: DetectorContext;
  detectors: Detector[];
  /** The page view detector, set up before the others (the load's page view comes first). */
  views: PageViews | null;
  /** Set the detectors up at once (the caller is inside the visitor's first input), not a task later. */
  startNow?: boolean;
  /** Runs with the detectors' start; returns its teardown (Consent Mode's dataLayer patch, preloads). */
  onStart(): Teardown;
}

/**
 * The tracker's lifecycle: page views at once (or when a prerendered page is shown), the other
 * detectors a task later or at the visitor's first input, whichever comes first, and one
 * teardown for everything they added.
 */
export function createLifecycle(o: LifecycleOptions) {
  const { rt, ctx } = o;
  const { guard, log } = ctx;
  const win = ctx.window;
  const doc = win.document;
  const teardowns: Teardown[] = [];
  let started = false;
  let destroyed = false;
  let cancelStart = () => {};

  function setup(d: Detector) {
    if (!d || typeof d.setup !== 'function') return warn(log, NOT_A_DETECTOR, d);
    try {
      const td = d.setup(ctx);
      if (typeof td === 'function') teardowns.push(td);
    } catch (e) {
      warn(log, DETECTOR_FAILED, d.name, e);
    }
  }

  /**
   * Sets the other detectors up. Not in the tracker's own task: a task later, or at once when the
   * visitor acts first (capture listeners on the window see every input before any listener of
   * the page's elements does, and the detectors' own listeners, added then, still see that event).
   */
  function start() {
    if (started || destroyed) return;
    started = true;
    cancelStart();
    teardowns.push(o.onStart());
    o.detectors.forEach(setup);
  }

  /** Page views, then the detectors: now, or when a prerendered page is shown. */
  function begin() {
    if (o.views) setup(o.views);
    if (o.startNow || started) return start();
    // form.submit() fires no event: its first call starts the detectors too, so the forms detector sees it.
    cancelStart = onFirstInput(
      win,
      { events: FIRST_INPUT, methods: [[win.HTMLFormElement && win.HTMLFormElement.prototype, 'submit']] },
      guard(start),
      rt,
    );
  }

  // A prerendered page (speculation rules) may never be shown: no page view, no session and no
  // listeners until it is. Commands the page calls meanwhile still work.
  if ((doc as { prerendering?: boolean }).prerendering) teardowns.push(listen(doc, 'prerenderingchange', guard(begin)));
  else begin();

  return {
    start,
    /** Removes everything the detectors (and the tracker: `also`) added. */
    destroy(also: Teardown[]) {
      destroyed = true;
      cancelStart();
      for (const td of [...teardowns.splice(0), ...also]) guard(td)();
    },
  };
}
