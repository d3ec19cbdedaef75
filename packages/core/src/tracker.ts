/**
 * The tracker, composed: config -> consent controller -> capture scheduler -> recorder (event
 * builder, visitor, delivery), with the detectors' lifecycle beside them. `startTracker`
 * (tracker/start.ts) checks the config and the page first; the commands are in
 * tracker/commands.ts.
 */
import type { ResolvedConfig } from './config';
import { pageViews } from './detectors/page-views';
import type { Loader } from './features/features';
import { createLogger } from './log';
import type { Runtime } from './runtime';
import { createStore } from './storage';
import { createCommands } from './tracker/commands';
import { createConsent } from './tracker/consent';
import { createContext } from './tracker/context';
import { createEmit } from './tracker/emit';
import { watchQuality } from './quality/signals';
import { createLifecycle } from './tracker/lifecycle';
import { createRecorder, sendBuilt } from './tracker/recorder';
import { createScheduler } from './tracker/scheduler';
import type { Detector, Tracker } from './types';
import { guarded, listen } from './util';

type RecorderForward = Parameters<typeof createRecorder>[0]['forward'];

export interface RunOptions {
  /** Where the optional features come from (bundled, dynamic import, lazy files). */
  loader: Loader;
  /** The detectors when the config names none. */
  defaults?: (cfg: ResolvedConfig) => Detector[];
  /** The page's URL when the script ran, if that was earlier: its UTM tags and click ids are the landing's. */
  landing?: string;
  /** Set the detectors up at once (the caller is inside the visitor's first input), not a task later. */
  startNow?: boolean;
}

export function runTracker(cfg: ResolvedConfig, rt: Runtime, how: RunOptions): Tracker {
  const win = rt.window;
  const doc = win.document;
  const log = createLogger(cfg.debug);
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => guarded(log, fn);
  const consent = createConsent(cfg, win, log, (adsBefore) => recorder.consentChanged(adsBefore, scheduler));
  const store = createStore(() => rt.storage, log, consent.current().analytics === 'granted');
  const forwarding = cfg.dataLayer || cfg.gtagConversions || cfg.metaPixel;
  const landing = how.landing || win.location.href;
  const forward: RecorderForward = (event, ads) => forwarding && ctx.load('forwarding', (f) => f.forward(win, cfg, event, ads));
  const recorder = createRecorder({ cfg, rt, log, consent, store, landing, forward, loader: how.loader });
  const { delivery, sending } = recorder;
  let destroyed = false;
  const live = () => !destroyed;
  const page = { referrer: doc.referrer };
  const scheduler = createScheduler({
    rt,
    log,
    here: () => ({ now: rt.now(), url: win.location.href, path: win.location.pathname, title: doc.title, referrer: page.referrer }),
    startupStep: recorder.startupStep,
    settle: recorder.settle,
    built: sendBuilt(recorder, rt, { batchDelay: cfg.batchDelay, live, guard }),
  });
  const quality = watchQuality(win, rt.now); // [quality] passive listeners only
  const emit = createEmit({ cfg, consent, scheduler, recorder, live, page, quality: quality.of });
  const hide = () => {
    scheduler.drain();
    if (sending()) delivery().unload();
  };

  const { ctx, trackHooks } = createContext({
    cfg,
    rt,
    log,
    guard,
    emit: guard(emit),
    later: (fn) => void (live() && scheduler.later(fn)),
    stamp: scheduler.stamp,
    loader: how.loader,
  });
  const views = cfg.pageViews ? pageViews() : null;
  const lifecycle = createLifecycle({
    rt,
    ctx,
    views,
    detectors: cfg.detectors.length || !how.defaults ? cfg.detectors : how.defaults(cfg),
    startNow: how.startNow,
    onStart() {
      // Fetched before the first lead, so that a page that leaves with one forwards it too.
      if (forwarding) ctx.load('forwarding', () => {});
      return consent.follow();
    },
  });
  const listeners = watchPage(win, guard, hide, () => void (sending() && delivery().online())).concat(quality.off); // [quality]

  return createCommands({
    log,
    guard,
    emit,
    trackHooks,
    consent,
    start: lifecycle.start,
    identify: recorder.identify,
    flush() {
      scheduler.drain();
      return sending() ? delivery().flush() : Promise.resolve();
    },
    page: () => views && views.check('page'),
    destroy() {
      scheduler.drain();
      destroyed = true;
      lifecycle.destroy(listeners);
      how.loader.destroy();
      recorder.destroy();
    },
  });
}

/** The page's own signals: hidden or left (send what is queued now), back online (retry at once). */
function watchPage(win: Window, guard: (fn: () => void) => () => void, hide: () => void, online: () => void) {
  const doc = win.document;
  const hidden = () => doc.visibilityState === 'hidden' && hide();
  return [listen(doc, 'visibilitychange', guard(hidden)), listen(win, 'pagehide', guard(hide)), listen(win, 'online', guard(online))];
}
