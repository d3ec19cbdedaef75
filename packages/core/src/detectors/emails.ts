import type { Detector, Props } from '../types';
import { decode } from '../util';
import { linkLeads } from '../helpers/link-clicks';

/**
 * `email_click` props of a `mailto:` href: the (first) address lowercased, and the subject when
 * present. Undefined for other links and for addressless share links (`mailto:?body=…`).
 */
export function emailProps(href: string): Props | undefined {
  const m = /^mailto:([^?]*)\??(.*)$/i.exec(href);
  const email = m ? decode(m[1]!).split(/[,;]/)[0]!.trim().toLowerCase() : '';
  if (!/.@./.test(email)) return;
  const props: Props = { email, href, via: 'link' };
  // RFC 6068: "+" is a plus sign here, not a space.
  const subject = /(?:^|&)subject=([^&]*)/i.exec(m![2]!);
  if (subject && subject[1]) props.subject = decode(subject[1]);
  return props;
}

/** `email_click` for `mailto:` links (click, keyboard activation, middle click). A double click is one. */
export const emails = (): Detector => linkLeads('emails', 'email_click', emailProps);
