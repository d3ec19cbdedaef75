import type { Detector, Props } from '../types';
import { dedupe } from '../helpers/dedupe';
import { listen, toJson } from '../util';
import { countryOf, phoneProps, type CallOptions } from './calls';

export interface CopyOptions extends CallOptions {
  /** `false`: copied phone numbers are not recorded. */
  phones?: boolean;
  /** `false`: copied email addresses are not recorded. */
  emails?: boolean;
}

/**
 * What a copied text is, if it is nothing but a phone number or an email address (after an
 * optional short label such as "Hotline:" and trailing punctuation). A paragraph that merely
 * contains one is not a lead; neither are prices (`1.500.000`), ISO dates or short numbers.
 */
export function copiedContact(text: string, country?: string): { type: 'call_click' | 'email_click'; props: Props } | undefined {
  const s = text
    .trim()
    .replace(/^[^\d+@:]{1,24}:\s*/, '')
    .replace(/[.,;]$/, '');
  if (s.length > 40) return;
  if (/^[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}$/i.test(s)) {
    return { type: 'email_click', props: { email: s.toLowerCase(), href: '', via: 'copy' } };
  }
  // 7 to 15 digits, separated only by spaces, brackets, dots or dashes.
  if (/^\+?(?:[\s().-]*\d){7,15}[\s().-]*$/.test(s) && !/^\d{1,3}([.,]\d{3})+$|^\d{4}-\d\d-\d\d$/.test(s)) {
    return { type: 'call_click', props: { ...phoneProps(s, country), href: '', via: 'copy' } };
  }
  return undefined;
}

/**
 * A visitor who copies a phone number or an email address shown on the page is a lead:
 * `call_click` / `email_click` with `via: "copy"`, once per number or address per page load.
 * Copies out of editable fields (what the visitor typed) are never looked at; read-only
 * fields count, since "copy" buttons select a hidden read-only textarea.
 */
export function copies(options: CopyOptions = {}): Detector {
  return {
    name: 'copy',
    setup(ctx) {
      const w = ctx.window;
      const country = countryOf(ctx, options);
      const copied = dedupe(ctx.now);
      return listen(
        w.document,
        'copy',
        ctx.guard((e: Event) => {
          // The copy event's target: the focused field, else where the selection starts.
          const node = e.composedPath()[0] as Element;
          const el = node.nodeType === 1 ? node : node.parentElement;
          if (!el || el.closest('[data-leadbeacon-ignore]')) return;
          const field = /^(input|textarea)$/.test(el.localName) && (el as HTMLInputElement);
          // What the visitor typed is not what the page shows: only read-only fields and the page count.
          if (field ? !field.readOnly : (el as HTMLElement).isContentEditable) return;
          const text = field ? field.value.slice(field.selectionStart || 0, field.selectionEnd || 0) : String(w.getSelection());
          const hit = copiedContact(text, country);
          if (!hit || options[hit.type === 'call_click' ? 'phones' : 'emails'] === false) return;
          // One lead per number however it is written: `0901 234 567` and `+84 901 234 567` end alike.
          const phone = hit.props.phone as string | undefined;
          if (copied.repeat(phone ? 'tel:' + phone.replace(/\D/g, '').slice(-8) : toJson(hit.props))) return;
          ctx.emit({ ...hit, el });
        }),
        true,
      );
    },
  };
}
