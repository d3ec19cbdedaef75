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
      const h = c.window.history;
      const patch = (method: 'pushState' | 'replaceState', kind: Kind) => {
        const original = h[method];
        let live = true;
        const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
          const result = original.apply(this, args);
          if (live) c.guard(check)(kind);
          return result;
        };
        h[method] = wrapped;
        // Someone may have wrapped ours since: then ours stays in their chain, switched off.
        return () => {
          live = false;
          if (h[method] === wrapped) h[method] = original;
        };
      };
      const undo = [
        patch('pushState', 'push'),
        patch('replaceState', 'replace'),
        listen(c.window, 'popstate', c.guard(() => check('pop'))),
      ];
      check('page');
      return () => {
        for (const u of undo) u();
        ctx = undefined;
      };
    },
  };
}
