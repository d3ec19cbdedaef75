import type { DetectorContext } from '../types';
import { listen } from '../util';

/**
 * Calls `fn` with the link a click activated. Capture phase on the document, so links inside
 * elements that stop propagation are seen; keyboard activation arrives as `click`; middle
 * click arrives as `auxclick`; `composedPath()` finds links inside open shadow roots.
 */
export function onLinkClick(ctx: DetectorContext, fn: (link: HTMLAnchorElement | SVGAElement, href: string, e: MouseEvent) => void): () => void {
  const handler = ctx.guard((e: Event) => {
    const me = e as MouseEvent;
    if (e.type === 'auxclick' && me.button !== 1) return;
    const path = typeof e.composedPath === 'function' ? e.composedPath() : [];
    for (const node of path.length ? path : [e.target]) {
      const el = node as Element;
      if (el && el.nodeType === 1 && /^a$/i.test(el.localName) && el.hasAttribute('href')) {
        const raw = (el as HTMLAnchorElement).href;
        // SVG links expose href as an SVGAnimatedString.
        const href = typeof raw === 'string' ? raw : el.getAttribute('href') || '';
        return fn(el as HTMLAnchorElement, href, me);
      }
    }
  });
  const doc = ctx.window.document;
  const a = listen(doc, 'click', handler, true);
  const b = listen(doc, 'auxclick', handler, true);
  return () => (a(), b());
}

/** A click on the same target within this window is one action (double clicks, two handlers). */
export const REPEAT_MS = 1500;

export function dedupe(now: () => number): (key: string) => boolean {
  const seen = new Map<string, number>();
  return (key) => {
    const t = now();
    const last = seen.get(key);
    seen.set(key, t);
    return last !== undefined && t - last < REPEAT_MS;
  };
}

/** True when following the link replaces this page (so its event must go out by beacon). */
export function leavesPage(link: Element, e: MouseEvent, href: string): boolean {
  const target = link.getAttribute('target');
  return (
    /^https?:/i.test(href) &&
    e.type === 'click' &&
    !e.defaultPrevented &&
    !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) &&
    (!target || target === '_self' || target === '_top' || target === '_parent')
  );
}
