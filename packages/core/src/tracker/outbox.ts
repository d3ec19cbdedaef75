import type { ResolvedConfig } from '../config';
import type { Features, Loader } from '../features/features';
import { createDelivery, type Delivery } from '../queue/delivery';
import type { Runtime } from '../runtime';
import type { Store } from '../storage';
import type { Logger, WireEvent } from '../types';
import { guarded, uid } from '../util';
import type { Consent } from './consent';

export interface OutboxOptions {
  cfg: ResolvedConfig;
  rt: Runtime;
  log: Logger;
  consent: Consent;
  store: Store;
  /** Where optional features come from (the Segment format, the channel add-on). */
  loader: Loader;
}

/**
 * This tab's queue and its delivery (queue/), as the config and consent say: nothing leaves
 * without `analytics` consent, and ads consent is looked at again as each event leaves. In
 * Segment's format, batches go to `<endpoint>/v1/batch` once the format's lazy file has come
 * (they wait in the queue till then). With `channel`, events leave with their channel once its
 * lazy file has come (or failed to).
 */
export function createOutbox({ cfg, rt, log, consent, store, loader }: OutboxOptions): Delivery {
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
    // A `pending` at the time of the action may have become anything. Granted since: its ad
    // identifiers leave with consent, and say so.
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

/** A lead, handed to the site's dataLayer, gtag and fbq when configured (without ad identifiers unless `ads` is granted). */
export function forwardLead({ cfg, rt, log, consent, loader }: Omit<OutboxOptions, 'store'>, event: WireEvent) {
  const ads = consent.allows('ads');
  const forwarded = ads ? event : consent.redact(event);
  if (cfg.dataLayer || cfg.gtagConversions || cfg.metaPixel)
    loader.load(
      'forwarding',
      guarded(log, (f) => f.forward(rt.window, cfg, forwarded, ads)),
    );
}
