/**
 * The tracker, composed: the pipeline (tracker/pipeline.ts: capture → build → consent → queue →
 * send, and the consent controller) fed by the detectors, which the lifecycle sets up a task
 * later (tracker/lifecycle.ts), and the commands (tracker/commands.ts) over both. `startTracker`
 * (start.ts) checks the config and the page first.
 */
import type { ResolvedConfig } from './config';
import { pageViews } from './detectors/page-views';
import type { Loader } from './features/features';
import { createLogger } from './log';
import type { Runtime } from './runtime';
import { createCommands } from './tracker/commands';
import { createContext } from './tracker/context';
import { watchQuality } from './quality/signals';
import { createLifecycle } from './tracker/lifecycle';
import { createPipeline } from './tracker/pipeline';
import type { Detector, Tracker } from './types';
import { guarded, listen } from './util';

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
  const log = createLogger(cfg.debug);
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => guarded(log, fn);
  // How each lead was made (passive listeners only): its signals ride with it (quality/signals.ts).
  const quality = watchQuality(win, rt.now);
  const pipeline = createPipeline({ cfg, rt, log, landing: how.landing || win.location.href, loader: how.loader, quality: quality.of });
  const { ctx, trackHooks } = createContext({
    cfg,
    rt,
    log,
    guard,
    emit: guard(pipeline.emit),
    later: pipeline.later,
    stamp: pipeline.stamp,
    loader: how.loader,
    visitor: pipeline.visit.facts,
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
      if (cfg.dataLayer || cfg.gtagConversions || cfg.metaPixel) how.loader.load('forwarding', () => {});
      return pipeline.consent.follow();
    },
  });
  const listeners = watchPage(win, guard, pipeline.hide, pipeline.online).concat(quality.off);

  return createCommands({
    log,
    guard,
    emit: pipeline.emit,
    trackHooks,
    consent: pipeline.consent,
    start: lifecycle.start,
    identify: pipeline.visit.identify,
    flush: pipeline.flush,
    page: () => views && views.check('page'),
    destroy() {
      pipeline.destroy();
      lifecycle.destroy(listeners);
      how.loader.destroy();
    },
  });
}

/** The page's own signals: hidden or left (send what is queued now), back online (retry at once). */
function watchPage(win: Window, guard: (fn: () => void) => () => void, hide: () => void, online: () => void) {
  const doc = win.document;
  const hidden = () => doc.visibilityState === 'hidden' && hide();
  return [listen(doc, 'visibilitychange', guard(hidden)), listen(win, 'pagehide', guard(hide)), listen(win, 'online', guard(online))];
}
