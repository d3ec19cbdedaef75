/**
 * The page's anti-flicker head style for call tracking (collector README, "No flash of the wrong
 * number"): a `<style id="lb-n-hide">` the site puts in its own `<head>` hides (visibility, never
 * display: no layout shift) the `tel:` links with the business number and the elements marked
 * `data-leadbeacon-number` from the first paint on, by a CSS animation of `HIDE_MS` that ends by
 * itself even when no script ever runs. The swapping adopts that style and removes it as soon as
 * the number is known (swapped or not), and at the limit at the latest, so a place the page adds
 * later is not hidden. It never adds the style itself: hiding a number already painted would make
 * it disappear and come back, a worse flash than the swap.
 */

/** The longest a number stays hidden, in ms (the head style's animation). */
export const HIDE_MS = 1000;
const ID = 'lb-n-hide';

/** Shows the hidden places again (swapped or not); never throws. */
export function revealNumbers(doc: Document): void {
  try {
    const s = doc.getElementById(ID);
    if (s) s.remove();
  } catch {
    /* the animation ends by itself */
  }
}

/**
 * Adopts the page's head style, if it has one: it is removed `HIDE_MS` after the page started at
 * the latest (the animation's end); true when there is one to reveal. Never throws.
 */
export function adoptHiding(w: Window): boolean {
  try {
    if (!w.document.getElementById(ID)) return false;
    w.setTimeout(() => revealNumbers(w.document), Math.max(0, HIDE_MS - w.performance.now()));
    return true;
  } catch {
    return false;
  }
}
