import { interpretTouch } from './attribution/interpret';
import type { PageGlobals } from './outside';
import type { ForwardConfig, WireEvent } from './types';

/**
 * The content of the lazy file leadbeacon-forwarding.min.js, fetched when forwarding is configured.
 * Hands a lead event to the tools the site already runs, each opt-in and skipped when its
 * global is missing:
 * - GTM: `dataLayer.push({ event: 'leadbeacon.<type>', leadbeacon: {...} })`
 * - Google Ads: `gtag('event', 'conversion', { send_to, value, currency, transaction_id })`
 * - Meta Pixel: `fbq('track', <name>, { value, currency }, { eventID })`, so Meta de-duplicates
 *   against the same event sent server-side with this id.
 * The ad platforms only while `ads` consent is granted.
 */
export function forward(w: Window & PageGlobals, c: ForwardConfig, e: WireEvent, ads: boolean): void {
  const money = e.value !== undefined ? { value: e.value, currency: e.currency } : {};
  if (c.dataLayer) {
    // GTM's tags read the source, medium and channel: named here, in this lazy file (the collector names its own).
    const t = interpretTouch(e.attribution.last);
    (w.dataLayer = w.dataLayer || []).push({
      event: 'leadbeacon.' + e.type,
      leadbeacon: {
        id: e.id,
        type: e.type,
        name: e.name,
        ...money,
        score: e.score,
        props: e.props,
        source: t.source,
        medium: t.medium,
        campaign: t.campaign,
        channel: t.channel,
      },
    });
  }
  if (!ads) return;
  const sendTo = c.gtagConversions && c.gtagConversions[e.name];
  if (sendTo && typeof w.gtag === 'function') w.gtag('event', 'conversion', { send_to: sendTo, ...money, transaction_id: e.id });
  const pixel = c.metaPixel && c.metaPixel[e.name];
  if (pixel && typeof w.fbq === 'function') w.fbq('track', pixel, money, { eventID: e.id });
}
