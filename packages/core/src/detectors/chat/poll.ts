import type { DetectorContext } from '../../types';
import { listen, runAll } from '../../util';

/** The polling window after start-up and after each user interaction, and its period. */
const WAIT_MS = 30_000;
const AGAIN_MS = 15_000;
const EVERY_MS = 500;

/**
 * Calls `missing()` at once, then every 0.5 s while it returns true: for 30 s after start-up
 * and for 15 s after each user interaction (mouse (a tap sends one too), key, or focus moving
 * into an iframe such as a chat launcher: every way to reach a widget). That catches widgets
 * loaded late, lazily, on consent or on a click. Returns the teardown.
 */
export function pollWhileMissing(ctx: DetectorContext, missing: () => boolean): () => void {
  const w = ctx.window;
  let timer: unknown;
  let until = ctx.now() + WAIT_MS;
  const check = ctx.guard(() => {
    timer = undefined;
    if (missing() && ctx.now() < until) timer = ctx.setTimeout(check, EVERY_MS);
  });
  const again = ctx.guard(() => {
    until = ctx.now() + AGAIN_MS;
    if (!timer) check();
  });
  check();
  const offs = [listen(w.document, 'mousedown', again, true), listen(w.document, 'keydown', again, true), listen(w, 'blur', again)];
  return () => {
    ctx.clearTimeout(timer);
    runAll(offs);
  };
}
