import { isEventType } from '@leadbeacon/wire';
import type { Detector, EventType, Props } from '../types';
import { callProps, countryOf, phoneProps, type CallOptions } from './calls';
import { dedupe } from '../helpers/dedupe';
import { leavesPage, onClick, REPEAT_MS } from '../helpers/link-clicks';
import { copiedContact } from './copy';
import { emailProps } from './emails';
import { chatLinkProps } from './chat/links';
import { toArray } from '../util';
import { NOT_A_CLICK_EVENT, warn } from '../warnings';

const PREFIX = 'data-leadbeacon-';
/** The lead types a click may declare, each with the props its link gives; other event types describe something other than a click. */
const LEADS = new Map<string, (href: string, country?: string) => Props | undefined>([
  ['call_click', callProps],
  ['email_click', emailProps],
  ['chat_start', chatLinkProps],
]);

/**
 * Declared calls to action: a click on any element with `data-leadbeacon-event="<type or
 * name>"` emits that event (`call_click`, `email_click`, `chat_start`, or any other name as a
 * `custom` event), once per double click. Props come from its `data-leadbeacon-*` attributes
 * (`data-leadbeacon-plan="pro"` -> `plan: "pro"`), except `data-leadbeacon-value` and
 * `-currency`, which the tracker makes the event's `value` and `currency`. The declaration wins over the
 * automatic link detectors for that element, so a declared `tel:` link counts once; the props
 * a lead type requires are filled from its href, its text, or left empty.
 */
/** The element's `data-leadbeacon-*` attributes, camelCased (not event, value, currency). */
function attributesOf(el: Element): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const a of toArray(el.attributes)) {
    const key = a.name.slice(PREFIX.length).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!a.name.indexOf(PREFIX) && !/^(event|value|currency)$/.test(key)) attrs[key] = a.value;
  }
  return attrs;
}

type Parse = NonNullable<ReturnType<typeof LEADS.get>>;

/** A declared element's props: what its link or text says (for a lead type), its attributes, `via: "cta"`. */
function ctaProps(el: Element, type: EventType, href: string, lead?: { parse: Parse; country?: string }): Props {
  const attrs = attributesOf(el);
  const country = lead && lead.country;
  // What the clicked link or the element's own text says, for the props a lead type requires.
  const text = lead && copiedContact(el.textContent!, country);
  const props: Props = {
    ...(text && text.type === type && text.props),
    ...(lead && lead.parse(href, country)),
    href,
    ...attrs,
    via: 'cta',
  };
  if (type === 'call_click') Object.assign(props, phoneProps(attrs.phone || (props.phone as string) || '', country));
  if (type === 'email_click') props.email = ((props.email as string) || '').toLowerCase();
  if (type === 'chat_start') {
    props.provider = props.provider || 'other';
    // The wire format allows only "widget" or "link" here.
    props.via = attrs.via === 'widget' ? 'widget' : 'link';
    props.signal = 'cta';
  }
  return props;
}

export function cta(options: CallOptions = {}): Detector {
  return {
    name: 'cta',
    setup(ctx) {
      const clicks = dedupe(ctx.now, REPEAT_MS);
      const country = countryOf(ctx, options);
      return onClick(ctx, ({ cta: el, link, href }, e) => {
        if (!el || clicks.repeat(el)) return;
        const name = el.getAttribute(PREFIX + 'event')!.trim();
        if (!name || (isEventType(name) && !LEADS.has(name))) return warn(ctx.log, NOT_A_CLICK_EVENT, name);
        const parse = LEADS.get(name);
        const type = (parse ? name : 'custom') as EventType;
        const props = ctaProps(el, type, href, parse && { parse, country });
        // `el`: the tracker reads `data-leadbeacon-value` and `-currency` from it.
        ctx.emit({ type, name, props, el, leaving: !!link && leavesPage(link, e, href) });
      });
    },
  };
}
