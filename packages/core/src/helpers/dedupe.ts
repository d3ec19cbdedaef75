/**
 * Remembers keys for `windowMs` (for ever without one): `repeat(key)` is true when `key` was
 * seen within the window, and marks it again (so each repeat extends the window); `seen`
 * only looks; `mark` only marks.
 */
export function dedupe(now: () => number, windowMs = Infinity) {
  const marks = new Map<unknown, number>();
  // Never marked: `now - undefined` is NaN, and NaN < anything is false.
  const seen = (key: unknown) => now() - marks.get(key)! < windowMs;
  const mark = (key: unknown) => void marks.set(key, now());
  return {
    seen,
    mark,
    repeat(key: unknown): boolean {
      const again = seen(key);
      mark(key);
      return again;
    },
  };
}

export type Dedupe = ReturnType<typeof dedupe>;

/**
 * `first(key)` is true the first time `key` is seen: once per page view (path and query, so
 * single-page-app navigations start afresh), or with `perPageView: false` once for good (a
 * conversation id).
 */
export function firstPerPageView(ctx: { now(): number; window: Window }): (key: string, perPageView?: boolean) => boolean {
  const keys = dedupe(ctx.now);
  const where = ctx.window.location;
  return (key, perPageView = true) => !keys.repeat(perPageView ? key + ' ' + where.pathname + where.search : key);
}
