import type { Captured } from './events';

/**
 * How long a page view after a single-page-app navigation waits for the router to set the new
 * page's title (Next.js streams it from the server): it is built once the title changed, after
 * this long, or at once when the page is hidden, left or flushed.
 */
export const TITLE_WAIT_MS = 3000;
/** How often a held page view looks again for its title. */
export const TITLE_CHECK_MS = 100;

/**
 * Page views after a single-page-app navigation wait for their title: `waits(c, force)` is true
 * while `c` waits (page views behind a waiting one wait too, to keep their order); once built,
 * a view's title is the one of then. `navigated()`: a new navigation gives every waiting view
 * the title of now (the router has not set the next one yet).
 */
export interface TitleWait {
  /** A new drain: nothing held yet. */
  afresh(): void;
  /** Something was held in this drain. */
  held(): boolean;
  waits(c: Captured, force: boolean): boolean;
  navigated(buffer: Captured[]): void;
  /** The longest a page view built in this drain waited for its title (ms). */
  waited(): number;
}

export function titleWait(title: () => string, now: () => number): TitleWait {
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
