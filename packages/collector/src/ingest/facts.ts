import { CLICK_IDS, eventVersion, isClickId, trafficSource, UTM_KEYS, type TouchFacts, type WireEventV2 } from '@leadbeacon/wire';
import { classifyChannel } from '../leads/channels';
import { e164 } from '../platforms/identifiers';
import type { Touch, WireEvent } from '../types';

/**
 * Wire format version 2 interpreted: a tracker of version 2 sends the facts it saw (a touch's
 * UTM tags, click ids and external referrer; a phone as written with the site's default
 * country), and the collector draws here the conclusions a version-1 tracker drew in the
 * browser, so that what it stores, and so the dashboard, exports and uploads, is as before:
 * - each touch's source and medium (@leadbeacon/wire's `trafficSource`: UTM tags, Google's click
 *   ids, search engines, AI assistants, referrals) and its GA4 channel (Google's whole list);
 * - each click id only while its platform still takes conversions for it (CLICK_IDS' days,
 *   counted from when it was first seen to the event's time);
 * - a `call_click`'s phone in E.164 (the browser's `country`, else `--default-country`).
 * A version-1 event is stored as it came.
 */

const DAY = 86_400_000;

/** The touch's click ids still inside their platform's window at `at` (ms); undefined when none is. */
function liveClickIds(t: TouchFacts, at: number): Record<string, string> | undefined {
  let kept: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(t.clickIds ?? {})) {
    const seen = Date.parse(t.clickIdsSeen?.[name] ?? t.ts);
    const days = isClickId(name) ? CLICK_IDS[name]! : 30;
    if (typeof value === 'string' && value && !(at - seen > days * DAY)) kept = { ...kept, [name]: value };
  }
  return kept;
}

/** The source, medium and UTM fields a touch names itself (one interpreted in the browser), else undefined. */
function namedSource(t: TouchFacts): Pick<Touch, (typeof UTM_KEYS)[number]> | undefined {
  if (typeof t.source !== 'string' || typeof t.medium !== 'string' || !t.source || !t.medium) return undefined;
  const named: Record<string, string> = {};
  for (const key of UTM_KEYS) if (typeof t[key] === 'string' && t[key]) named[key] = t[key];
  return named as Pick<Touch, (typeof UTM_KEYS)[number]>;
}

/** A version-2 touch as version 1 stored it, at the event's time `at` (ms). */
export function interpretTouch(t: TouchFacts, at: number): Touch {
  // What version 2 adds or may name is rebuilt below; any other field is kept.
  const { utm, clickIds, clickIdsSeen, channel, source, medium, campaign, term, content, id, ...kept } = t;
  const named = namedSource(t);
  const traffic = named ?? trafficSource(t);
  const touch: Touch = {
    ...kept,
    ...traffic,
    channel: named && typeof channel === 'string' && channel ? channel : classifyChannel(traffic),
  };
  const live = liveClickIds(t, at);
  if (live) touch.clickIds = live;
  return touch;
}

/** A version-2 `call_click`'s props: `phone` in E.164 where it can be, without `country`. */
function callProps(props: WireEvent['props'], defaultCountry: string | undefined): WireEvent['props'] {
  const { country, ...rest } = props;
  const given = typeof country === 'string' && country ? country : defaultCountry;
  return { ...rest, phone: typeof rest.phone === 'string' ? e164(rest.phone, given) : rest.phone };
}

/**
 * The event as the collector stores it: a version-2 event interpreted (see above) into
 * version 1's shape, without `v`; a version-1 event as it is.
 */
export function interpretEvent(e: WireEvent | WireEventV2, defaultCountry?: string): WireEvent {
  if (eventVersion(e) !== 2) return e as WireEvent;
  const { v: _version, attribution, ...rest } = e as WireEventV2;
  const at = Date.parse(e.ts);
  const event = {
    ...rest,
    attribution: { first: interpretTouch(attribution.first, at), last: interpretTouch(attribution.last, at) },
  } as WireEvent;
  if (event.type === 'call_click') event.props = callProps(event.props, defaultCountry);
  return event;
}
