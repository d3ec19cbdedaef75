/**
 * Swapping a number on the page: in text (every common format, each place's own formatting
 * kept), in `tel:` links, and in elements the site marks with `data-leadbeacon-number`; numbers
 * rendered later (routes, widgets) are swapped as they appear (MutationObserver).
 */
import { rewrite, rewriteText } from './digits';

const SKIP = /^(SCRIPT|STYLE|TEXTAREA|INPUT|NOSCRIPT|TEMPLATE)$/;

function swapText(node: Text, from: readonly string[], next: string): void {
  const parent = node.parentNode as Element | null;
  if (parent && SKIP.test(parent.nodeName)) return;
  const data = node.data;
  if (!/\d/.test(data)) return;
  const out = rewriteText(data, from, next);
  if (out !== data) node.data = out;
}

function swapLink(a: Element, from: readonly string[], next: string): void {
  const href = a.getAttribute('href') || '';
  const m = /^\s*tel:([^?;]*)(.*)$/i.exec(href);
  if (!m) return;
  for (const f of from) {
    const out = rewrite(decodeURIComponent(m[1]!), f, next);
    if (out !== undefined) return a.setAttribute('href', `tel:${next}${m[2]}`);
  }
}

/** Swaps every place under `root` that names one of `from` to `next`. */
export function swapUnder(root: Node, from: readonly string[], next: string): void {
  if (root.nodeType === 3) return swapText(root as Text, from, next);
  if (root.nodeType !== 1 && root.nodeType !== 9 && root.nodeType !== 11) return;
  const doc = root.ownerDocument || (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) swapText(n as Text, from, next);
  const el = root as Element;
  if (el.nodeType === 1 && el.matches('a[href]')) swapLink(el, from, next);
  for (const a of Array.from((root as ParentNode).querySelectorAll('a[href]'))) swapLink(a, from, next);
  // A marked element whose text names the number in no form found above shows the number as given.
  for (const m of Array.from((root as ParentNode).querySelectorAll('[data-leadbeacon-number]'))) {
    const text = m.textContent || '';
    if (
      rewriteText(text, [next], next) === text &&
      !text.includes(next) &&
      from.some((f) => text.replace(/\D/g, '').endsWith(f.replace(/\D/g, '').slice(-7)))
    )
      m.textContent = next;
  }
}

/** Keeps swapping what the page adds or changes later; returns the teardown. */
export function watchPage(doc: Document, current: () => { from: readonly string[]; next: string } | undefined): () => void {
  const W = doc.defaultView as (Window & typeof globalThis) | null;
  if (!W || !W.MutationObserver) return () => {};
  const observer = new W.MutationObserver((records) => {
    const now = current();
    if (!now) return;
    for (const r of records) {
      if (r.type === 'characterData') swapText(r.target as Text, now.from, now.next);
      else if (r.type === 'attributes') swapLink(r.target as Element, now.from, now.next);
      else for (const n of Array.from(r.addedNodes)) swapUnder(n, now.from, now.next);
    }
  });
  observer.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['href'],
  });
  return () => observer.disconnect();
}
