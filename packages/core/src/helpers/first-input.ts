import { listen } from '../util';

/**
 * Calls `start` once: a task from now, or at once on the first of `types` (capture phase on the
 * window: before any listener of the page's elements, so what `start` sets up still sees that
 * very event). Returns the cancel.
 */
export function onFirstInput(
  win: Window,
  types: string[],
  start: (e?: Event) => void,
  timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(id: unknown): void },
): () => void {
  const once = (e?: Event) => {
    cancel();
    start(e);
  };
  const timer = timers.setTimeout(once, 0);
  const offs = types.map((type) => listen(win, type, once, { capture: true, passive: true }));
  const cancel = () => {
    timers.clearTimeout(timer);
    for (const off of offs.splice(0)) off();
  };
  return cancel;
}
