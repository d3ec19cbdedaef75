import { landingTouch } from '../attribution/touch';
import type { ResolvedConfig } from '../config';
import { createVisitor, type Visitor } from '../identity/visitor';
import { createDelivery, type Delivery } from '../queue/delivery';
import type { Runtime } from '../runtime';
import type { Store } from '../storage';
import type { Logger, WireEvent } from '../types';
import { uid } from '../util';
import { STATE_KEY } from '../identity/visitor';
import type { Features, Loader } from '../features/features';
import { metaCookies } from '../privacy/meta-cookies';
import { fitToWire } from './check';
import type { Consent } from './consent';
import { buildEvent, isLead, type Captured } from './events';
import type { Scheduler } from './scheduler';
import { QUEUE_FULL, warn } from '../warnings';

export interface RecorderOptions {
  cfg: ResolvedConfig;
  rt: Runtime;
  log: Logger;
  consent: Consent;
  store: Store;
  /** The URL this page landed on. */
  landing: string;
  /** Hands a lead to the site's dataLayer, gtag and fbq. */
  forward(event: WireEvent, ads: boolean): void;
  /** Where optional features come from (the Segment format). */
  loader: Loader;
}

/**
 * This tab's delivery, as the config and consent say. In Segment's format, batches go to
 * `<endpoint>/v1/batch` once the format's lazy file has come (they wait in the queue till then).
 * With `channel`, events leave with their channel once its lazy file has come (or failed to).
 */
function deliveryFor({ cfg, rt, log, consent, store, loader }: RecorderOptions): Delivery {
  let segment: Features['segment'] | undefined;
  let channel: Features['channel'] | 0 | undefined;
  const inSegment = cfg.format === 'segment';
  const d = createDelivery({
    rt,
    store,
    tabId: uid(rt.random),
    maxEvents: cfg.maxQueueEvents,
    maxBytes: cfg.maxQueueBytes,
    endpoint: inSegment ? cfg.endpoint.replace(/\/+$/, '') + '/v1/batch' : cfg.endpoint,
    writeKey: cfg.writeKey || undefined,
    headers: cfg.headers,
    log,
    format: inSegment ? (batch, sentAt) => segment!.segmentBatch(batch, sentAt, cfg.writeKey || undefined, __VERSION__) : undefined,
    canSend: () => consent.allows('analytics') && (!inSegment || !!segment) && (!cfg.channel || channel !== undefined),
    // Ads consent is looked at again as events leave: a `pending` at the time of the action may
    // have become anything. Granted since: its ad identifiers leave with consent, and say so.
    prepare: (e) => {
      const granted = e.consent && e.consent.ads === 'pending' ? { ...e, consent: { ads: 'granted' as const } } : e;
      const out = consent.allows('ads') ? granted : consent.redact(e);
      return channel ? channel.withChannel(out) : out;
    },
  });
  // Bundled, it is there at once; else what waited goes out when it comes.
  if (inSegment) loader.load('segment', (f) => ((segment = f), d.schedule(0)));
  if (cfg.channel)
    loader.load(
      'channel',
      (f) => ((channel = f), d.schedule(0)),
      () => ((channel = 0), d.schedule(0)),
    );
  return d;
}

/** Records the touch of this page load; click ids only without an `ads` denial. */
function landOn({ cfg, rt, consent, landing: href }: RecorderOptions, visitor: Visitor) {
  const landing = consent.scrub(href);
  const referrer = consent.scrub(rt.window.document.referrer);
  const touch = landingTouch({ href, referrer, landingPage: landing, now: rt.now(), excluded: cfg.referrerExclusions });
  if (touch && consent.denies('ads')) delete touch.clickIds;
  visitor.land(touch, landing, rt.now());
}

/**
 * What turns captured actions into queued events: the visitor (read from storage on first use,
 * not in the script's own task), this page's landing touch, the event builder, and the delivery
 * (created on first use too). A lead goes out at once.
 */
export function createRecorder(o: RecorderOptions) {
  const { cfg, rt, log, consent } = o;
  let dv: Delivery | undefined;
  let visitor: Visitor | undefined;
  let landed = false;
  const sending = () => consent.allows('analytics');
  const delivery = () => dv || (dv = deliveryFor(o));
  const read = () => (visitor = createVisitor(o.store, rt.random, cfg.sessionTimeout * 60_000, cfg.firstTouchDays));

  const land = () => ((landed = true), landOn(o, visitor!));

  /** The visitor, with this page's landing recorded. */
  function ready(): Visitor {
    if (!visitor) read();
    if (!landed) land();
    return visitor!;
  }

  return {
    delivery,
    sending,
    /** Start-up in short tasks: the first read of storage (a blocking call), then the landing. True when it took a step. */
    startupStep(): boolean {
      if (landed || consent.denies('analytics')) return false;
      if (visitor) land();
      else read();
      return true;
    },
    /** After a consent change (`adsBefore`: whether ads were granted before it). */
    consentChanged(adsBefore: boolean, waiting: Pick<Scheduler, 'drain' | 'clear'>) {
      const { analytics } = consent.current();
      if (analytics === 'denied') {
        // Nothing stored, nothing sent; what waited is dropped.
        waiting.clear();
        o.store.persist(false);
        delivery().clear();
        o.store.remove(STATE_KEY);
        return;
      }
      o.store.persist(analytics === 'granted');
      // Granted ads after the landing: its click ids may be kept after all.
      if (!adsBefore && consent.allows('ads') && landed) land();
      if (analytics !== 'granted') return;
      if (visitor) visitor.save();
      waiting.drain();
      delivery().schedule(0);
    },
    identify: (userId: string) => ready().setUser(userId),
    facts: () => (consent.denies('analytics') ? undefined : { ...ready().peek(), ads: consent.allows('ads') }), // fields (issue 21)
    /** Builds and queues a captured action; a lead goes out at once. Returns whether it was a lead. */
    settle(c: Captured): boolean {
      const lead = isLead(c);
      const ids = ready().activity(c.stamp.now, lead ? c.value : undefined, c.input.once);
      // Recorded once per session, and this session has it already.
      if (!ids) return false;
      let built = buildEvent(c, c.input.id || uid(rt.random), ids, consent.scrub); // fields (issue 21): a form's lead id
      // The Meta Pixel's cookies ride with a lead (props the site gave win).
      if (lead) built.props = { ...metaCookies(rt.window), ...built.props };
      built.consent = { ads: consent.current().ads };
      // Denied: ad identifiers are not even stored. Pending: they are stripped when sent, unless granted by then.
      if (consent.denies('ads')) built = consent.redact(built);
      const event = fitToWire(built, log);
      if (!event) return lead;
      if (__DEBUG__) log.debug('event', event);
      const dropped = delivery().queue.push(event);
      if (dropped) warn(log, QUEUE_FULL, dropped);
      if (!lead) return false;
      const ads = consent.allows('ads');
      o.forward(ads ? event : consent.redact(event), ads);
      if (sending()) {
        if (c.input.leaving) delivery().unload();
        delivery().schedule(0);
      }
      return true;
    },
    destroy: () => dv && dv.destroy(),
  };
}

export interface SendOptions {
  batchDelay: number;
  live(): boolean;
  guard(fn: () => void): () => void;
}

/**
 * After a drain that built events: has them sent (`batched`: some may wait for the batch delay;
 * `split`: a task later, so start-up stays in short tasks). Leads have asked for a send at once
 * already; the first schedule also sends what earlier pages left.
 */
export function sendBuilt(r: Recorder, rt: Runtime, { batchDelay, live, guard }: SendOptions) {
  return (batched: boolean, split: boolean, waited: number) => {
    if (!r.sending()) return;
    // "Sent within the batch delay" counts from the action: a page view that waited for its title waits that much less.
    const send = () => {
      if (live() && r.sending()) r.delivery().schedule(batched ? Math.max(0, batchDelay - waited) : 0);
    };
    if (split) rt.setTimeout(guard(send), 0);
    else send();
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
