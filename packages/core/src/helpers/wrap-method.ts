/** Runs before the page's call; may return what runs with the call's result. */
export type Before = (self: never, args: never) => ((result: never) => void) | void;

type Fn = (...args: unknown[]) => unknown;

/**
 * The function that stands in for a page's function: `before(this, args)` first (it may return
 * what gets the result), then `target()` — the page's own function at call time — with the
 * page's `this` and arguments, its result returned untouched. Nothing `before` throws reaches
 * the page. `once`: a call made from inside the page's function back into this one (a site
 * that wraps what it reads) returns at once instead of going round for ever.
 */
function standIn(target: () => unknown, before: Before, once?: boolean) {
  let live = true;
  let inside = false;
  const fn = function (this: unknown, ...args: unknown[]) {
    if (once && inside) return undefined;
    inside = true;
    try {
      let after: ((result: never) => void) | void = undefined;
      try {
        if (live) after = before(this as never, args as never);
      } catch {
        /* the page's call goes on regardless */
      }
      const page = target();
      const result = typeof page === 'function' ? (page as Fn).apply(this, args) : undefined;
      try {
        if (after) after(result as never);
      } catch {
        /* as above */
      }
      return result;
    } finally {
      inside = false;
    }
  };
  return { fn, off: () => void (live = false) };
}

/**
 * Wraps the page method `obj[key]` (fetch, XMLHttpRequest's open/send, sendBeacon,
 * form.submit, history.pushState, a gtag dataLayer's push). The returned undo restores the
 * original while the wrapper is still there; when someone has wrapped ours since, ours stays
 * in their chain, switched off.
 */
export function wrapMethod<T extends object>(obj: T | null | undefined, key: keyof T, before: Before): () => void {
  const original = obj && obj[key];
  if (!obj || typeof original !== 'function') return () => {};
  const wrapper = standIn(() => original, before);
  obj[key] = wrapper.fn as T[keyof T];
  return () => {
    wrapper.off();
    if (obj[key] === wrapper.fn) obj[key] = original;
  };
}

/**
 * Wraps a callback property the site may assign before or after us (Tawk.to's
 * `onChatStarted`): reading it gives our stand-in, which runs the site's current callback;
 * assigning it replaces only the site's callback. The undo puts the site's callback back as a
 * plain property.
 */
export function wrapCallbackProperty(obj: Record<string, unknown>, key: string, before: Before): () => void {
  let site = obj[key];
  const wrapper = standIn(() => site, before, true);
  const get = () => wrapper.fn;
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get,
    set: (fn) => (site = fn === wrapper.fn ? site : fn),
  });
  return () => {
    wrapper.off();
    const d = Object.getOwnPropertyDescriptor(obj, key);
    if (d && d.get === get) {
      delete obj[key];
      obj[key] = site;
    }
  };
}
