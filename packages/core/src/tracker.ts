import { CONSENT_STATES, CORE_OPTIONS, resolveConfig, type OptionKind, type ResolvedConfig } from './config';
import { createLogger } from './log';
import { browserRuntime, type Runtime } from './runtime';
import { createStore } from './storage';
import { createVisitor, STATE_KEY } from './identity/visitor';
import { createDelivery } from './queue/delivery';
import { landingTouch } from './attribution/touch';
import { scrubUrl } from './privacy/scrub';
import { pageViews } from './detectors/page-views';
import type { ConsentState, Detector, DetectorContext, EmitInput, EventType, Page, Props, Teardown, Tracker, TrackerConfig, WireEvent } from './types';
import { byteLength, guarded, iso, isObject, listen, uid } from './util';

/** The four top-of-funnel actions: sent at once, never only batched. */
export const LEAD_TYPES: readonly EventType[] = ['form_submit', 'call_click', 'email_click', 'chat_start'];
const TYPES: readonly string[] = [...LEAD_TYPES, 'page_view', 'web_vital', 'identify', 'custom'];
/** Beyond this an event is refused: it would crowd a 64 KB batch on its own. */
const MAX_EVENT_BYTES = 32_000;
/** Marks the window's live tracker: a second one would double-count every lead. */
const INSTANCE = '__leadbeacon__';

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

/**
 * Starts a tracker. `options` lists the config keys the caller accepts; `defaults` gives the
 * detectors when the config names none.
 */
export function startTracker(
  input: TrackerConfig,
  runtime: Partial<Runtime> | undefined,
  options: Record<string, OptionKind> = CORE_OPTIONS,
  defaults?: (cfg: ResolvedConfig) => Detector[],
): Tracker {
  const bootLog = createLogger(!!(input && (input as TrackerConfig).debug));
  try {
    const win = (runtime && runtime.window) || (typeof window !== 'undefined' ? window : undefined);
    // Server rendering: nothing touches `window`; the client creates the real tracker.
    if (!win) return inert();
    const cfg = resolveConfig(input, bootLog, options);
    if (!cfg) return inert();
    if ((win as Win)[INSTANCE]) {
      bootLog.warn('a tracker is already running on this page; this second one stays inert (two would double-count leads). Use the first, or destroy() it before creating another.');
      return inert();
    }
    return run(cfg, browserRuntime(win, runtime), defaults);
  } catch (e) {
    bootLog.warn('could not start; tracking is off', e);
    return inert();
  }
}

function run(cfg: ResolvedConfig, rt: Runtime, defaults?: (cfg: ResolvedConfig) => Detector[]): Tracker {
  const win = rt.window as Win;
  const doc = win.document;
  const log = createLogger(cfg.debug);
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => guarded(log, fn);
  let consent: ConsentState = cfg.consent;
  const sending = () => consent === 'granted';
  const store = createStore(rt.storage, log, sending());
  const tabId = uid(rt.random);
  const delivery = createDelivery({
    rt,
    store,
    tabId,
    maxEvents: cfg.maxQueueEvents,
    maxBytes: cfg.maxQueueBytes,
    endpoint: cfg.endpoint,
    headers: cfg.headers,
    log,
    canSend: () => sending(),
  });
  const visitor = createVisitor(store, rt.random, cfg.sessionTimeout * 60_000);
  const teardowns: Teardown[] = [];
  // Non-lead events wait here for one tick, so start-up does no queue read or write.
  let buffer: WireEvent[] = [];
  let drainTimer: unknown;
  let destroyed = false;
  let drained = false;
  // page.referrer: the document's referrer, then after each SPA navigation the previous page.
  let referrer = scrubUrl(doc.referrer);
  let lastView: string | undefined;

  const startHref = win.location.href;
  const landing = scrubUrl(startHref);
  visitor.land(landingTouch(startHref, doc.referrer, landing, rt.now()), landing, rt.now());

  const page = (): Page => ({
    url: scrubUrl(win.location.href),
    path: win.location.pathname,
    title: doc.title,
    referrer,
  });


  function drain() {
    if (drainTimer !== undefined) rt.clearTimeout(drainTimer);
    drainTimer = undefined;
    const events = buffer;
    buffer = [];
    for (const e of events) push(e);
    if (!events.length || !sending()) return;
    delivery.schedule(cfg.batchDelay);
    // Events an earlier page left queued (closed tab, offline, collector down) go out at once.
    if (!drained && delivery.leftovers()) delivery.schedule(0);
    drained = true;
  }

  function push(e: WireEvent) {
    const dropped = delivery.queue.push(e);
    if (dropped) log.warn(`queue full: dropped the ${dropped} oldest event(s)`);
  }

  function emit(inp: EmitInput) {
    if (destroyed || consent === 'denied') return;
    const now = rt.now();
    if (inp.type === 'page_view') {
      const url = scrubUrl(win.location.href);
      if (lastView !== undefined) referrer = lastView;
      lastView = url;
    }
    const { first, last, ...ids } = visitor.activity(now);
    const event: WireEvent = {
      id: uid(rt.random),
      type: inp.type,
      name: inp.name || inp.type,
      ts: iso(now),
      ...ids,
      page: page(),
      attribution: { first, last },
      props: inp.props || {},
    };
    if (inp.value !== undefined) event.value = inp.value;
    if (inp.currency !== undefined) event.currency = inp.currency;
    if (byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      log.warn(`event "${event.name}" is over ${MAX_EVENT_BYTES} bytes; not recorded`);
      return;
    }
    if (__DEBUG__) log.debug('event', event);
    if (!LEAD_TYPES.includes(inp.type)) {
      buffer.push(event);
      if (drainTimer === undefined) drainTimer = rt.setTimeout(guard(drain), 0);
      return;
    }
    // A lead is stored before anything else happens: the page may be gone a moment later.
    drain();
    push(event);
    if (!sending()) return;
    if (inp.leaving) delivery.unload();
    delivery.schedule(0);
  }

  function hide() {
    drain();
    if (sending()) delivery.unload();
  }

  function setConsent(state: ConsentState) {
    if (!CONSENT_STATES.includes(state)) {
      log.warn(`consent must be "granted", "denied" or "pending", got ${JSON.stringify(state)}`);
      return;
    }
    consent = state;
    if (state === 'denied') {
      // Nothing stored, nothing sent; what waited is dropped.
      buffer = [];
      store.persist(false);
      delivery.clear();
      store.remove(STATE_KEY);
      return;
    }
    store.persist(state === 'granted');
    if (state === 'granted') {
      visitor.save();
      drain();
      delivery.schedule(0);
    }
  }

  const ctx: DetectorContext = { window: win, config: cfg, emit: guard(emit), log, guard };
  const detectors = cfg.detectors.length || !defaults ? cfg.detectors : defaults(cfg);
  const views = cfg.pageViews ? pageViews() : null;
  for (const d of views ? [views, ...detectors] : detectors) {
    if (!d || typeof d.setup !== 'function') {
      log.warn('ignored a detector that is not { name, setup }', d);
      continue;
    }
    try {
      const td = d.setup(ctx);
      if (typeof td === 'function') teardowns.push(td);
    } catch (e) {
      log.warn(`detector "${d.name}" failed to start`, e);
    }
  }

  teardowns.push(
    listen(doc, 'visibilitychange', guard(() => doc.visibilityState === 'hidden' && hide())),
    listen(win, 'pagehide', guard(hide)),
    listen(win, 'online', guard(() => sending() && delivery.online())),
  );

  const tracker: Tracker = {
    track: guard((name: string, props?: Props) => {
      if (typeof name !== 'string' || !name) return log.warn('track(name, props?) needs a name');
      const p: Props = isObject(props) ? { ...props } : {};
      const { value, currency } = p;
      delete p.value;
      delete p.currency;
      const type = (TYPES.includes(name) && name !== 'page_view' ? name : 'custom') as EventType;
      emit({
        type,
        name,
        props: p,
        value: typeof value === 'number' && isFinite(value) ? value : undefined,
        currency: typeof currency === 'string' ? currency.toUpperCase() : undefined,
      });
    }),
    identify: guard((userId: string, traits?: Props) => {
      if (typeof userId !== 'string' || !userId) return log.warn('identify(userId, traits?) needs a userId string');
      if (consent === 'denied') return;
      visitor.setUser(userId);
      emit({ type: 'identify', props: { traits: isObject(traits) ? traits : {} } });
    }),
    consent: guard(setConsent),
    flush: () => {
      try {
        drain();
        return sending() ? delivery.flush() : resolved;
      } catch (e) {
        log.warn('flush failed', e);
        return resolved;
      }
    },
    page: guard(() => views && views.check('page')),
    destroy: guard(() => {
      if (destroyed) return;
      drain();
      destroyed = true;
      for (const td of teardowns.splice(0)) guard(td)();
      delivery.destroy();
      if (win[INSTANCE] === tracker) delete win[INSTANCE];
    }),
  };
  win[INSTANCE] = tracker;
  return tracker;
}
