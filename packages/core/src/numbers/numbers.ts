/**
 * Call tracking on the page (issue 23): with the script tag's `data-number-pool` and
 * `data-business-number`, the visitor is shown a number from the collector's pool
 * (`GET /api/number`) in place of the business number. The number is kept in localStorage
 * (`lb_n:<pool>`) with its hold, so other pages and tabs show it at once, without asking; it is
 * asked for again (which keeps it held) on each page and every minute the page is visible. The
 * first answer comes from the main script, which asked while this file loaded (early.ts).
 * The places hidden meanwhile (hide.ts) are shown again as soon as the number is known: swapped,
 * the visitor not matched by the pool, the collector unreachable or answering an error, or no
 * visit to ask for (storage not consented) — the page then keeps its own number.
 */
import type { NumberAnswer, NumberSwapOptions, StoredNumber } from '../outside';
import type { DetectorContext, Features, Teardown } from '../types';
import { swapUnder, watchPage } from './swap';

const HEARTBEAT_MS = 60_000;
const RETRY_MS = 400;
const KEY = (pool: string) => `lb_n:${pool}`;

function heldNumber(w: Window, pool: string): StoredNumber | undefined {
  try {
    return JSON.parse(w.localStorage.getItem(KEY(pool)) || 'null') || undefined;
  } catch {
    return undefined;
  }
}

function swapNumbers(ctx: DetectorContext, o: NumberSwapOptions): Teardown {
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
  const held = heldNumber(w, o.pool);
  // A held number (the business number too, for a visitor the pool does not match) is shown at
  // once: nothing left to hide (an answer naming another number swaps it in place).
  if (held && typeof held.n === 'string' && held.u > ctx.now()) {
    show(held.n);
    o.reveal();
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
      o.reveal();
    }
  });
  const ask = (asked?: Promise<NumberAnswer | undefined>) => {
    if (!live) return;
    const answer = asked || o.ask();
    if (!answer) {
      if (++tries < 5) timer = ctx.setTimeout(ask, RETRY_MS);
      return;
    }
    answer.then(answered, o.reveal);
    timer = ctx.setTimeout(beat, HEARTBEAT_MS);
  };
  const beat = () => (doc.visibilityState === 'hidden' ? (timer = ctx.setTimeout(beat, HEARTBEAT_MS)) : ask());
  ask(o.first);
  return () => {
    live = false;
    ctx.clearTimeout(timer);
    unwatch();
    o.reveal();
  };
}

/** The swapping the main script hands the pool, the business number and its pending first answer to (early.ts). */
export const numbers: Features['numbers'] = { swap: swapNumbers };
