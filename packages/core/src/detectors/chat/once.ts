/**
 * `first(key)` is true the first time `key` is seen: with a conversation id as the key, once
 * per conversation; otherwise `pageView: true` makes it once per page view (path and query,
 * so single-page-app navigations start afresh).
 */
export function once(w: Window): (key: string, pageView?: boolean) => boolean {
  const seen = new Set<string>();
  return (key, pageView = true) => {
    if (pageView) key += ' ' + w.location.pathname + w.location.search;
    return !seen.has(key) && !!seen.add(key);
  };
}
