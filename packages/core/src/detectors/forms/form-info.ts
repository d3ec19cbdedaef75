import { scrubUrl } from '../../privacy/scrub';
import type { TrackerConfig } from '../../types';
import { toArray } from '../../util';

/** What a form is, read from its markup: its stable name, field names, method, plugin, and whether it can be a lead. */

export interface FormOptions {
  /** Only forms matching this selector count (login and search forms too, when they match). */
  include?: string;
  /** Forms matching this selector never count (besides `[data-leadbeacon-ignore]`). */
  exclude?: string;
  /**
   * Adds `hashedEmail` and `hashedPhone` (SHA-256 of the value normalised by Google's rules, for
   * enhanced conversions) and `metaHashedEmail`/`metaHashedPhone` (by Meta's, for the Conversions
   * API). Defaults to the tracker's `enhancedConversions`.
   */
  enhancedConversions?: boolean;
  /** ISO country for national phone numbers; defaults to the tracker's `defaultCountry`. */
  defaultCountry?: string;
  /** Hidden fields with the lead's ids (see TrackerConfig.fillFields); defaults to the tracker's `fillFields`. */
  fillFields?: TrackerConfig['fillFields'];
}

type Form = HTMLFormElement;

/** A stable name for a form: its id, else its name, else a CSS path from the nearest ancestor with an id. */
export function formId(form: Form): string {
  let path = form.getAttribute('id') || form.getAttribute('name');
  if (path) return path;
  path = '';
  for (let el: Element = form; ;) {
    const tag = el.localName;
    const up = el.parentElement;
    if (!up) return tag + path;
    // Counted by hand: pages' libraries replace Array.from (see toArray).
    let same = 0;
    let nth = 0;
    for (const x of toArray(up.children)) {
      if (x.localName === tag) same++;
      if (x === el) nth = same;
    }
    path = tag + (same > 1 ? ':nth-of-type(' + nth + ')' : '') + path;
    const id = up.getAttribute('id');
    if (id || up.localName === 'body') return (id ? '#' + id : 'body') + '>' + path;
    path = '>' + path;
    el = up;
  }
}

/** Names of the fields the visitor fills in (never values): no buttons, no hidden fields. */
export function fieldNames(form: Form): string[] {
  const names: string[] = [];
  for (const el of toArray(form.elements) as HTMLInputElement[]) {
    const name = el.getAttribute('name');
    if (name && !/^(submit|button|reset|image|hidden|fieldset)$/.test(el.type) && names.indexOf(name) < 0) names.push(name);
  }
  return names;
}

/**
 * The form's action, scrubbed as URLs are, without its fragment (never sent): as written when
 * absolute; a relative one (SvelteKit's `?/contact`) resolved against the page and kept as path
 * and query (`/book?/contact`). Empty when the form names none.
 */
export function actionOf(form: Form): string {
  const action = form.getAttribute('action');
  if (!action) return '';
  try {
    const url = new URL(action, form.ownerDocument.baseURI);
    url.hash = '';
    const scrubbed = scrubUrl(url.href);
    return /^([a-z][\w+.-]*:|\/\/)/i.test(action) ? scrubbed : scrubbed.slice(url.origin.length);
  } catch {
    return '';
  }
}

/** The form's method, lowercase; `get` when it has none. */
export const methodOf = (form: Form) => (form.getAttribute('method') || 'get').toLowerCase();

/** Login, search and dialog forms are not leads; neither is anything the site marked or excluded. */
export function isLeadForm(form: Form, o: FormOptions = {}): boolean {
  // One lookup each way for the common case (a form in no search landmark, marked by nothing).
  const around = form.closest('[data-leadbeacon-ignore],search,[role=search]');
  if (around && form.closest('[data-leadbeacon-ignore]')) return false;
  try {
    if (o.exclude && form.matches(o.exclude)) return false;
    if (o.include) return form.matches(o.include);
  } catch {
    /* an invalid selector in config excludes nothing */
  }
  const method = methodOf(form);
  if (method === 'dialog' || around || form.querySelector('input[type=password],input[type=search]')) return false;
  if (method === 'get') {
    const text = form.querySelectorAll('input:not([type]),input[type=text],textarea');
    if (text.length === 1 && !form.querySelector('input[type=email],input[type=tel],select')) return false;
  }
  return true;
}

/**
 * Form plugins recognised by their markup. Their own success signal is the evidence of a lead:
 * they post by AJAX even when server-side validation then fails, so a request proves nothing.
 */
export const PLUGIN_MARKUP = {
  cf7: '.wpcf7,.wpcf7-form',
  elementor: '.elementor-form',
  wpforms: '.wpforms-form',
  gravityforms: '.gform_wrapper,[id^=gform_]',
  hubspot: '.hs-form,.hbspt-form,.hs-form-frame',
};

/** Any plugin's markup. */
export const ANY_PLUGIN = /* @__PURE__ */ Object.values(PLUGIN_MARKUP).join();

/** The plugin a form belongs to, if one is recognised. */
export function pluginOf(form: Element): string | undefined {
  // Most forms belong to no plugin: one lookup for all of them first.
  if (!form.closest(ANY_PLUGIN)) return undefined;
  for (const [plugin, selector] of Object.entries(PLUGIN_MARKUP)) if (form.closest(selector)) return plugin;
  return undefined;
}
