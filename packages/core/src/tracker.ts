/**
 * The tracker, composed: config -> consent controller -> capture scheduler -> event builder ->
 * delivery, with the detectors' lifecycle beside them. `startTracker` (tracker/start.ts) checks
 * the config and the page first; the commands are in tracker/commands.ts.
 */
import { MAX_EVENT_BYTES } from '@leadbeacon/wire';
import type { ResolvedConfig } from './config';
import { pageViews } from './detectors/page-views';
import type { Loader } from './features/features';
import { landingTouch } from './attribution/touch';
import { createVisitor, STATE_KEY, type Visitor } from './identity/visitor';
import { createLogger } from './log';
import { createDelivery, type Delivery } from './queue/delivery';
import type { Runtime } from './runtime';
import { createStore } from './storage';
import { createCommands } from './tracker/commands';
import { createConsent } from './tracker/consent';
import { buildEvent, isLead, valueOf, type Captured, type Stamp } from './tracker/events';
import { createLifecycle } from './tracker/lifecycle';
import { createScheduler } from './tracker/scheduler';
import type { Detector, DetectorContext, EmitInput, Props, Tracker, WireEvent } from './types';
import { byteLength, guarded, listen, uid } from './util';

export interface RunOptions {
  /** Where the optional features come from (bundled, dynamic import, lazy files). */
  loader: Loader;
  /** The detectors when the config names none. */
  defaults?: (cfg: ResolvedConfig) => Detector[];
  /** The page's URL when the script ran, if that was earlier: its UTM tags and click ids are the landing's. */
  landing?: string;
  /** Set the detectors up at once (the caller is inside the visitor's first input), not a task later. */
  startNow?: boolean;
}

export function runTracker(cfg: ResolvedConfig, rt: Runtime, how: RunOptions): Tracker {
  const win = rt.window;
  const doc = win.document;
  const log = createLogger(cfg.debug);
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => guarded(log, fn);
  const consent = createConsent(cfg, win, log, consentChanged);
  const sending = () => consent.allows('analytics');
  const store = createStore(() => rt.storage, log, consent.current().analytics === 'granted');
  const tabId = uid(rt.random);
  const startHref = how.landing || win.location.href;
  const forwarding = cfg.dataLayer || cfg.gtagConversions || cfg.metaPixel;
  // Created on first use (a task later at the earliest): the script's own task does not pay for it.
  let dv: Delivery | undefined;
  let visitor: Visitor | undefined;
  let landed = false;
  let destroyed = false;
  // page.referrer: the document's referrer, then after each SPA navigation the previous page.
  let referrer = doc.referrer;
  let lastView: string | undefined;

  const delivery = () =>
    dv ||
    (dv = createDelivery({
      rt,
      store,
      tabId,
      maxEvents: cfg.maxQueueEvents,
      maxBytes: cfg.maxQueueBytes,
      endpoint: cfg.endpoint,
      headers: cfg.headers,
      log,
      canSend: sending,
      // Ads consent is looked at again as events leave: a `pending` at the time of the action may have become anything.
      prepare: (e) => (consent.allows('ads') ? e : consent.redact(e)),
    }));

  const here = (): Stamp => ({ now: rt.now(), url: win.location.href, path: win.location.pathname, title: doc.title, referrer });
  const scheduler = createScheduler({ rt, log, here, startupStep, settle, built });

  /** Start-up in short tasks: the first read of storage (a blocking call), then the landing's attribution. */
  function startupStep(): boolean {
    if (landed || consent.denies('analytics')) return false;
    if (visitor) land();
    else visitor = createVisitor(store, rt.random, cfg.sessionTimeout * 60_000, cfg.firstTouchDays);
    return true;
  }

  /** The visitor, read on first use (not in the script's start-up task), with this page's landing recorded. */
  function ready(): Visitor {
    if (!visitor) visitor = createVisitor(store, rt.random, cfg.sessionTimeout * 60_000, cfg.firstTouchDays);
    if (!landed) land();
    return visitor;
  }

  /** Records the touch of this page load; click ids only without an `ads` denial. */
  function land() {
    landed = true;
    const landing = consent.scrub(startHref);
    const touch = landingTouch(startHref, consent.scrub(doc.referrer), landing, rt.now(), cfg.referrerExclusions);
    if (touch && consent.denies('ads')) delete touch.clickIds;
    visitor!.land(touch, landing, rt.now());
  }

  /** Builds and queues a captured action; a lead goes out at once. Returns whether it was a lead. */
  function settle(c: Captured): boolean {
    const lead = isLead(c);
    let event = buildEvent(c, uid(rt.random), ready().activity(c.stamp.now, lead ? c.value : undefined), consent.scrub);
    // Denied: ad identifiers are not even stored. Pending: they are stripped when sent, unless granted by then.
    if (consent.denies('ads')) event = consent.redact(event);
    if (byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      log.warn(`event "${event.name}" is over ${MAX_EVENT_BYTES} bytes; not recorded`);
      return lead;
    }
    if (__DEBUG__) log.debug('event', event);
    const dropped = delivery().queue.push(event);
    if (dropped) log.warn(`queue full: dropped the ${dropped} oldest event(s)`);
    if (!lead) return false;
    if (forwarding) forward(event);
    if (sending()) {
      if (c.input.leaving) delivery().unload();
      delivery().schedule(0);
    }
    return true;
  }

  /** Hands a lead to the site's dataLayer, gtag and fbq (the ad platforms only with `ads` granted). */
  function forward(event: WireEvent) {
    const ads = consent.allows('ads');
    const out = ads ? event : consent.redact(event);
    ctx.load('forwarding', (f) => f.forward(win, cfg, out, ads));
  }

  function built(batched: boolean, split: boolean) {
    if (!sending()) return;
    // Leads have asked for a send at once already; the first schedule also sends what earlier pages left.
    const send = () => !destroyed && sending() && delivery().schedule(batched ? cfg.batchDelay : 0);
    if (split) rt.setTimeout(guard(send), 0);
    else send();
  }

  function emit(input: EmitInput) {
    if (destroyed || consent.denies('analytics')) return;
    const stamp = scheduler.stamp();
    if (input.type === 'page_view') {
      if (lastView !== undefined) referrer = lastView;
      lastView = stamp.url;
      stamp.referrer = referrer;
    }
    const c: Captured = { input, stamp, ...valueOf(input, cfg.values, cfg.currency) };
    if (!input.leaving) return scheduler.capture(c);
    // The page is leaving now (a native form post): stored and handed to a beacon before it goes.
    scheduler.drain();
    settle(c);
  }

  function hide() {
    scheduler.drain();
    if (sending()) delivery().unload();
  }

  function consentChanged(adsBefore: boolean) {
    const granted = consent.current().analytics === 'granted';
    if (consent.current().analytics === 'denied') {
      // Nothing stored, nothing sent; what waited is dropped.
      scheduler.clear();
      store.persist(false);
      delivery().clear();
      store.remove(STATE_KEY);
      return;
    }
    store.persist(granted);
    // Granted now: the landing page's click ids may be kept after all.
    if (!adsBefore && consent.allows('ads') && landed) land();
    if (granted) {
      if (visitor) visitor.save();
      scheduler.drain();
      delivery().schedule(0);
    }
  }

  const trackHooks: ((name: string, props: Props) => boolean | void)[] = [];
  const ctx: DetectorContext = {
    window: win,
    config: cfg,
    emit: guard(emit),
    log,
    guard,
    now: rt.now,
    setTimeout: rt.setTimeout,
    clearTimeout: rt.clearTimeout,
    onTrack: (fn) => (trackHooks.push(fn), () => void trackHooks.splice(trackHooks.indexOf(fn) >>> 0, 1)),
    later: (fn) => void (destroyed || scheduler.later(fn)),
    load: (name, use) => how.loader.load(name, guard(use)),
  };
  const views = cfg.pageViews ? pageViews() : null;
  const lifecycle = createLifecycle({
    rt,
    ctx,
    views,
    detectors: cfg.detectors.length || !how.defaults ? cfg.detectors : how.defaults(cfg),
    startNow: how.startNow,
    onStart() {
      // Fetched before the first lead, so that a page that leaves with it forwards it too.
      if (forwarding) ctx.load('forwarding', () => {});
      return consent.follow();
    },
  });
  const listeners = [
    listen(doc, 'visibilitychange', guard(() => doc.visibilityState === 'hidden' && hide())),
    listen(win, 'pagehide', guard(hide)),
    listen(win, 'online', guard(() => sending() && delivery().online())),
  ];

  return createCommands({
    log,
    guard,
    emit,
    trackHooks,
    consent,
    start: lifecycle.start,
    identify: (userId) => ready().setUser(userId),
    flush() {
      scheduler.drain();
      return sending() ? delivery().flush() : Promise.resolve();
    },
    page: () => views && views.check('page'),
    destroy() {
      scheduler.drain();
      destroyed = true;
      lifecycle.destroy(listeners);
      how.loader.destroy();
      if (dv) dv.destroy();
    },
  });
}
