import { isLeadType } from '@leadbeacon/wire';
import type { Runtime } from '../runtime';
import type { Logger } from '../types';
import type { Captured, Stamp } from './events';
import { EVENT_FAILED, INTERNAL_ERROR, warn } from '../warnings';

export interface SchedulerOptions {
  rt: Runtime;
  log: Logger;
  /** The page and time of now. */
  here(): Stamp;
  /** Start-up work still waiting, one step per call: true when it took one (the events wait a task more). */
  startupStep(): boolean;
  /** Builds and queues one captured action; true when it was a lead (which asked for a send at once). */
  settle(c: Captured): boolean;
  /**
   * After a drain that built events: have them sent; `batched`: some may wait for the batch delay,
   * less `waited` (how long a page view already waited for its title); `split`: send a task later.
   */
  built(batched: boolean, split: boolean, waited: number): void;
}

/**
 * How long a page view after a single-page-app navigation waits for the router to set the new
 * page's title (Next.js streams it from the server): it is built once the title changed, after
 * this long, or at once when the page is hidden, left or flushed.
 */
export const TITLE_WAIT_MS = 3000;
const TITLE_CHECK_MS = 100;

/**
 * Page views after a single-page-app navigation wait for their title: `waits(c, force)` is true
 * while `c` waits (page views behind a waiting one wait too, to keep their order); once built,
 * a view's title is the one of then. `navigated()`: a new navigation gives every waiting view
 * the title of now (the router has not set the next one yet).
 */
interface TitleWait {
  /** A new drain: nothing held yet. */
  afresh(): void;
  /** Something was held in this drain. */
  held(): boolean;
  waits(c: Captured, force: boolean): boolean;
  navigated(buffer: Captured[]): void;
  /** The longest a page view built in this drain waited for its title (ms). */
  waited(): number;
}

function titleWait(title: () => string, now: () => number): TitleWait {
  /** The title the last page view was built with. */
  let viewTitle: string | undefined;
  let holding = false;
  let longest = 0;
  return {
    afresh() {
      holding = false;
      longest = 0;
    },
    waited: () => longest,
    held: () => holding,
    waits(c: Captured, force: boolean): boolean {
      if (c.input.type !== 'page_view') return false;
      if (c.awaitsTitle) {
        const t = title();
        const waited = now() - c.stamp.now;
        if (!force && (holding || (t === viewTitle && waited < TITLE_WAIT_MS))) return (holding = true);
        c.stamp.title = t;
        longest = Math.max(longest, waited);
      }
      viewTitle = c.stamp.title;
      return false;
    },
    navigated(buffer: Captured[]) {
      for (const b of buffer) {
        if (b.awaitsTitle) b.stamp.title = title();
        b.awaitsTitle = false;
      }
    },
  };
}

/** Runs each deferred function with its stamp as the current one; returns nothing it throws. */
function runDeferred(list: [() => void, Stamp][], log: Logger, as: (stamp: Stamp | undefined) => void) {
  for (const [fn, stamp] of list) {
    as(stamp);
    try {
      fn();
    } catch (e) {
      warn(log, INTERNAL_ERROR, e);
    }
    as(undefined);
  }
}

/** Builds and queues one action: true when it was a lead. */
function settle(o: SchedulerOptions, c: Captured): boolean {
  try {
    return o.settle(c);
  } catch (e) {
    // One unrecordable event (circular props…) must not take the others with it.
    warn(o.log, EVENT_FAILED, c.input.name || c.input.type, e);
    return false;
  }
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
  let recheck: unknown;
  let firstDrain = true;
  const titles = titleWait(() => o.here().title, rt.now);

  const soon = () => {
    if (timer === undefined) timer = rt.setTimeout(tick, 0);
  };
  function tick() {
    try {
      timer = undefined;
      if (o.startupStep()) return soon();
      drain(firstDrain, false);
    } catch (e) {
      warn(log, INTERNAL_ERROR, e);
    }
  }
  const again = () => {
    recheck = undefined;
    tick();
  };

  /** Builds and queues what waits, then has it sent (`split`: the send a task later; `force`: no page view waits for its title). */
  function drain(split = false, force = true) {
    if (timer !== undefined) rt.clearTimeout(timer);
    timer = undefined;
    runDeferred(deferred.splice(0), log, (stamp) => (current = stamp));
    const items = buffer;
    buffer = [];
    let batched = false;
    titles.afresh();
    // A lead takes the page views waiting for a title with it (the title has had its chance by then).
    force = force || items.some((c) => isLeadType(c.input.type));
    for (const c of items) {
      if (titles.waits(c, force)) buffer.push(c);
      else batched = !settle(o, c) || batched;
    }
    if (titles.held() && recheck === undefined) recheck = rt.setTimeout(again, TITLE_CHECK_MS);
    if (items.length === buffer.length) return;
    // The first send after start-up comes a task after its events (start-up stays in short tasks).
    firstDrain = false;
    o.built(batched, split, titles.waited());
  }

  return {
    /** An action to build a task from now. */
    capture(c: Captured) {
      if (c.awaitsTitle) titles.navigated(buffer);
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
