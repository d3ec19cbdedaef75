/**
 * Call tracking on the page (issue 23), the lazy file leadbeacon-numbers.min.js: with the script
 * tag's `data-number-pool` and `data-business-number`, the visitor is shown a number from the
 * collector's pool (`GET /api/number`, lease.ts) in place of the business number. The number is
 * kept in localStorage (`lb_n:<pool>`) with its hold, so later pages and other tabs show it as
 * soon as this file runs, without waiting; it is asked for again (which keeps it held) on each
 * page and every minute the page is visible. On a visit's first page the tracker stores the
 * visit's ids a task or two after it starts: asked again until they are there (not at all when
 * the config denies storage). The places the page's head style hides (hide.ts) are shown as soon
 * as the number is known: swapped, the visitor not matched by the pool, the collector unreachable
 * or answering an error, or no visit to ask for — the page then keeps its own number.
 */
import type { LeadbeaconConfig } from '../detectors/defaults';
import type { NumberAnswer, StoredNumber } from '../outside';
import type { Detector, DetectorContext, Teardown } from '../types';
import { adoptHiding, revealNumbers } from './hide';
import { askNumber, readJson } from './lease';
import { swapUnder, watchPage } from './swap';

interface NumberOptions {
  pool: string;
  businessNumber: string;
}

const HEARTBEAT_MS = 60_000;
const RETRY_MS = 400;
const KEY = (pool: string) => `lb_n:${pool}`;

/** Storage denied by the config at the start: the visit has no ids to ask with. */
function storageDenied(consent: unknown): boolean {
  return consent === 'denied' || (!!consent && (consent as { analytics?: unknown }).analytics === 'denied');
}

function swapNumbers(ctx: DetectorContext, o: NumberOptions): Teardown {
  const w = ctx.window;
  const doc = w.document;
  adoptHiding(w);
  const reveal = () => revealNumbers(doc);
  let shown: string | undefined;
  const from = () => [o.businessNumber, ...(shown && shown !== o.businessNumber ? [shown] : [])];
  const show = (n: string) => {
    if (n === shown || (!shown && n === o.businessNumber)) return;
    const before = from();
    shown = n;
    if (doc.body) swapUnder(doc.body, before, n);
  };
  const held = readJson<StoredNumber>(w, KEY(o.pool));
  // A held number (the business number too, for a visitor the pool does not match) is shown at
  // once: nothing left to hide (an answer naming another number swaps it in place).
  if (held && typeof held.n === 'string' && held.u > ctx.now()) {
    show(held.n);
    reveal();
  }
  const unwatch = watchPage(doc, () => (shown ? { from: [o.businessNumber], next: shown } : undefined));
  let timer: unknown;
  let tries = 0;
  let live = true;
  const answered = ctx.guard((a: NumberAnswer | undefined) => {
    try {
      if (!live || !a || typeof a.number !== 'string' || typeof a.until !== 'string') return;
      try {
        w.localStorage.setItem(KEY(o.pool), JSON.stringify({ n: a.number, u: Date.parse(a.until) } satisfies StoredNumber));
      } catch {
        /* not kept: this page still shows it */
      }
      show(a.number);
    } finally {
      reveal();
    }
  });
  const denied = storageDenied(ctx.config.consent);
  const ask = () => {
    if (!live) return;
    const answer = denied ? undefined : askNumber(ctx, o.pool);
    if (!answer) {
      // No ids: none to wait for (storage denied) or not stored yet (a first page: asked again
      // twice a task later, then every RETRY_MS); the page's own number is shown on giving up.
      if (denied || ++tries > 4) reveal();
      else timer = ctx.setTimeout(ask, tries < 3 ? 0 : RETRY_MS);
      return;
    }
    answer.then(answered, reveal);
    timer = ctx.setTimeout(beat, HEARTBEAT_MS);
  };
  const beat = () => (doc.visibilityState === 'hidden' ? (timer = ctx.setTimeout(beat, HEARTBEAT_MS)) : ask());
  ask();
  return () => {
    live = false;
    ctx.clearTimeout(timer);
    unwatch();
    reveal();
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
