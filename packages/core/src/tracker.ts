import { resolveConfig, type OptionKind, type ResolvedConfig } from './config';
import { createLogger } from './log';
import { browserRuntime, type Runtime } from './runtime';
import { createStore } from './storage';
import { createVisitor, STATE_KEY, type Visitor } from './identity/visitor';
import { createDelivery, type Delivery } from './queue/delivery';
import { landingTouch } from './attribution/touch';
import { scrubUrl } from './privacy/scrub';
import { pageViews } from './detectors/page-views';
import { ALL_GRANTED, applyConsent, consentModeUpdates } from './privacy/consent';
import { forward } from './forward';
import type { ConsentInput, ConsentStates, Detector, Touch, DetectorContext, EmitInput, EventType, Props, Teardown, Tracker, TrackerConfig, WireEvent } from './types';
import { byteLength, guarded, iso, isObject, listen, uid } from './util';

/** The four top-of-funnel actions: sent at once, never only batched. */
export const LEAD_TYPES: readonly EventType[] = ['form_submit', 'call_click', 'email_click', 'chat_start'];
const TYPES: readonly string[] = [...LEAD_TYPES, 'page_view', 'web_vital', 'identify', 'custom'];
/** Beyond this an event is refused: it would crowd a 64 KB batch on its own. */
const MAX_EVENT_BYTES = 32_000;
/** What a visitor does first: any of these sets the detectors up before the page's own listeners run. */
const EARLY = ['click', 'auxclick', 'submit', 'copy', 'focusin', 'keydown'];
/** Marks the window's live tracker: a second one would double-count every lead. */
const INSTANCE = '__leadbeacon__';

/** Where and when an action happened. */
interface Stamp {
  now: number;
  url: string;
  path: string;
  title: string;
  referrer: string;
}

type Win = Window & typeof globalThis & { [INSTANCE]?: Tracker };

const resolved = Promise.resolve();
const inert = (): Tracker => ({
  track() {},
  identify() {},
  consent() {},
  flush: () => resolved,
  page() {},
  destroy() {},
});

/** How an entry point starts a tracker. */
export interface StartOptions {
  /** The config keys the caller accepts. */
  options?: Record<string, OptionKind>;
  /** The detectors when the config names none. */
  defaults?: (cfg: ResolvedConfig) => Detector[];
  /** The page's URL when the script ran, if that was earlier: its UTM tags and click ids are the landing's. */
  landing?: string;
  /** Set the detectors up at once (the caller is inside the visitor's first input), not a task later. */
  startNow?: boolean;
}

/** Starts a tracker on the window (or on `runtime.window`). */
export function startTracker(input: TrackerConfig, runtime: Partial<Runtime> | undefined, how: StartOptions = {}): Tracker {
  const bootLog = createLogger(!!(input && (input as TrackerConfig).debug));
  try {
    const win = runtime && 'window' in runtime ? runtime.window : typeof window !== 'undefined' ? window : undefined;
    // Server rendering: nothing touches `window`; the client creates the real tracker.
    if (!win) return inert();
    const cfg = resolveConfig(input, bootLog, how.options);
    if (!cfg) return inert();
    if ((win as Win)[INSTANCE]) {
      bootLog.warn('a tracker is already running on this page; this one stays inert (two would double-count leads)');
      return inert();
    }
    return run(cfg, browserRuntime(win, runtime), how);
  } catch (e) {
    bootLog.warn('could not start; tracking is off', e);
    return inert();
  }
}

function run(cfg: ResolvedConfig, rt: Runtime, { defaults, landing, startNow }: StartOptions): Tracker {
  const win = rt.window as Win;
  const doc = win.document;
  const nav = win.navigator;
  const log = createLogger(cfg.debug);
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => guarded(log, fn);
  let consent = initialConsent(cfg, nav);
  const sending = () => (syncConsentMode(), consent.analytics === 'granted');
  const adsOk = () => consent.ads === 'granted';
  const store = createStore(() => rt.storage, log, consent.analytics === 'granted');
  const tabId = uid(rt.random);
  // Created on first use (a task later at the earliest): the script's own task does not pay for it.
  let dv: Delivery | undefined;
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
    // Ads consent is checked again when events leave: a `pending` at the time of the action may have become anything.
    prepare: (e) => (adsOk() ? e : withoutAds(e)),
  }));
  const teardowns: Teardown[] = [];
  /** An action as it happened: what is cheap to read now. The event is built from it a task later. */
  interface Captured extends Stamp {
    inp: EmitInput;
    value?: number;
    currency?: string;
  }
  // Actions wait here for one task: the site's handler (and the script's start-up) pays only for capturing them.
  let buffer: Captured[] = [];
  /** Detector work put off by `ctx.later`, with the page as it was then. */
  let deferred: [() => void, Stamp][] = [];
  /** While deferred work runs: the page it belongs to. */
  let stamp: Stamp | undefined;
  let drainTimer: unknown;
  let destroyed = false;
  const drainSoon = guard(() => {
    // Start-up work in short tasks (a slow phone makes each several times longer): the first read of
    // storage (opening the page's localStorage is a blocking call), then the landing's attribution,
    // then the events and the queue, then the first send.
    if (!landed && consent.analytics !== 'denied') {
      drainTimer = undefined;
      ready(true);
      return soon();
    }
    drain(!dv);
  });
  let visitor: Visitor | undefined;
  let landed = false;
  // How far the site's gtag dataLayer has been read for Consent Mode commands.
  let modeSeen = 0;
  // URLs leave without personal data, and without ad click ids once `ads` is denied.
  const scrub = (url: string) => scrubUrl(url, cfg.scrubParams, consent.ads === 'denied');
  // page.referrer: the document's referrer, then after each SPA navigation the previous page.
  let referrer = doc.referrer;
  let lastView: string | undefined;
  const startHref = landing || win.location.href;

  /** The visitor, read from storage on first use (not in the script's start-up task), with this page's landing recorded; `step`: one of the two. */
  function ready(step?: boolean): Visitor {
    if (!visitor) {
      visitor = createVisitor(store, rt.random, cfg.sessionTimeout * 60_000, cfg.firstTouchDays);
      if (step) return visitor;
    }
    if (!landed) {
      landed = true;
      land();
    }
    return visitor;
  }

  /** Records the touch of this page load; click ids only without an `ads` denial. */
  function land() {
    const landing = scrub(startHref);
    const touch = landingTouch(startHref, scrub(doc.referrer), landing, rt.now(), cfg.referrerExclusions);
    if (touch && consent.ads === 'denied') delete touch.clickIds;
    visitor!.land(touch, landing, rt.now());
  }

  /** Builds and queues what waits, then has it sent; `split`: the first send a task later (start-up stays in short tasks). */
  function drain(split?: boolean) {
    if (drainTimer !== undefined) rt.clearTimeout(drainTimer);
    drainTimer = undefined;
    for (const [fn, s] of deferred.splice(0)) {
      stamp = s;
      try {
        fn();
      } catch (e) {
        log.warn('internal error (ignored)', e);
      }
      stamp = undefined;
    }
    const items = buffer;
    buffer = [];
    let batched = false;
    for (const c of items) {
      try {
        batched = !settle(c) || batched;
      } catch (e) {
        // One unrecordable event (circular props…) must not take the others with it.
        log.warn(`event "${c.inp.name || c.inp.type}" not recorded`, e);
      }
    }
    if (!items.length || !sending()) return;
    // Leads have asked for a send at once already; the first schedule also sends what earlier pages left.
    const ms = batched ? cfg.batchDelay : 0;
    const send = () => !destroyed && sending() && delivery().schedule(ms);
    if (split) rt.setTimeout(guard(send), 0);
    else send();
  }

  function push(e: WireEvent) {
    const dropped = delivery().queue.push(e);
    if (dropped) log.warn(`queue full: dropped the ${dropped} oldest event(s)`);
  }

  /** The page and time of now. */
  function here(): Stamp {
    return { now: rt.now(), url: win.location.href, path: win.location.pathname, title: doc.title, referrer };
  }

  /** Drains a task from now (once, however many actions wait). */
  function soon() {
    if (drainTimer === undefined) drainTimer = rt.setTimeout(drainSoon, 0);
  }

  function later(fn: () => void) {
    if (destroyed) return;
    deferred.push([fn, here()]);
    soon();
  }

  /** Value of an action: given, else the element's `data-leadbeacon-value`, else config by name, then by type. */
  function valueOf(inp: EmitInput, name: string): [number | undefined, string | undefined] {
    const el = inp.el && typeof inp.el.closest === 'function' ? inp.el.closest('[data-leadbeacon-value]') : null;
    const attr = el ? parseFloat(el.getAttribute('data-leadbeacon-value') || '') : NaN;
    const v = inp.value !== undefined ? inp.value : isFinite(attr) ? attr : name in cfg.values ? cfg.values[name] : cfg.values[inp.type];
    if (typeof v !== 'number' || !isFinite(v)) return [undefined, undefined];
    const currency = inp.currency || (el && el.getAttribute('data-leadbeacon-currency')) || cfg.currency;
    return [v, currency ? currency.toUpperCase() : undefined];
  }

  function emit(inp: EmitInput) {
    if (destroyed) return;
    syncConsentMode();
    if (consent.analytics === 'denied') return;
    const s = stamp || here();
    if (inp.type === 'page_view') {
      if (lastView !== undefined) referrer = lastView;
      lastView = s.url;
      s.referrer = referrer;
    }
    const [value, currency] = valueOf(inp, inp.name || inp.type);
    const c: Captured = { inp, ...s, value, currency };
    if (inp.leaving) {
      // The page is leaving now (a native form post): stored and handed to a beacon before it goes.
      drain();
      settle(c);
      return;
    }
    buffer.push(c);
    soon();
  }

  /** Builds and queues a captured action; a lead goes out at once. Returns whether it was a lead. */
  function settle(c: Captured): boolean {
    const { inp, now } = c;
    const name = inp.name || inp.type;
    const lead = LEAD_TYPES.includes(inp.type);
    const { first, last, ...ids } = ready().activity(now, lead ? c.value : undefined);
    let event: WireEvent = {
      id: uid(rt.random),
      type: inp.type,
      name,
      ts: iso(now),
      ...ids,
      page: { url: scrub(c.url), path: c.path, title: c.title, referrer: scrub(c.referrer) },
      attribution: { first, last },
      props: { ...inp.props },
    };
    // Denied: ad identifiers are not even stored. Pending: they are stripped when sent, unless granted by then.
    if (consent.ads === 'denied') event = withoutAds(event);
    if (c.value !== undefined) event.value = c.value;
    if (c.currency) event.currency = c.currency;
    if (byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      log.warn(`event "${name}" is over ${MAX_EVENT_BYTES} bytes; not recorded`);
      return lead;
    }
    if (__DEBUG__) log.debug('event', event);
    push(event);
    if (!lead) return false;
    guard(forward)(win as never, cfg, adsOk() ? event : withoutAds(event), adsOk());
    if (sending()) {
      if (inp.leaving) delivery().unload();
      delivery().schedule(0);
    }
    return true;
  }

  function hide() {
    drain();
    if (sending()) delivery().unload();
  }

  function setConsent(input: ConsentInput) {
    const next = applyConsent(consent, input);
    if (!next) return log.warn(`consent must be "granted", "denied", "pending" or { analytics, ads }, got ${JSON.stringify(input)}`);
    const adsBefore = adsOk();
    consent = next;
    if (next.analytics === 'denied') {
      // Nothing stored, nothing sent; what waited is dropped.
      buffer = [];
      deferred = [];
      store.persist(false);
      delivery().clear();
      store.remove(STATE_KEY);
      return;
    }
    store.persist(next.analytics === 'granted');
    // Granted now: the landing page's click ids may be kept after all.
    if (!adsBefore && adsOk() && landed) land();
    if (next.analytics === 'granted') {
      if (visitor) visitor.save();
      drain();
      delivery().schedule(0);
    }
  }

  /** Follows Google Consent Mode commands the site pushed through gtag since the last look. */
  function syncConsentMode() {
    const dl = (win as { dataLayer?: unknown[] }).dataLayer;
    if (!cfg.consentMode || !dl || dl.length <= modeSeen) return;
    const updates = consentModeUpdates(dl, modeSeen);
    modeSeen = dl.length;
    for (const u of updates) if (u.analytics || u.ads) setConsent(u);
  }

  const trackHooks: ((name: string, props: Props) => boolean | void)[] = [];
  const onTrack = (fn: (typeof trackHooks)[number]) => (trackHooks.push(fn), () => void trackHooks.splice(trackHooks.indexOf(fn) >>> 0, 1));
  const ctx: DetectorContext = { window: win, config: cfg, emit: guard(emit), log, guard, onTrack, later };
  const detectors = cfg.detectors.length || !defaults ? cfg.detectors : defaults(cfg);
  const views = cfg.pageViews ? pageViews() : null;
  let started = false;

  /**
   * Sets the other detectors up and follows Consent Mode. Not in the script's own task: a task later,
   * or at once when the visitor acts first (the window's capture listeners below see every
   * input before any listener of the page's elements does, and the detectors' own listeners,
   * added then, still see that very event).
   */
  function start() {
    if (started || destroyed) return;
    started = true;
    rt.clearTimeout(startTimer);
    for (const off of early.splice(0)) off();
    syncConsentMode();
    detectors.forEach(setup);
    // A consent update pushed through gtag applies at once, not only at the next event.
    const dl = (win as { dataLayer?: unknown[] }).dataLayer;
    if (cfg.consentMode && dl && typeof dl.push === 'function') {
      const original = dl.push;
      // (setConsent sends what waited as soon as analytics is granted.)
      const wrapped = function (this: unknown[], ...items: unknown[]) {
        const n = original.apply(this, items);
        guard(syncConsentMode)();
        return n;
      };
      dl.push = wrapped;
      teardowns.push(() => {
        if (dl.push === wrapped) dl.push = original;
      });
    }
  }
  function setup(d: Detector) {
    if (!d || typeof d.setup !== 'function') return log.warn('ignored a detector that is not { name, setup }', d);
    try {
      const td = d.setup(ctx);
      if (typeof td === 'function') teardowns.push(td);
    } catch (e) {
      log.warn(`detector "${d.name}" failed to start`, e);
    }
  }
  const startSoon = guard(start);
  let startTimer: unknown;
  let early: (() => void)[] = [];
  /** Page views, then the detectors: now, or when a prerendered page is shown. */
  const begin = () => {
    // Page views first: the load's page view comes before any call the page queued.
    if (views) setup(views);
    if (startNow || started) return start();
    startTimer = rt.setTimeout(startSoon, 0);
    early = EARLY.map((type) => listen(win, type, startSoon, { capture: true, passive: true }));
  };

  teardowns.push(
    listen(doc, 'visibilitychange', guard(() => doc.visibilityState === 'hidden' && hide())),
    listen(win, 'pagehide', guard(hide)),
    listen(win, 'online', guard(() => sending() && delivery().online())),
  );

  const tracker: Tracker = {
    track: guard((name: string, props?: Props) => {
      if (typeof name !== 'string' || !name) return log.warn('track(name, props?) needs a name');
      const p: Props = isObject(props) ? { ...props } : {};
      const { value, currency } = p;
      delete p.value;
      delete p.currency;
      const type = (TYPES.includes(name) && name !== 'page_view' ? name : 'custom') as EventType;
      // The forms detector pairs the site's own form_submit with the submission it waits on.
      if (name === 'form_submit') start();
      for (const hook of trackHooks) if (hook(name, p) === false) return;
      emit({
        type,
        name,
        props: p,
        value: typeof value === 'number' && isFinite(value) ? value : undefined,
        currency: typeof currency === 'string' ? currency : undefined,
      });
    }),
    identify: guard((userId: string, traits?: Props) => {
      if (typeof userId !== 'string' || !userId) return log.warn('identify(userId, traits?) needs a userId string');
      if (consent.analytics === 'denied') return;
      ready().setUser(userId);
      emit({ type: 'identify', props: { traits: isObject(traits) ? traits : {} } });
    }),
    consent: guard(setConsent),
    flush: () => {
      try {
        drain();
        return sending() ? delivery().flush() : resolved;
      } catch (e) {
        log.warn('flush failed', e);
        return resolved;
      }
    },
    page: guard(() => (start(), views && views.check('page'))),
    destroy: guard(() => {
      if (destroyed) return;
      drain();
      destroyed = true;
      rt.clearTimeout(startTimer);
      for (const off of early.splice(0)) off();
      for (const td of teardowns.splice(0)) guard(td)();
      if (dv) dv.destroy();
      if (win[INSTANCE] === tracker) delete win[INSTANCE];
    }),
  };
  win[INSTANCE] = tracker;
  // A prerendered page (speculation rules) may never be shown: no page view, no session and no
  // listeners until it is. Commands the page calls meanwhile still work.
  if ((doc as { prerendering?: boolean }).prerendering) teardowns.push(listen(doc, 'prerenderingchange', guard(begin)));
  else begin();
  return tracker;
}

const noIds = (t: Touch): Touch => {
  const { clickIds, ...rest } = t;
  return { ...rest, landingPage: scrubUrl(t.landingPage, [], true) };
};

/** The event without ad identifiers: click ids (in touches and in every URL) and hashed email/phone. */
function withoutAds(e: WireEvent): WireEvent {
  const { hashedEmail, hashedPhone, ...props } = e.props;
  return {
    ...e,
    page: { ...e.page, url: scrubUrl(e.page.url, [], true), referrer: scrubUrl(e.page.referrer, [], true) },
    attribution: { first: noIds(e.attribution.first), last: noIds(e.attribution.last) },
    props,
  };
}

/**
 * The consent to start with: the config's, with `ads` denied by Global Privacy Control or
 * Do Not Track unless the config names `ads` itself (or `respectGpc: false`).
 */
function initialConsent(cfg: ResolvedConfig, nav: Navigator): ConsentStates {
  const c = applyConsent(ALL_GRANTED, cfg.consent) || { ...ALL_GRANTED };
  const n = nav as Navigator & { globalPrivacyControl?: boolean };
  const optedOut = n.globalPrivacyControl === true || n.doNotTrack === '1';
  const named = isObject(cfg.consent) && 'ads' in cfg.consent;
  if (cfg.respectGpc && optedOut && !named && c.ads === 'granted') c.ads = 'denied';
  return c;
}
