import { wrapMethod } from '../helpers/wrap-method';
import type { Detector, DetectorContext } from '../types';
import { listen } from '../util';

type Kind = 'push' | 'replace' | 'pop' | 'page';

export interface PageViews extends Detector {
  /** Emits a page view when the URL changed since the last one. */
  check(kind: Kind): void;
}

/**
 * Page views on load and on single-page-app navigations. A navigation counts once: a
 * `pushState`, `popstate` or `page()` to a new path or query, or a `replaceState` to a new
 * path (routers call replaceState on the same path to store state; that is not a view).
 * Hash changes are not page views.
 */
export function pageViews(): PageViews {
  let ctx: DetectorContext | undefined;
  let lastPath: string | undefined;
  let lastSearch: string | undefined;
  const check = (kind: Kind) => {
    if (!ctx) return;
    const { pathname, search } = ctx.window.location;
    if (pathname === lastPath && (kind === 'replace' || search === lastSearch)) return;
    lastPath = pathname;
    lastSearch = search;
    ctx.emit({ type: 'page_view' });
  };
  return {
    name: 'page_views',
    check,
    setup(c) {
      ctx = c;
      const history = c.window.history;
      // After the router's own call: the address is the new one then.
      const undo = [
        wrapMethod(history, 'pushState', () => () => check('push')),
        wrapMethod(history, 'replaceState', () => () => check('replace')),
        listen(
          c.window,
          'popstate',
          c.guard(() => check('pop')),
        ),
      ];
      check('page');
      return () => {
        for (const u of undo) u();
        ctx = undefined;
      };
    },
  };
}
