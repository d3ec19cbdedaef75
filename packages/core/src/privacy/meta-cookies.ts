/**
 * Meta Pixel's first-party cookies, `_fbp` (the browser) and `_fbc` (the last ad click), as the
 * Pixel set them: facts the collector sends to Meta's Conversions API as `fbp` and `fbc`, so Meta
 * can match a lead to the person who clicked its ad. Read when a lead is recorded; absent without
 * the Pixel. They are ad identifiers: the consent controller strips them as it strips hashes.
 */
export function metaCookies(win: Window): { fbp?: string; fbc?: string } {
  const found: Record<string, string> = {};
  try {
    win.document.cookie.replace(/(?:^|; )_(fb[pc])=(fb\.\d\.\d+\.[^;\s]+)/g, (_, name: string, value: string) => (found[name] = value));
  } catch {
    // Sandboxed frames and blocked cookies throw on reading: no cookies, then.
  }
  return found;
}
