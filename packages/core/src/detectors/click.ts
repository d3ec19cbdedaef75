import type { DetectorContext } from '../types';
import { listen } from '../util';

/** What a click went through, innermost first. */
export interface Hit {
  /** The innermost `<a href>` (or `<area href>`). */
  link?: Element;
  /** Its resolved href ('' without a link). */
  href: string;
  /** The innermost element with `data-leadbeacon-event`: such clicks belong to the `cta` detector. */
  cta?: Element;
}

type Sub = (hit: Hit, e: MouseEvent) => void;
/** Per tracker: the detectors listening, and the removal of the one shared pair of listeners. */
const hubs = new WeakMap<DetectorContext, { subs: Sub[]; off: () => void }>();

/** What a click went through, or undefined when it touched neither a link nor a call-to-action (or hit an ignored element). */
function hitOf(e: MouseEvent): Hit | undefined {
  if (e.type === 'auxclick' && e.button !== 1) return;
  const hit: Hit = { href: '' };
  for (const node of e.composedPath ? e.composedPath() : [e.target]) {
    const el = node as Element;
    if (!el || el.nodeType !== 1) continue;
    if (el.hasAttribute('data-leadbeacon-ignore')) return;
    if (!hit.cta && el.hasAttribute('data-leadbeacon-event')) hit.cta = el;
    if (!hit.link && (el.localName === 'a' || el.localName === 'area') && el.hasAttribute('href')) {
      hit.link = el;
      const raw = (el as HTMLAnchorElement).href;
      // SVG links expose href as an SVGAnimatedString.
      hit.href = typeof raw === 'string' ? raw : el.getAttribute('href') || '';
    }
  }
  return hit.link || hit.cta ? hit : undefined;
}

/**
 * Calls `fn` for each activation of a link or a declared call-to-action. Capture phase on the
 * document, so clicks inside elements that stop propagation are seen; keyboard activation
 * arrives as `click`; middle click arrives as `auxclick` (button 1; right clicks are not
 * activations); `composedPath()` reaches into open shadow roots. Nothing inside
 * `[data-leadbeacon-ignore]` counts. The detectors of a tracker share one pair of listeners,
 * and a click's path is walked once for all of them.
 */
export function onClick(ctx: DetectorContext, fn: (hit: Hit, e: MouseEvent) => void): () => void {
  let hub = hubs.get(ctx);
  if (!hub) {
    const subs: Sub[] = [];
    const run = (hit: Hit, e: MouseEvent) => {
      for (const sub of subs.slice()) sub(hit, e);
    };
    const handler = (e: Event) => {
      let hit: Hit | undefined;
      try {
        hit = hitOf(e as MouseEvent);
      } catch {
        /* a hostile node in the path: not a click we can read */
      }
      if (!hit) return;
      // A web link may replace the page: its event is recorded now, to be beaconed before the page
      // goes. Everything else (tel:, mailto:, app links, buttons) is looked at a task later, when
      // the site's handlers are done (and `defaultPrevented` is final).
      if (ctx.later && !(hit.link && /^https?:/i.test(hit.href))) ctx.later(() => run(hit!, e as MouseEvent));
      else run(hit, e as MouseEvent);
    };
    const doc = ctx.window.document;
    const a = listen(doc, 'click', handler, true);
    const b = listen(doc, 'auxclick', handler, true);
    hubs.set(ctx, (hub = { subs, off: () => (a(), b(), hubs.delete(ctx)) }));
  }
  const sub = ctx.guard(fn);
  const h = hub;
  h.subs.push(sub);
  return () => {
    const i = h.subs.indexOf(sub);
    if (i < 0) return;
    h.subs.splice(i, 1);
    if (!h.subs.length) h.off();
  };
}

/**
 * Calls `fn` with the href of each activated link that no call-to-action claims: the shared
 * entry of the `calls`, `emails` and `chat` link detectors.
 */
export const onLink = (ctx: DetectorContext, fn: (href: string, link: Element, e: MouseEvent) => void) =>
  onClick(ctx, (hit, e) => hit.link && !hit.cta && fn(hit.href, hit.link, e));

/** A click on the same target within this window is one action (double clicks, two handlers). */
export const REPEAT_MS = 1500;

/** `repeat(key)` is true when `key` was seen less than `REPEAT_MS` ago. */
export function dedupe(now: () => number = Date.now): (key: unknown) => boolean {
  const seen = new Map<unknown, number>();
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

/** `decodeURIComponent` that keeps malformed input as written. */
export function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
