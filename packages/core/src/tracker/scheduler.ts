import type { Runtime } from '../runtime';
import type { Logger } from '../types';
import type { Captured, Stamp } from './events';

export interface SchedulerOptions {
  rt: Runtime;
  log: Logger;
  /** The page and time of now. */
  here(): Stamp;
  /** Start-up work still waiting, one step per call: true when it took one (the events wait a task more). */
  startupStep(): boolean;
  /** Builds and queues one captured action; true when it was a lead (which asked for a send at once). */
  settle(c: Captured): boolean;
  /** After a drain that built events: have them sent; `batched`: some may wait for the batch delay; `split`: send a task later. */
  built(batched: boolean, split: boolean): void;
}

/**
 * The capture scheduler: an action is captured in the task it happens in (the site's handler
 * pays only for that), and built into an event a task later, together with whatever else came
 * meanwhile. Start-up is spread the same way over short tasks: the first read of storage, then
 * the landing's attribution, then the events, then the first send (see `startupStep`).
 */
export function createScheduler(o: SchedulerOptions) {
  const { rt, log } = o;
  let buffer: Captured[] = [];
  /** Detector work put off by `later`, with the page as it was then. */
  let deferred: [() => void, Stamp][] = [];
  /** While deferred work runs: the page it belongs to. */
  let current: Stamp | undefined;
  let timer: unknown;
  let firstDrain = true;

  const soon = () => {
    if (timer === undefined) timer = rt.setTimeout(tick, 0);
  };
  function tick() {
    try {
      timer = undefined;
      if (o.startupStep()) return soon();
      drain(firstDrain);
    } catch (e) {
      log.warn('internal error (ignored)', e);
    }
  }

  /** Builds and queues what waits, then has it sent (`split`: the send a task later). */
  function drain(split = false) {
    if (timer !== undefined) rt.clearTimeout(timer);
    timer = undefined;
    for (const [fn, stamp] of deferred.splice(0)) {
      current = stamp;
      try {
        fn();
      } catch (e) {
        log.warn('internal error (ignored)', e);
      }
      current = undefined;
    }
    const items = buffer;
    buffer = [];
    let batched = false;
    for (const c of items) {
      try {
        batched = !o.settle(c) || batched;
      } catch (e) {
        // One unrecordable event (circular props…) must not take the others with it.
        log.warn(`event "${c.input.name || c.input.type}" not recorded`, e);
      }
    }
    if (!items.length) return;
    // The first send after start-up comes a task after its events (start-up stays in short tasks).
    firstDrain = false;
    o.built(batched, split);
  }

  return {
    /** An action to build a task from now. */
    capture(c: Captured) {
      buffer.push(c);
      soon();
    },
    /** Runs `fn` a task from now (or at the next drain), stamped with the page of now. */
    later(fn: () => void) {
      deferred.push([fn, o.here()]);
      soon();
    },
    /** The stamp of the deferred work running now, else the page of now. */
    stamp: (): Stamp => current || o.here(),
    drain: () => drain(),
    /** Drops everything that waits (consent denied). */
    clear() {
      buffer = [];
      deferred = [];
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
