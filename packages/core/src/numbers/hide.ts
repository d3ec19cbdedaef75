/**
 * Keeping the business number out of sight until the visit's number replaces it, as A/B tools'
 * anti-flicker snippets do: a style hides (visibility, never display: no layout shift) the
 * places CSS can select precisely — `tel:` links whose href holds the number's national digits
 * and elements marked `data-leadbeacon-number` — until the swapping reveals them. The hiding is a
 * CSS animation of `HIDE_MS`: it ends by itself even when no script runs again (the lazy file
 * blocked, the page's scripts broken), so a number is never hidden longer than that; the style
 * itself is removed then too. Text outside such places cannot be selected by CSS and stays
 * visible until it is swapped.
 */

/** The longest a number stays hidden, in ms (the style's animation). */
export const HIDE_MS = 1000;
const ID = 'lb-n-hide';

/**
 * Hides the places that show `business` (E.164) until `revealNumbers`, or `HIDE_MS` at most (the
 * style, the page's own too, is removed then: a place the page adds later is not hidden); never throws.
 */
export function hideNumbers(doc: Document, business: string): void {
  try {
    let s = doc.getElementById(ID);
    if (!s) {
      const d = business.replace(/\D/g, '');
      s = doc.createElement('style');
      s.id = ID;
      // The national digits without a trunk 0 or a country code (of up to 3 digits), in every tel: form.
      s.textContent = `a[href*="${d.slice(-Math.max(7, d.length - 3))}"],[data-leadbeacon-number]{animation:${ID} ${HIDE_MS}ms}@keyframes ${ID}{0%,to{visibility:hidden}}`;
      (doc.head || doc.documentElement).appendChild(s);
    }
    doc.defaultView!.setTimeout(() => revealNumbers(doc), HIDE_MS);
  } catch {
    /* the page keeps showing its number */
  }
}

/** Shows the hidden places again (swapped or not); never throws. */
export function revealNumbers(doc: Document): void {
  try {
    const s = doc.getElementById(ID);
    if (s) s.remove();
  } catch {
    /* the animation ends by itself */
  }
}
