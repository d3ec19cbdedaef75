import { trafficSource } from '@leadbeacon/wire';
import type { Touch, WireEvent } from '../types';
import { classifyChannel } from './channel';

/**
 * The browser-side interpretation of a visit's source, for sites that post to their own endpoint
 * and want it there (`leadbeacon/channel`, the lazy `leadbeacon-channel.min.js` with
 * `data-channel`, `channel: true`): each touch's source, medium and GA4 channel, named as the
 * tracker named them before the wire format's version 2. The bundled collector needs none of
 * this: it names them itself, with Google's whole source list.
 */

/** The touch with its source, medium (UTM campaign, term, content, id) and GA4 channel; one that has them already as it is. */
export function interpretTouch(t: Touch): Touch {
  if (t.source && t.medium && t.channel) return t;
  const traffic = trafficSource(t);
  return { ...t, ...traffic, channel: classifyChannel(traffic) };
}

/** The event with both touches interpreted (see interpretTouch). */
export function withChannel(e: WireEvent): WireEvent {
  const { first, last } = e.attribution;
  return { ...e, attribution: { first: interpretTouch(first), last: interpretTouch(last) } };
}
