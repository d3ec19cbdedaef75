import type { Detector, DetectorContext, Props } from '../types';
import { decode } from '../util';
import { linkLeads } from '../helpers/link-clicks';
import { toE164 } from './phone';

export interface CallOptions {
  /** ISO country for national numbers, e.g. "VN": `0901 234 567` -> `+84901234567`. */
  defaultCountry?: string;
}

/** The default country: the detector's option, else the tracker's `defaultCountry`. */
export const countryOf = (ctx: DetectorContext, options: CallOptions): string | undefined =>
  options.defaultCountry || (ctx.config as CallOptions).defaultCountry;

/** `call_click` props of a `tel:` or `callto:` href; undefined for other links and empty numbers. */
export function callProps(href: string, country?: string): Props | undefined {
  const m = /^(?:tel|callto):(?:\/\/)?(.*)$/i.exec(href);
  const written = m ? decode(m[1]!).trim() : '';
  return written ? { phone: toE164(written, country), href, via: 'link' } : undefined;
}

/**
 * `call_click` for `tel:` and `callto:` links (click, keyboard activation, middle click), with
 * `phone` in E.164 where it can be normalised. A double click is one call.
 */
export const calls = (options: CallOptions = {}): Detector =>
  linkLeads('calls', 'call_click', (href, ctx) => callProps(href, countryOf(ctx, options)));
