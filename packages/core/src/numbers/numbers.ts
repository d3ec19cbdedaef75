/**
 * Call tracking on the page (issue 23): with the script tag's `data-number-pool` and
 * `data-business-number`, the visitor is shown a number from the collector's pool
 * (`GET /api/number`) in place of the business number. The number is kept in localStorage
 * (`lb_n:<pool>`) with its hold, so other pages and tabs show it at once, without asking; it is
 * asked for again (which keeps it held) on each page and every minute the page is visible.
 * The visit's ids and last touch are read from the tracker's stored state: without it (storage
 * not consented) nothing is asked and the page keeps its number; so it does when the collector
 * cannot be reached.
 */
import type { LeadbeaconConfig } from '../detectors/defaults';
import type { NumberAnswer, StoredNumber } from '../outside';
import type { Detector, DetectorContext, Teardown } from '../types';
import { swapUnder, watchPage } from './swap';

interface NumberOptions {
  pool: string;
  businessNumber: string;
}

const HEARTBEAT_MS = 60_000;
const RETRY_MS = 400;
const KEY = (pool: string) => `lb_n:${pool}`;

function readJson<T>(w: Window, key: string): T | undefined {
  try {
    const raw = w.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The last touch's facts on `q`: UTM tags, click ids (with ads consent), referrer, landing page. */
function addFacts(q: URLSearchParams, l: Record<string, unknown>, ads: boolean): void {
  // Version 2 keeps the landing's UTM tags in `utm`; a touch named in the browser has them as fields.
  const utm = (l.utm || l) as Record<string, unknown>;
  for (const k of ['source', 'medium', 'campaign', 'term', 'content', 'id']) {
    const v = utm[k];
    if (typeof v === 'string' && v) q.set(`utm_${k}`, v);
  }
  if (ads) for (const [k, v] of Object.entries((l.clickIds || {}) as Record<string, unknown>)) if (typeof v === 'string') q.set(k, v);
  if (typeof l.referrer === 'string') q.set('referrer', l.referrer);
  if (typeof l.landingPage === 'string') q.set('landing', l.landingPage);
}

/** The query naming the visit and its last touch's facts (UTM tags, click ids with ads consent, referrer). */
function visitQuery(w: Window, pool: string, ads: boolean): string | undefined {
  const st = readJson<{ a?: string; s?: string; l?: Record<string, unknown> }>(w, 'lb');
  if (!st || typeof st.a !== 'string' || typeof st.s !== 'string') return undefined;
  // Names set as strings: the build shortens property names the tracker declares.
  const q = new URLSearchParams();
  q.set('visitor', st.a);
  q.set('session', st.s);
  q.set('pool', pool);
  q.set('ads', ads ? 'granted' : 'denied');
  addFacts(q, st.l || {}, ads);
  return q.toString();
}

/** Ads consent as the config gives it at the start: granted unless it says otherwise. */
function adsGranted(consent: unknown): boolean {
  if (consent === undefined || consent === 'granted') return true;
  return typeof consent === 'object' && consent !== null && (consent as { ads?: string }).ads === 'granted';
}

function swapNumbers(ctx: DetectorContext, o: NumberOptions): Teardown {
  const w = ctx.window;
  const doc = w.document;
  let shown: string | undefined;
  const from = () => [o.businessNumber, ...(shown && shown !== o.businessNumber ? [shown] : [])];
  const show = (n: string) => {
    if (n === shown || (!shown && n === o.businessNumber)) return;
    const before = from();
    shown = n;
    if (doc.body) swapUnder(doc.body, before, n);
  };
  const held = readJson<StoredNumber>(w, KEY(o.pool));
  if (held && typeof held.n === 'string' && held.u > ctx.now()) show(held.n);
  const unwatch = watchPage(doc, () => (shown ? { from: [o.businessNumber], next: shown } : undefined));
  const base = new URL(ctx.config.endpoint, w.location.href).origin;
  let timer: unknown;
  let tries = 0;
  let live = true;
  const ask = () => {
    if (!live) return;
    const query = visitQuery(w, o.pool, adsGranted(ctx.config.consent));
    if (!query) {
      if (++tries < 5) timer = ctx.setTimeout(ask, RETRY_MS);
      return;
    }
    fetch(`${base}/api/number?${query}`, { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : undefined))
      .then(
        ctx.guard((a: NumberAnswer | undefined) => {
          if (!live || !a || typeof a.number !== 'string' || typeof a.until !== 'string') return;
          try {
            w.localStorage.setItem(KEY(o.pool), JSON.stringify({ n: a.number, u: Date.parse(a.until) } satisfies StoredNumber));
          } catch {
            /* not kept: this page still shows it */
          }
          show(a.number);
        }),
        () => {},
      );
    timer = ctx.setTimeout(beat, HEARTBEAT_MS);
  };
  const beat = () => (doc.visibilityState === 'hidden' ? (timer = ctx.setTimeout(beat, HEARTBEAT_MS)) : ask());
  ask();
  return () => {
    live = false;
    ctx.clearTimeout(timer);
    unwatch();
  };
}

/** The detector the script tag loads with `data-number-pool` and `data-business-number` (both read from the config). */
export const numbers: Detector = {
  name: 'numbers',
  setup(ctx) {
    const c = ctx.config as LeadbeaconConfig;
    return c.numberPool && c.businessNumber ? swapNumbers(ctx, { pool: c.numberPool, businessNumber: c.businessNumber }) : undefined;
  },
};
