import { wrapMethod } from '../../helpers/wrap-method';
import type { DetectorContext } from '../../types';
import { runAll } from '../../util';
import type { Framework } from './answers';
import { answerSaysSent } from './plugin-answers';
import type { RequestOutcome } from './submissions';

/**
 * Analytics, ad pixels, session replay, error reporting and HubSpot's collected forms: they post
 * around a submission (often because of it, even when it failed), so they are no evidence. Also
 * the paths on the site's own origin that monitoring is commonly sent through: Sentry's `tunnel`
 * (`/monitoring`, `/tunnel`), Datadog's `proxy` (`?ddforward=`), RUM beacons (`/rum`,
 * Cloudflare's `/cdn-cgi/rum`).
 */
const NOT_A_FORM =
  /google(-analytics|tagmanager|adservices)|analytics\.google|doubleclick|\/g\/collect|facebook\.|linkedin|tiktok|clarity\.ms|hotjar|bing\.com|sentry|datadog|nr-data|segment\.(io|com)|mixpanel|amplitude|posthog|plausible|yandex|hscollectedforms|ddforward|\/(monitoring|tunnel|rum)(\/|\?|$)/i;
/**
 * A monitoring tool's body, wherever it is sent: a Sentry envelope's header line
 * (`{"event_id":…` or `{"sent_at":…`), Datadog RUM's events (`{"_dd":…`).
 */
const MONITORING_BODY = /^\{"(event_id|sent_at|_dd)":/;

type Outcome = RequestOutcome | void;

/** The form framework a fetch belongs to, by what it sends: its answer says more than its status. */
function frameworkOf(url: string, input: RequestInfo | URL, init?: RequestInit): Framework | undefined {
  let h: Headers;
  try {
    h = new Headers((init && init.headers) || (input as Request).headers);
  } catch {
    return undefined; // headers fetch itself will refuse
  }
  return h.has('x-sveltekit-action')
    ? 'sveltekit'
    : h.has('next-action')
      ? 'next'
      : /\.data(\?|$)|[?&]_data=/.test(url)
        ? 'router'
        : undefined;
}

/**
 * Learns from a fetch's answer whether it succeeded: status below 400 (an opaque no-cors answer
 * counts), and for a form framework's action or a form plugin's request what its answer says
 * (read from a copy): a framework's once the lazy file that reads them has come (if it cannot
 * come, as a plugin's is read), a plugin's at once.
 */
function judgeFetch(ctx: DetectorContext, done: RequestOutcome, framework?: Framework) {
  return (r: Promise<Response>) =>
    void r.then(
      (res) => {
        if (res.status > 399 || !(framework || done.readAnswer)) return done(res.status < 400);
        res
          .clone()
          .text()
          .then(
            (text) =>
              framework
                ? ctx.load(
                    'plugins',
                    (p) => done(p.answerOk(framework, text)),
                    () => done(answerSaysSent(text)),
                  )
                : done(answerSaysSent(text)),
            () => done(true),
          );
      },
      () => done(false),
    );
}

/** An XMLHttpRequest's answer as text; empty when it was asked for as JSON, a blob… (then it counts by its status). */
function xhrText(x: XMLHttpRequest): string {
  return !x.responseType || x.responseType === 'text' ? x.responseText : '';
}

/**
 * Evidence from requests: calls `start` when the page starts a request that may carry a form —
 * `fetch`, XMLHttpRequest or `sendBeacon`, not GET or HEAD, not to the tracker's own endpoint,
 * nor to a known analytics or monitoring host or path, nor with a monitoring tool's body. What
 * `start` returns learns whether it succeeded (status below 400; an opaque no-cors answer counts;
 * an accepted beacon counts; a plugin form's answer must say so). Returns the undo.
 */
export function watchRequests(ctx: DetectorContext, start: () => Outcome): () => void {
  const win = ctx.window;
  const endpoint = ctx.config.endpoint;
  const begin = (url: unknown, method: unknown, body: unknown): Outcome => {
    const u = String(url);
    if (/^(get|head)$/i.test(String(method || 'get')) || !u.indexOf(endpoint) || NOT_A_FORM.test(u)) return;
    if (!(typeof body === 'string' && MONITORING_BODY.test(body))) return start();
  };
  /** The arguments of each request's `open`: its method and URL. */
  const opened = new WeakMap<XMLHttpRequest, unknown[]>();
  const xhr = win.XMLHttpRequest && win.XMLHttpRequest.prototype;
  const undo = [
    wrapMethod(win, 'fetch', (_: unknown, [input, init]: Parameters<typeof fetch>) => {
      const url = String((input as Request).url || input);
      const done = begin(url, (init && init.method) || (input as Request).method, init && init.body);
      if (!done) return undefined;
      const framework = frameworkOf(url, input, init);
      // Fetched while the request is out, so that its answer is read as soon as it comes.
      if (framework) ctx.load('plugins', () => {});
      return judgeFetch(ctx, done, framework);
    }),
    wrapMethod(xhr, 'open', (x: XMLHttpRequest, args: unknown[]) => void opened.set(x, args)),
    // Before the original: a synchronous request is over when `send` returns.
    wrapMethod(xhr, 'send', (x: XMLHttpRequest, [body]: unknown[]) => {
      const o = opened.get(x);
      const [method, url] = o || [];
      const done = o && begin(url, method, body);
      if (done)
        x.addEventListener('loadend', () => done(x.status > 0 && x.status < 400 && (!done.readAnswer || answerSaysSent(xhrText(x)))));
    }),
    wrapMethod(win.navigator, 'sendBeacon', (_: unknown, [url, body]: unknown[]) => (queued: boolean) => {
      const done = queued && begin(url, 'POST', body);
      if (done) done(true);
    }),
  ];
  return () => runAll(undo);
}
