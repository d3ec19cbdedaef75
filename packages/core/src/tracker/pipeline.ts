/**
 * The lead's path, in the order it runs, and the one owner of its state:
 *   capture  an action is noted with the page and time of now (the site's handler pays only for that);
 *   build    a task later its event is built (events.ts) with the visitor's ids and touches;
 *   consent  ad identifiers are stripped as consent says (consent.ts), the event fitted to the wire (check.ts);
 *   queue    it is stored in this tab's persisted queue (outbox.ts, queue/);
 *   send     a lead at once, anything else within the batch delay (queue/delivery.ts, transport/).
 * Start-up is the same path in three short tasks: the first read of storage; the landing's touch with the events built and queued; the first send.
 */
import type { ResolvedConfig } from '../config';
import type { Loader } from '../features/features';
import { STATE_KEY } from '../identity/visitor';
import type { Delivery } from '../queue/delivery';
import type { Runtime } from '../runtime';
import { createStore, type Store } from '../storage';
import type { EmitInput, Logger } from '../types';
import { guarded, uid } from '../util';
import { metaCookies } from '../privacy/meta-cookies';
import { EVENT_FAILED, QUEUE_FULL, warn } from '../warnings';
import { fitToWire } from './check';
import { createConsent, type Consent } from './consent';
import { createVisit, type Visit } from './landing';
import { buildEvent, isLead, valueOf, type Captured, type Stamp } from './events';
import { createOutbox, forwardLead } from './outbox';
import { titleWait, TITLE_CHECK_MS, type TitleWait } from './titles';

export interface PipelineOptions {
  cfg: ResolvedConfig;
  rt: Runtime;
  log: Logger;
  /** The URL this page landed on. */
  landing: string;
  /** Where optional features come from (forwarding, the Segment format, the channel add-on). */
  loader: Loader;
  /** How a lead was made (quality/signals.ts), taken the moment it happens. */
  quality?: (input: EmitInput) => Captured['quality'];
}

/**
 * The path's state: actions captured (`buffer`) and detector work put off by `later` with the page as it was then
 * (`deferred`; `current` while it runs), built at the next drain; this page's visit (landing.ts); this tab's
 * outbox (made on first use); the referrer events carry (the document's, after an SPA navigation the previous page).
 */
interface State extends PipelineOptions {
  consent: Consent;
  store: Store;
  buffer: Captured[];
  deferred: [() => void, Stamp][];
  current?: Stamp;
  timer?: unknown;
  recheck?: unknown;
  firstDrain: boolean;
  titles: TitleWait;
  visit: Visit;
  outbox?: Delivery;
  referrer: string;
  lastView?: string;
  destroyed: boolean;
}

/** The page and time of now. */
function here({ rt, referrer }: State): Stamp {
  const { location, document } = rt.window;
  return { now: rt.now(), url: location.href, path: location.pathname, title: document.title, referrer };
}

// ---- capture -------------------------------------------------------------------------------
/**
 * The detectors' and commands' `emit`: the action with the page, time and value of now (or of
 * the deferred work it runs in), built a task later; an action whose page is leaving (a native
 * form post) is built, stored and handed to a beacon at once.
 */
function capture(p: State, given: EmitInput) {
  if (p.destroyed || p.consent.denies('analytics')) return;
  // Its own fields only: a page that added `value` or `once` to Object.prototype sets neither.
  const input: EmitInput = Object.assign(Object.create(null), given);
  const stamp = input.at || p.current || here(p);
  const c: Captured = Object.assign(Object.create(null), { input, stamp }, valueOf(input, p.cfg.values, p.cfg.currency));
  if (p.quality && isLead(c)) c.quality = p.quality(input);
  if (input.type === 'page_view') {
    if (p.lastView !== undefined) p.referrer = p.lastView;
    c.awaitsTitle = p.lastView !== undefined;
    p.lastView = stamp.url;
    stamp.referrer = p.referrer;
  }
  if (input.leaving) {
    drain(p);
    settle(p, c);
    return;
  }
  if (c.awaitsTitle) p.titles.navigated(p.buffer);
  p.buffer.push(c);
  soon(p);
}

const soon = (p: State) => {
  if (p.timer === undefined) p.timer = p.rt.setTimeout(() => tick(p), 0);
};

/** A task later: one start-up step, else the drain. */
const tick = (p: State) =>
  guarded(p.log, () => {
    p.timer = undefined;
    if (p.visit.step()) return soon(p);
    drain(p, p.firstDrain, false);
  })();

// ---- build, consent, queue -----------------------------------------------------------------
/** Builds and queues what waits, then has it sent (`split`: the send a task later; `force`: no page view waits for its title). */
function drain(p: State, split = false, force = true) {
  if (p.timer !== undefined) p.rt.clearTimeout(p.timer);
  p.timer = undefined;
  for (const [fn, stamp] of p.deferred.splice(0)) {
    p.current = stamp;
    guarded(p.log, fn)();
    p.current = undefined;
  }
  const items = p.buffer;
  p.buffer = [];
  let batched = false;
  p.titles.afresh();
  // A lead takes the page views waiting for a title with it (the title has had its chance by then).
  force = force || items.some(isLead);
  for (const c of items) {
    if (p.titles.waits(c, force)) p.buffer.push(c);
    else batched = !settle(p, c) || batched;
  }
  if (p.titles.held() && p.recheck === undefined) p.recheck = p.rt.setTimeout(() => ((p.recheck = undefined), tick(p)), TITLE_CHECK_MS);
  if (items.length === p.buffer.length) return;
  // The first send after start-up comes a task after its events (start-up stays in short tasks).
  p.firstDrain = false;
  sendBuilt(p, batched, split, p.titles.waited());
}

/** Builds and queues one action: true when it was a lead. One unrecordable event (circular props…) takes no other with it. */
function settle(p: State, c: Captured): boolean {
  try {
    return record(p, c);
  } catch (e) {
    warn(p.log, EVENT_FAILED, c.input.name || c.input.type, e);
    return false;
  }
}

/** Build → consent → queue; a lead is forwarded and sent at once. Returns whether it was a lead. */
function record(p: State, c: Captured): boolean {
  const { consent, log } = p;
  const lead = isLead(c);
  const ids = p.visit.ready().activity(c.stamp.now, lead ? c.value : undefined, c.input.once);
  // Recorded once per session, and this session has it already.
  if (!ids) return false;
  let built = buildEvent(c, c.input.id || uid(p.rt.random), ids, consent.scrub); // fields (issue 21): a form's lead id
  // The Meta Pixel's cookies ride with a lead (props the site gave win).
  if (lead) built.props = { ...metaCookies(p.rt.window), ...built.props };
  built.consent = { ads: consent.current().ads };
  // Denied: ad identifiers are not even stored. Pending: they are stripped when sent, unless granted by then.
  if (consent.denies('ads')) built = consent.redact(built);
  const event = fitToWire(built, log);
  if (!event) return lead;
  if (__DEBUG__) log.debug('event', event);
  const dropped = outbox(p).queue.push(event);
  if (dropped) warn(log, QUEUE_FULL, dropped);
  if (!lead) return false;
  forwardLead(p, event);
  if (sending(p)) {
    if (c.input.leaving) outbox(p).unload();
    outbox(p).schedule(0);
  }
  return true;
}

// ---- send ----------------------------------------------------------------------------------
const sending = (p: State) => p.consent.allows('analytics');
const outbox = (p: State) => p.outbox || (p.outbox = createOutbox(p));

/**
 * After a drain that built events: has them sent (`batched`: within the batch delay, less `waited`
 * for a title; `split`: a task later, so start-up stays in short tasks). Leads asked for a send
 * at once already; the first schedule also sends what earlier pages left.
 */
function sendBuilt(p: State, batched: boolean, split: boolean, waited: number) {
  if (!sending(p)) return;
  const send = () => {
    if (!p.destroyed && sending(p)) outbox(p).schedule(batched ? Math.max(0, p.cfg.batchDelay - waited) : 0);
  };
  if (split) p.rt.setTimeout(guarded(p.log, send), 0);
  else send();
}

/** After a consent change (`adsBefore`: whether ads were granted before it). */
function consentChanged(p: State, adsBefore: boolean) {
  const { analytics } = p.consent.current();
  if (analytics === 'denied') {
    // Nothing stored, nothing sent; what waited is dropped.
    p.buffer = [];
    p.deferred = [];
    p.store.persist(false);
    outbox(p).clear();
    p.store.remove(STATE_KEY);
    return;
  }
  p.store.persist(analytics === 'granted');
  // Granted ads after the landing: its click ids may be kept after all.
  if (!adsBefore && p.consent.allows('ads')) p.visit.adsGranted();
  if (analytics !== 'granted') return;
  p.visit.save();
  drain(p);
  outbox(p).schedule(0);
}

/** The path, started: its consent controller, and what the tracker and its detectors call. */
export function createPipeline(o: PipelineOptions) {
  const p = { ...o, buffer: [], deferred: [], firstDrain: true, destroyed: false } as unknown as State;
  p.referrer = o.rt.window.document.referrer;
  p.titles = titleWait(() => o.rt.window.document.title, o.rt.now);
  p.consent = createConsent(o.cfg, o.rt.window, o.log, (adsBefore) => consentChanged(p, adsBefore));
  p.store = createStore(() => o.rt.storage, o.log, p.consent.current().analytics === 'granted');
  p.visit = createVisit(p);
  return {
    consent: p.consent,
    emit: (input: EmitInput) => capture(p, input),
    /** Runs `fn` a task from now (or at the next drain), stamped with the page of now. */
    later(fn: () => void) {
      if (p.destroyed) return;
      p.deferred.push([fn, here(p)]);
      soon(p);
    },
    /** The stamp of the deferred work running now, else the page of now. */
    stamp: (): Stamp => p.current || here(p),
    visit: p.visit, // its identify, and (fields, issue 21) the facts hidden fields carry
    /** The page is hidden or left: build what waits, hand the queue to the browser. */
    hide() {
      drain(p);
      if (sending(p)) outbox(p).unload();
    },
    flush(): Promise<void> {
      drain(p);
      return sending(p) ? outbox(p).flush() : Promise.resolve();
    },
    online: () => void (sending(p) && outbox(p).online()),
    destroy() {
      drain(p);
      p.destroyed = true;
      if (p.outbox) p.outbox.destroy();
    },
  };
}
