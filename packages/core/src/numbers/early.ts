/**
 * Call tracking's part in the main script (`numberPool` + `businessNumber`): as soon as the
 * detectors start, it hides the places that show the business number and asks the collector for
 * the visit's number while the swapping (leadbeacon-numbers.min.js, a chunk with npm) loads, then
 * hands the pending answer to it. When the swapping cannot load, the places are shown again.
 */
import type { NumberAnswer, NumberSwapOptions } from '../outside';
import type { Detector, DetectorContext } from '../types';
import { hideNumbers, revealNumbers } from './hide';
import { askNumber } from './lease';

/**
 * The first answer, asked for at once, or a task or two later on a visit's first page (the
 * tracker stores the visit's ids a few tasks after it starts; later while the page's title is
 * awaited): undefined without an answer, or without the ids (at once when the config denies
 * storage, else after 5 tries).
 */
function firstAnswer(ctx: DetectorContext, ask: NumberSwapOptions['ask']): Promise<NumberAnswer | undefined> {
  const c = ctx.config.consent as unknown;
  const denied = c === 'denied' || (!!c && (c as { analytics?: unknown }).analytics === 'denied');
  return new Promise((done) => {
    let tries = 0;
    const go = () => {
      const answer = denied ? undefined : ask();
      if (answer || denied || ++tries > 4) done(answer);
      else ctx.setTimeout(go, tries < 3 ? 0 : 400);
    };
    go();
  });
}

/** The detector for `pool`, whose numbers are shown in place of `businessNumber`. */
export function numberSwapping(pool: string, businessNumber: string): Detector {
  return {
    name: 'numbers',
    setup(ctx) {
      const doc = ctx.window.document;
      hideNumbers(doc, businessNumber);
      let live = true;
      const ask = () => askNumber(ctx, pool);
      const reveal = () => revealNumbers(doc);
      // Torn down meanwhile: not asked.
      const first = firstAnswer(ctx, () => (live ? ask() : undefined));
      // No number to show (no visit to ask for, the collector unreachable or not matching the
      // visitor): the page's own number, shown at once, while the swapping may still be loading.
      void first.then((a) => (!a || a.number === businessNumber) && reveal());
      let off: (() => void) | void;
      ctx.load(
        'numbers',
        (f) => {
          if (live) off = f.swap(ctx, { pool, businessNumber, first, ask, reveal });
        },
        reveal,
      );
      return () => {
        live = false;
        if (off) off();
        reveal();
      };
    },
  };
}
