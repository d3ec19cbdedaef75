import type { DetectorContext } from '../../types';

type After = ((result: never) => void) | void;

/**
 * Wraps the method `obj[key]`: `see(this, args)` runs before each call and may return a function
 * that gets the call's result. The original always runs with the page's own arguments and its
 * result is returned untouched; nothing `see` throws reaches the page. The returned undo restores
 * the original only while the wrapper is still ours.
 */
export function spy<T>(obj: T, key: keyof T, see: (self: never, args: never) => After): () => void {
  const orig = obj && obj[key];
  if (typeof orig !== 'function') return () => {};
  const mine = function (this: unknown, ...a: unknown[]) {
    let after: After | undefined;
    try {
      after = see(this as never, a as never);
    } catch {
      /* the page's call goes on regardless */
    }
    const r = orig.apply(this, a);
    try {
      if (after) after(r as never);
    } catch {
      /* as above */
    }
    return r;
  } as T[keyof T];
  obj[key] = mine;
  return () => {
    if (obj[key] === mine) obj[key] = orig;
  };
}

/**
 * Analytics, ad pixels, session replay, error reporting and HubSpot's collected forms: they post
 * around a submission (often because of it, even when it failed), so they are no evidence.
 */
const NOT_A_FORM =
  /google(-analytics|tagmanager|adservices)|analytics\.google|doubleclick|\/g\/collect|facebook\.|linkedin|tiktok|clarity\.ms|hotjar|bing\.com|sentry|datadog|nr-data|segment\.(io|com)|mixpanel|amplitude|posthog|plausible|yandex|hscollectedforms/i;

type Done = ((ok: boolean) => void) | void;

/**
 * Calls `start` when the page starts a request that may carry a form: `fetch`, XMLHttpRequest
 * or `sendBeacon`, not GET or HEAD, not to the tracker's own endpoint nor to a known analytics
 * host. What `start` returns learns whether the request succeeded (status below 400; an opaque
 * no-cors answer counts; an accepted beacon counts).
 */
export function watchRequests(ctx: DetectorContext, start: () => Done): () => void {
  const win = ctx.window;
  const endpoint = ctx.config.endpoint;
  let live = true;
  const begin = (url: unknown, method: unknown): Done => {
    const u = String(url);
    if (live && !/^(get|head)$/i.test(String(method || 'get')) && u.indexOf(endpoint) && !NOT_A_FORM.test(u)) return start();
  };
  /** The arguments of each request's `open`: its method and URL. */
  const opened = new WeakMap<XMLHttpRequest, unknown[]>();
  const X = win.XMLHttpRequest && win.XMLHttpRequest.prototype;
  const undo = [
    spy(win, 'fetch', (_: unknown, [input, init]: Parameters<typeof fetch>) => (r: Promise<Response>) => {
      const done = begin((input as Request).url || input, (init && init.method) || (input as Request).method);
      if (done) r.then((res) => done(res.status < 400), () => done(false));
    }),
    spy(X, 'open', (x: XMLHttpRequest, a: unknown[]) => {
      opened.set(x, a);
    }),
    // Before the original: a synchronous request is over when `send` returns.
    spy(X, 'send', (x: XMLHttpRequest) => {
      const o = opened.get(x);
      const done = o && begin(o[1], o[0]);
      if (done) x.addEventListener('loadend', () => done(x.status > 0 && x.status < 400));
    }),
    spy(win.navigator, 'sendBeacon', (_: unknown, a: unknown[]) => (queued: boolean) => {
      const done = queued && begin(a[0], 'POST');
      if (done) done(true);
    }),
  ];
  return () => {
    live = false;
    undo.forEach((u) => u());
  };
}
