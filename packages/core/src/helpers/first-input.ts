import { listen } from '../util';

type Timers = { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(id: unknown): void };

/** What starts the tracker early: events on the window, and page methods called by a script (`form.submit()`, `history.pushState`). */
export interface FirstInput {
  events: string[];
  methods?: [obj: object | null | undefined, key: string][];
}

/**
 * Stands in for `obj[key]` until `fire` runs: the first call fires, then goes to what is there
 * now (`fire` puts the page's own method back first, and whatever it sets up wraps that one, so
 * this very call is seen by it). Returns the undo.
 */
function takeOver(obj: object | null | undefined, key: string, fire: (e: Event) => void): () => void {
  const o = obj as Record<string, unknown> | null | undefined;
  const own = o && o[key];
  if (typeof own !== 'function') return () => {};
  const early = function (this: unknown, ...args: unknown[]) {
    const mine = o![key] === early;
    fire({ type: key } as Event);
    return ((mine ? o![key] : own) as (...a: unknown[]) => unknown).apply(this, args);
  };
  try {
    o![key] = early;
  } catch {
    return () => {}; // a frozen prototype: the detectors see it a task later
  }
  return () => {
    if (o![key] === early) o![key] = own;
  };
}

/**
 * Calls `start` once: a task from now, or at once on the first of `input.events` (capture phase
 * on the window: before any listener of the page's elements, so what `start` sets up still sees
 * that very event) or the first call of `input.methods` (which fire no event: `form.submit()`,
 * a router's `pushState`; `start` gets `{ type: <method> }`). Returns the cancel.
 */
export function onFirstInput(win: Window, input: FirstInput, start: (e?: Event) => void, timers: Timers): () => void {
  const once = (e?: Event) => {
    cancel();
    start(e);
  };
  const timer = timers.setTimeout(once, 0);
  const offs = [
    ...input.events.map((type) => listen(win, type, once, { capture: true, passive: true })),
    ...(input.methods || []).map(([obj, key]) => takeOver(obj, key, once)),
  ];
  const cancel = () => {
    timers.clearTimeout(timer);
    for (const off of offs.splice(0)) off();
  };
  return cancel;
}
