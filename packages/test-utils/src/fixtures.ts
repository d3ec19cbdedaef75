import { randomUUID } from 'node:crypto';
import type { EventType, Touch, WireBatch, WireEvent } from '@leadbeacon/collector';

/** Props that satisfy the contract for each type (contract §2 table). */
const propsFor: Record<EventType, Record<string, unknown>> = {
  page_view: {},
  form_submit: { formId: 'contact', fieldNames: ['name', 'email', 'message'], via: 'native' },
  call_click: { phone: '+14155550123', href: 'tel:+1-415-555-0123' },
  email_click: { email: 'sales@example.com', href: 'mailto:sales@example.com' },
  chat_start: { provider: 'intercom', via: 'widget' },
  call: { to: '+842812345601', provider: 'twilio', answered: true, duration: 75 },
  web_vital: { metric: 'LCP', value: 1234.5, rating: 'good' },
  identify: {},
  custom: {},
};

export function directTouch(overrides: Partial<Touch> = {}): Touch {
  return {
    source: '(direct)',
    medium: '(none)',
    channel: 'Direct',
    landingPage: 'https://example.com/',
    ts: new Date().toISOString(),
    ...overrides,
  };
}

/**
 * A wire-format-valid event: a page_view unless `type` says otherwise. `name` follows `type`
 * and `props` get that type's required fields unless overridden; a fresh id each call.
 */
export function validEvent(overrides: Partial<WireEvent> = {}): WireEvent {
  const type = overrides.type ?? 'page_view';
  const touch = directTouch();
  return {
    id: randomUUID(),
    type,
    name: type === 'custom' ? 'custom_event' : type,
    ts: new Date().toISOString(),
    anonymousId: 'anon-' + randomUUID().slice(0, 8),
    sessionId: 'sess-' + randomUUID().slice(0, 8),
    page: { url: 'https://example.com/contact', path: '/contact', title: 'Contact us', referrer: '' },
    attribution: { first: touch, last: touch },
    props: { ...propsFor[type] },
    ...overrides,
  };
}

/** A wire-format-valid batch of `events` (default: one page_view). */
export function validBatch(events: WireEvent[] = [validEvent()], overrides: Partial<WireBatch> = {}): WireBatch {
  return {
    v: 1,
    sentAt: new Date().toISOString(),
    sdk: { name: 'leadbeacon', version: '0.0.0-test' },
    events,
    ...overrides,
  };
}
