import { resolveConfig, type OptionKind } from './config';
import { createLogger } from './log';
import { browserRuntime, type Runtime } from './runtime';
import { runTracker, type RunOptions } from './tracker';
import type { Tracker, TrackerConfig } from './types';
import { toJson } from './util';
import { inertTracker } from './tracker/commands';
import { ALREADY_RUNNING, BROKEN_BUILTINS, NOT_STARTED, warn } from './warnings';

/** Marks the window's live tracker: a second one would double-count every lead. */
const INSTANCE = '__leadbeacon__';

type Win = Window & typeof globalThis & { [INSTANCE]?: Tracker };

/** How an entry point starts a tracker. */
export interface StartOptions extends RunOptions {
  /** The config keys the caller accepts. */
  options?: Record<string, OptionKind>;
}

/**
 * The built-ins the tracker cannot do without still work: a page may replace `JSON.stringify` or
 * `Array.prototype.map/forEach/push` (a wrapper that works is fine, and so are old libraries'
 * versions: Prototype.js's `map`, its `Array.prototype.toJSON`, which `toJson` ignores; a broken
 * one would garble every event).
 */
function sane(): boolean {
  try {
    const a: number[] = [];
    let n = 0;
    a.push(1);
    a.forEach((x) => (n += x));
    return n === 1 && toJson(a.map((x) => ({ x: x + 1 })).filter(Boolean)) === '[{"x":2}]' && JSON.parse('[2]')[0] === 2;
  } catch {
    return false;
  }
}

/**
 * Starts a tracker on the window (or on `runtime.window`): inert on the server, without a usable
 * config, or when the window runs one already (it says so).
 */
export function startTracker(input: TrackerConfig, runtime: Partial<Runtime> | undefined, how: StartOptions): Tracker {
  const bootLog = createLogger(!!(input && input.debug));
  try {
    const win = (runtime && 'window' in runtime ? runtime.window : typeof window !== 'undefined' ? window : undefined) as Win | undefined;
    // Server rendering: nothing touches `window`; the client creates the real tracker.
    if (!win) return inertTracker();
    if (!sane()) {
      warn(bootLog, BROKEN_BUILTINS);
      return inertTracker();
    }
    const cfg = resolveConfig(input, bootLog, how.options);
    if (!cfg) return inertTracker();
    if (win[INSTANCE]) {
      warn(bootLog, ALREADY_RUNNING);
      return inertTracker();
    }
    const tracker = runTracker(cfg, browserRuntime(win, runtime), how);
    const destroy = tracker.destroy;
    tracker.destroy = () => {
      destroy();
      if (win[INSTANCE] === tracker) delete win[INSTANCE];
    };
    return (win[INSTANCE] = tracker);
  } catch (e) {
    warn(bootLog, NOT_STARTED, e);
    return inertTracker();
  }
}
