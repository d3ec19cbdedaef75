/**
 * Asking the collector for the visit's number (`GET /api/number`), in the lazy file: the query
 * that names the visit and its last touch, read from the tracker's stored state, and the request
 * itself (a promise that never rejects).
 */
import type { NumberAnswer } from '../outside';
import type { DetectorContext } from '../types';

/** A JSON value the tracker stored in localStorage; undefined when absent, unreadable or not allowed. */
export function readJson<T>(w: Window, key: string): T | undefined {
  try {
    const raw = w.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Ads consent as the config gives it at the start: granted unless it says otherwise. */
function adsGranted(consent: unknown): boolean {
  return consent === undefined || consent === 'granted' || (!!consent && (consent as { ads?: unknown }).ads === 'granted');
}

/**
 * The query naming the visit and its last touch's facts (UTM tags, click ids with ads consent,
 * referrer, landing page); undefined without the visit's ids (storage not consented).
 */
function visitQuery(ctx: DetectorContext, pool: string): string | undefined {
  const st = readJson<{ a?: unknown; s?: unknown; l?: Record<string, unknown> }>(ctx.window, 'lb');
  if (!st || typeof st.a !== 'string' || typeof st.s !== 'string') return undefined;
  const ads = adsGranted(ctx.config.consent);
  const l = st.l || {};
  // Version 2 keeps the landing's UTM tags in `utm`; a touch named in the browser has them as fields.
  const utm = (l.utm || l) as Record<string, unknown>;
  // Names as strings: the build shortens property names the tracker declares.
  const facts: [string, unknown][] = [
    ['visitor', st.a],
    ['session', st.s],
    ['pool', pool],
    ['ads', ads ? 'granted' : 'denied'],
    ['referrer', l.referrer],
    ['landing', l.landingPage],
    ...['source', 'medium', 'campaign', 'term', 'content', 'id'].map((k): [string, unknown] => [`utm_${k}`, utm[k]]),
    ...(ads ? Object.entries((l.clickIds || {}) as object) : []),
  ];
  const q = new URLSearchParams();
  for (const [k, v] of facts) if (typeof v === 'string' && v) q.set(k, v);
  return q.toString();
}

/**
 * Asks for the visit's number: the collector's answer, or undefined when it cannot be reached or
 * answers an error (the promise never rejects). Undefined at once without the visit's ids.
 */
export function askNumber(ctx: DetectorContext, pool: string): Promise<NumberAnswer | undefined> | undefined {
  const query = visitQuery(ctx, pool);
  if (!query) return undefined;
  try {
    const base = new URL(ctx.config.endpoint, ctx.window.location.href).origin;
    return fetch(`${base}/api/number?${query}`, { credentials: 'omit' })
      .then((r) => (r.ok ? (r.json() as Promise<NumberAnswer>) : undefined))
      .catch(() => undefined);
  } catch {
    return Promise.resolve(undefined);
  }
}
