import type { ResolvedConfig } from '../config';
import type { Loader } from '../features/features';
import type { Runtime } from '../runtime';
import type { DetectorContext, Logger, Props } from '../types';

export type TrackHook = (name: string, props: Props) => boolean | void;

export interface ContextOptions {
  cfg: ResolvedConfig;
  rt: Runtime;
  log: Logger;
  guard: DetectorContext['guard'];
  emit: DetectorContext['emit'];
  later: DetectorContext['later'];
  stamp: DetectorContext['stamp'];
  loader: Loader;
  /** fields (issue 21): the visitor as hidden fields carry it. */
  visitor: DetectorContext['visitor'];
}

/** The detectors' context, and the hooks their `onTrack` registers (the commands run them). */
export function createContext(o: ContextOptions) {
  const trackHooks: TrackHook[] = [];
  const ctx: DetectorContext = {
    window: o.rt.window,
    config: o.cfg,
    emit: o.emit,
    log: o.log,
    guard: o.guard,
    now: o.rt.now,
    stamp: o.stamp,
    setTimeout: o.rt.setTimeout,
    clearTimeout: o.rt.clearTimeout,
    onTrack: (fn) => (trackHooks.push(fn), () => void trackHooks.splice(trackHooks.indexOf(fn) >>> 0, 1)),
    later: o.later,
    visitor: o.visitor,
    load: (name, use, failed) => o.loader.load(name, o.guard(use), failed && o.guard(failed)),
  };
  return { ctx, trackHooks };
}
