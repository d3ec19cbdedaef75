import type { DetectorContext } from '../../types';
import { listen, runAll } from '../../util';

/**
 * Calls `onSubmit` and `onInvalid` for `submit` and `invalid` events in the capture phase: on the
 * document, and on the open shadow roots the visitor touches. `submit` is not composed: inside a
 * shadow root the document never sees it, so the roots the visitor focuses, clicks or types in
 * get the same listeners before any submission there. Returns the undo.
 */
export function watchSubmitEvents(ctx: DetectorContext, onSubmit: (e: Event) => void, onInvalid: (e: Event) => void): () => void {
  const doc = ctx.window.document;
  const roots = new Set<Node>();
  const undo: (() => void)[] = [];
  const watchRoot = (root: Node) => undo.push(listen(root, 'submit', onSubmit, true), listen(root, 'invalid', onInvalid, true));
  const touch = ctx.guard((e: Event) => {
    // Retargeted: inside an open shadow root the event's target is the host. Most targets
    // have no shadow root, and the path is not built for them.
    if (!(e.target as Element).shadowRoot) return;
    for (const n of e.composedPath() as Node[]) {
      if (n.nodeType === 11 && !roots.has(n)) {
        roots.add(n);
        watchRoot(n);
      }
    }
  });
  watchRoot(doc);
  undo.push(...['focusin', 'click', 'keydown'].map((type) => listen(doc, type, touch, true)));
  return () => runAll(undo);
}
