import { isLeadType, WIRE_VERSION, type LeadQuality } from '@leadbeacon/wire';
import type { VisitorIds } from '../identity/visitor';
import type { EmitInput, Stamp, WireEvent } from '../types';
import { iso, own } from '../util';

export type { Stamp } from '../types';

/** An action as it happened; its event is built from it a task later. */
export interface Captured {
  input: EmitInput;
  stamp: Stamp;
  value?: number;
  currency?: string;
  /**
   * A page view after a single-page-app navigation: routers set the new title after the
   * address, so its title is read when the title has changed (or a moment has passed).
   */
  awaitsTitle?: boolean;
  /** A lead's signals: how it was made (quality/signals.ts). */
  quality?: LeadQuality;
}

export const isLead = (c: Captured): boolean => isLeadType(c.input.type);

/** The configured value for the event's name, else for its type (own entries only). */
const configured = (values: Record<string, number>, name: string, type: string) =>
  own(values, name) ? values[name] : own(values, type) ? values[type] : undefined;

/**
 * The value of an action: given, else the element's (or an ancestor's) `data-leadbeacon-value`,
 * else the config's by event name, then by type. Its currency: given, else the element's
 * `data-leadbeacon-currency`, else the config's (checked against the wire format with the event).
 */
export function valueOf(input: EmitInput, values: Record<string, number>, currency?: string): Pick<Captured, 'value' | 'currency'> {
  const el = input.el && typeof input.el.closest === 'function' ? input.el.closest('[data-leadbeacon-value]') : null;
  const attr = el ? parseFloat(el.getAttribute('data-leadbeacon-value') || '') : NaN;
  const name = input.name || input.type;
  const v = input.value !== undefined ? input.value : isFinite(attr) ? attr : configured(values, name, input.type);
  if (typeof v !== 'number' || !isFinite(v)) return {};
  const code = input.currency || (el && el.getAttribute('data-leadbeacon-currency')) || currency;
  return { value: v, currency: code || undefined };
}

/** The event as it goes on the wire, from the captured action, its id, the visitor and a URL scrubber. */
export function buildEvent(c: Captured, id: string, visitor: VisitorIds, scrub: (url: string) => string): WireEvent {
  const { input, stamp } = c;
  const { first, last, ...ids } = visitor;
  const event: WireEvent = {
    v: WIRE_VERSION,
    id,
    type: input.type,
    name: input.name || input.type,
    ts: iso(stamp.now),
    ...ids,
    page: { url: scrub(stamp.url), path: stamp.path, title: stamp.title, referrer: scrub(stamp.referrer) },
    attribution: { first, last },
    props: { ...input.props },
  };
  if (c.value !== undefined) event.value = c.value;
  if (c.currency) event.currency = c.currency;
  if (c.quality) event.quality = c.quality;
  return event;
}
