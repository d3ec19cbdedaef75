import { dedupe } from './dedupe';
import type { Detector, DetectorContext, EventType, Props } from '../types';
import { listen, replacesPage } from '../util';

/** What a click went through, innermost first. */
export interface Hit {
  /** The innermost `<a href>` (or `<area href>`). */
  link?: Element;
  /** Its resolved href ('' without a link). */
  href: string;
  /** The innermost element with `data-leadbeacon-event`: such clicks belong to the `cta` detector. */
  cta?: Element;
}

type Subscriber = (hit: Hit, e: MouseEvent) => void;
/** Per tracker: how a detector joins the one shared pair of listeners (returns its leaving). */
const hubs = new WeakMap<DetectorContext, (sub: Subscriber) => () => void>();

/** Web links, whose click may replace the page. */
const WEB = /^https?:/i;

/**
 * What a click went through, or undefined when it touched neither a link nor a call-to-action,
 * hit an ignored element, or has a path we cannot read (a hostile node).
 */
function hitOf(e: MouseEvent): Hit | undefined {
  if (e.type === 'auxclick' && e.button !== 1) return;
  const hit: Hit = { href: '' };
  try {
    for (const node of e.composedPath() as Element[]) if (node.nodeType === 1 && !see(hit, node)) return;
    return hit.link || hit.cta ? hit : undefined;
  } catch {
    return undefined;
  }
}

/** Notes a call-to-action or link on a click's path; false at an ignored element. */
function see(hit: Hit, el: Element): boolean {
  if (el.hasAttribute('data-leadbeacon-ignore')) return false;
  if (!hit.cta && el.hasAttribute('data-leadbeacon-event')) hit.cta = el;
  if (!hit.link && (el.localName === 'a' || el.localName === 'area') && el.hasAttribute('href')) {
    hit.link = el;
    const raw = (el as HTMLAnchorElement).href;
    // SVG links expose href as an SVGAnimatedString.
    hit.href = typeof raw === 'string' ? raw : el.getAttribute('href') || '';
  }
  return true;
}

/**
 * Calls `fn` for each activation of a link or a declared call-to-action. Capture phase on the
 * document, so clicks inside elements that stop propagation are seen; keyboard activation
 * arrives as `click`; middle click arrives as `auxclick` (button 1; right clicks are not
 * activations); `composedPath()` reaches into open shadow roots. Nothing inside
 * `[data-leadbeacon-ignore]` counts. The detectors of a tracker share one pair of listeners
 * (removed with the last of them), and a click's path is walked once for all of them.
 */
export function onClick(ctx: DetectorContext, fn: Subscriber): () => void {
  let join = hubs.get(ctx);
  if (!join) {
    const subs = new Set<Subscriber>();
    const handler = (e: Event) => {
      const hit = hitOf(e as MouseEvent);
      if (!hit) return;
      const run = () => {
        for (const sub of [...subs]) sub(hit, e as MouseEvent);
      };
      // A web link may replace the page: its event is recorded now, to be beaconed before the page
      // goes. Everything else (tel:, mailto:, app links, buttons) is looked at a task later, when
      // the site's handlers are done (and `defaultPrevented` is final).
      if (hit.link && WEB.test(hit.href)) run();
      else ctx.later(run);
    };
    const doc = ctx.window.document;
    const offs = [listen(doc, 'click', handler, true), listen(doc, 'auxclick', handler, true)];
    hubs.set(
      ctx,
      (join = (sub) => {
        subs.add(sub);
        return () => {
          if (!subs.delete(sub) || subs.size) return;
          offs.forEach((off) => off());
          hubs.delete(ctx);
        };
      }),
    );
  }
  return join(ctx.guard(fn));
}

/**
 * Calls `fn` with the href of each activated link that no call-to-action claims: the shared
 * entry of the `calls`, `emails` and `chat` link detectors.
 */
export const onLink = (ctx: DetectorContext, fn: (href: string, link: Element, e: MouseEvent) => void) =>
  onClick(ctx, (hit, e) => hit.link && !hit.cta && fn(hit.href, hit.link, e));

/** A click on the same target within this window is the same action (double clicks, two handlers). */
export const REPEAT_MS = 1500;

/**
 * A detector emitting `type` for each activated link `propsOf` makes props of (undefined: not
 * its kind of link). A click on the same href within 1.5 s of the last is the same action.
 */
export const linkLeads = (name: string, type: EventType, propsOf: (href: string, ctx: DetectorContext) => Props | undefined): Detector => ({
  name,
  setup(ctx) {
    const clicks = dedupe(ctx.now, REPEAT_MS);
    return onLink(ctx, (href, el) => {
      const props = propsOf(href, ctx);
      if (props && !clicks.repeat(href)) ctx.emit({ type, props, el });
    });
  },
});

/** True when following the link replaces this page (so its event must go out by beacon). */
export function leavesPage(link: Element, e: MouseEvent, href: string): boolean {
  return (
    WEB.test(href) &&
    e.type === 'click' &&
    !e.defaultPrevented &&
    !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) &&
    replacesPage(link.getAttribute('target'))
  );
}
