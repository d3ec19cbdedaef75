import type { Detector, DetectorContext, Props } from '../types';
import { decode } from '../util';
import { linkLeads } from '../helpers/link-clicks';

export interface CallOptions {
  /** ISO country for national numbers, e.g. "VN": the collector writes `0901 234 567` as `+84901234567`. */
  defaultCountry?: string;
}

/** The default country: the detector's option, else the tracker's `defaultCountry`. */
export const countryOf = (ctx: DetectorContext, options: CallOptions): string | undefined =>
  options.defaultCountry || (ctx.config as CallOptions).defaultCountry;

/**
 * A call's number as written, with the default country for a national number (wire format
 * version 2: the collector writes it in E.164, as it does the numbers of CRM imports).
 */
export const phoneProps = (written: string, country?: string): Props => (country ? { phone: written, country } : { phone: written });

/** `call_click` props of a `tel:` or `callto:` href; undefined for other links and empty numbers. */
export function callProps(href: string, country?: string): Props | undefined {
  const m = /^(?:tel|callto):(?:\/\/)?(.*)$/i.exec(href);
  const written = m ? decode(m[1]!).trim() : '';
  return written ? { ...phoneProps(written, country), href, via: 'link' } : undefined;
}

/**
 * `call_click` for `tel:` and `callto:` links (click, keyboard activation, middle click), with
 * `phone` as written and `country` (the collector writes it in E.164). A double click is one call.
 */
export const calls = (options: CallOptions = {}): Detector =>
  linkLeads('calls', 'call_click', (href, ctx) => callProps(href, countryOf(ctx, options)));
