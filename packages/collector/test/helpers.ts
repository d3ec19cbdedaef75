import { directTouch, validEvent } from '@leadbeacon/test-utils';
import type { EventType, Touch, WireEvent } from '../src/index';

export interface LeadSpec {
  id?: string;
  type?: EventType;
  ts: string;
  anonymousId?: string;
  sessionId?: string;
  userId?: string;
  value?: number;
  currency?: string;
  /** Last touch; the first touch is the same unless `first` is given. */
  touch?: Partial<Touch>;
  first?: Partial<Touch>;
  props?: Record<string, unknown>;
  consent?: WireEvent['consent'];
  url?: string;
}

/** A wire-valid event from the few fields a lead test cares about. */
export function leadEvent(spec: LeadSpec): WireEvent {
  const last = directTouch({ ts: spec.ts, ...spec.touch });
  const first = spec.first ? directTouch({ ts: spec.ts, ...spec.first }) : last;
  const e = validEvent({
    type: spec.type ?? 'form_submit',
    ts: spec.ts,
    attribution: { first, last },
    page: { url: spec.url ?? 'https://aircon.example/contact', path: '/contact', title: 'Contact', referrer: '' },
    ...(spec.id ? { id: spec.id } : {}),
    ...(spec.anonymousId ? { anonymousId: spec.anonymousId } : {}),
    ...(spec.sessionId ? { sessionId: spec.sessionId } : {}),
    ...(spec.userId ? { userId: spec.userId } : {}),
    ...(spec.value !== undefined ? { value: spec.value } : {}),
    ...(spec.currency ? { currency: spec.currency } : {}),
    ...(spec.consent ? { consent: spec.consent } : {}),
  });
  if (spec.props) e.props = { ...e.props, ...spec.props };
  return e;
}

/** A Google Ads click touch. */
export const googleClick = (ts: string, ids: Record<string, string>, campaign = 'aircon-repair'): Partial<Touch> => ({
  source: 'google',
  medium: 'cpc',
  campaign,
  channel: 'Paid Search',
  ts,
  clickIds: ids,
});

/** A Meta ad click touch. */
export const metaClick = (ts: string, fbclid: string, campaign = 'summer'): Partial<Touch> => ({
  source: 'facebook',
  medium: 'paid_social',
  campaign,
  channel: 'Paid Social',
  ts,
  clickIds: { fbclid },
});
