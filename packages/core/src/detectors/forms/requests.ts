import type { DetectorContext } from '../../types';

/** Replaces `obj[key]` with `make(original)`; the returned undo restores it only while it is still ours. */
export function patch<T>(obj: T, key: keyof T, make: (orig: never) => unknown): () => void {
  const orig = obj && obj[key];
  if (typeof orig !== 'function') return () => {};
  const mine = make(orig as never) as T[keyof T];
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
 * no-cors answer counts; an accepted beacon counts). The originals are always called with the
 * page's own arguments and their results returned untouched; nothing here throws.
 */
export function watchRequests(ctx: DetectorContext, start: () => Done): () => void {
  const win = ctx.window;
  const endpoint = ctx.config.endpoint;
  let live = true;
  const begin = (url: unknown, method: unknown): Done => {
    const u = String(url);
    if (live && !/^(get|head)$/i.test(String(method || 'get')) && u.indexOf(endpoint) && !NOT_A_FORM.test(u)) return start();
  };
  const xhrs = new WeakMap<XMLHttpRequest, unknown[]>();
  const X = win.XMLHttpRequest && win.XMLHttpRequest.prototype;
  const undo = [
    patch(win, 'fetch', (orig: typeof fetch) => function (this: unknown, ...a: Parameters<typeof fetch>) {
      const r = orig.apply(this, a);
      try {
        const [input, init] = a;
        const done = begin((input as Request).url || input, (init && init.method) || (input as Request).method);
        if (done) r.then((res) => done(res.status < 400), () => done(false));
      } catch {
        /* the page's request goes on regardless */
      }
      return r;
    }),
    patch(X, 'open', (orig: (...a: unknown[]) => void) => function (this: XMLHttpRequest, ...a: unknown[]) {
      try {
        xhrs.set(this, a);
      } catch {
        /* as above */
      }
      return orig.apply(this, a);
    }),
    patch(X, 'send', (orig: (...a: unknown[]) => void) => function (this: XMLHttpRequest, ...a: unknown[]) {
      try {
        const o = xhrs.get(this);
        const done = o && begin(o[1], o[0]);
        if (done) this.addEventListener('loadend', () => done(this.status > 0 && this.status < 400));
      } catch {
        /* as above */
      }
      return orig.apply(this, a);
    }),
    patch(win.navigator, 'sendBeacon', (orig: (...a: unknown[]) => boolean) => function (this: Navigator, ...a: unknown[]) {
      const queued = orig.apply(this, a);
      try {
        const done = queued && begin(a[0], 'POST');
        if (done) done(true);
      } catch {
        /* as above */
      }
      return queued;
    }),
  ];
  return () => {
    live = false;
    undo.forEach((u) => u());
  };
}
