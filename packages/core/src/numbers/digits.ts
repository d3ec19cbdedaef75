/**
 * Finding a phone number in text however it is written, and writing another in its place with
 * the same formatting: `(028) 1234 5678`, `+84 28 1234 5678`, `028.1234.5678` and `tel:` hrefs
 * all name +842812345678. A written number matches when its digits are the E.164 digits (an
 * international form), or a national form: the E.164 digits without a 1- to 3-digit country
 * code, with or without a trunk `0`. The replacement goes digit for digit into the same places,
 * so spaces, dots, dashes and brackets stay where the page had them.
 */

/** A run of digits and the separators people write numbers with (at least 7 digits). */
export const CANDIDATE = /\+?\(?\d[\d\s().\u00a0\u2011-]{5,}\d/g;

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** The form `written` has if it names `e164`: the digits it uses for that number; else undefined. */
function formOf(written: string, e164: string): { cc: number; trunk: boolean } | undefined {
  const d = digitsOf(written);
  const all = digitsOf(e164);
  if (d === all) return { cc: 0, trunk: false };
  if (d.length < 7 || d.length > all.length) return undefined;
  const cc = all.length - d.length;
  if (d[0] === '0' && cc + 1 <= 3 && all.endsWith(d.slice(1))) return { cc: cc + 1, trunk: true };
  if (cc >= 1 && cc <= 3 && all.endsWith(d)) return { cc, trunk: false };
  return undefined;
}

/**
 * `written` rewritten to name `next` instead of `from` in the same form and formatting, or
 * undefined when `written` does not name `from`. Numbers of another length go in as a plain form.
 */
export function rewrite(written: string, from: string, next: string): string | undefined {
  const form = formOf(written, from);
  if (!form) return undefined;
  const nextDigits = digitsOf(next);
  const wanted = (form.trunk ? '0' : '') + nextDigits.slice(form.cc);
  const have = digitsOf(written);
  if (wanted.length !== have.length) return form.cc === 0 ? next : wanted;
  let i = 0;
  return written.replace(/\d/g, () => wanted[i++]!);
}

/** `text` with every number that names one of `from` rewritten to `next`; the same string when none does. */
export function rewriteText(text: string, from: readonly string[], next: string): string {
  return text.replace(CANDIDATE, (found) => {
    for (const f of from) {
      const out = rewrite(found, f, next);
      if (out !== undefined) return out;
    }
    return found;
  });
}
