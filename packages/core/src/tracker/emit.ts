import { isLeadType, type LeadQuality } from '@leadbeacon/wire';
import type { ResolvedConfig } from '../config';
import type { EmitInput } from '../types';
import type { Consent } from './consent';
import { valueOf, type Captured } from './events';
import type { Recorder } from './recorder';
import type { Scheduler } from './scheduler';

export interface EmitOptions {
  cfg: ResolvedConfig;
  consent: Consent;
  scheduler: Scheduler;
  recorder: Recorder;
  live(): boolean;
  /** The page's referrer as events carry it: the document's, then after each SPA navigation the previous page. */
  page: { referrer: string };
  /** [quality] How a lead was made (quality/signals.ts). */
  quality?: (input: EmitInput) => LeadQuality;
}

/**
 * The detectors' `emit`: captures an action with the page, time and value of now (or of the
 * deferred work it runs in), to be built a task later; an action whose page is leaving is built
 * and handed to a beacon at once.
 */
export function createEmit({ cfg, consent, scheduler, recorder, live, page, quality }: EmitOptions) {
  let lastView: string | undefined;
  return (given: EmitInput) => {
    if (!live() || consent.denies('analytics')) return;
    // Its own fields only: a page that added `value` or `once` to Object.prototype sets neither.
    const input: EmitInput = Object.assign(Object.create(null), given);
    const stamp = input.at || scheduler.stamp();
    const c: Captured = Object.assign(Object.create(null), { input, stamp }, valueOf(input, cfg.values, cfg.currency));
    if (quality && isLeadType(input.type)) c.quality = quality(input); // [quality] the lead's signals, at the moment it happened
    if (input.type === 'page_view') {
      if (lastView !== undefined) page.referrer = lastView;
      c.awaitsTitle = lastView !== undefined;
      lastView = stamp.url;
      stamp.referrer = page.referrer;
    }
    if (!input.leaving) return scheduler.capture(c);
    // The page is leaving now (a native form post): stored and handed to a beacon before it goes.
    scheduler.drain();
    recorder.settle(c);
  };
}
