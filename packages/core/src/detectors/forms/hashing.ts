/**
 * Enhanced-conversion hashing of a form's email and phone fields: the content of the lazy file
 * leadbeacon-hashing.min.js, fetched when `enhancedConversions` is on. Values are read only to
 * be hashed, and only here.
 */
import { normalizeEmail, normalizeMetaEmail, normalizeMetaPhone, normalizePhone } from '@leadbeacon/wire/identifiers';
import { sha256Hex } from '../../privacy/hash';
import type { DetectorContext, FormValues, HashWatch, Props } from '../../types';
import { listen, runAll, toArray } from '../../util';

type Kind = keyof FormValues;

/** An email or phone field; the type ("email", "tel") is tested with the name, id and autocomplete. */
function kindOf(el: Element): Kind | undefined {
  const type = (el as HTMLInputElement).type;
  if (!/^(email|tel|text|number)$/.test(type)) return undefined;
  const words = type + ' ' + el.getAttribute('name') + ' ' + el.id + ' ' + el.getAttribute('autocomplete');
  return /mail/i.test(words) ? 'email' : /phone|tel|mobile/i.test(words) ? 'phone' : undefined;
}

/**
 * Keeps hashes of the email and phone fields ready, so a native submission's beacon has them: a
 * field is hashed once typing in it pauses, on change, or when another field is typed in
 * (autofill fills several at once). `read(form)` takes a submission's values (hashing starts);
 * `withHashes(values, leaving, send)` calls `send` with `hashedEmail`/`hashedPhone` (Google's
 * normalisation) and `metaHashedEmail`/`metaHashedPhone` (Meta's): at once for a leaving page
 * (with the hashes ready), else once they are.
 */
export function watchHashes(ctx: DetectorContext, subtle: SubtleCrypto, country?: string): HashWatch {
  /** Normalised value -> its hash, or the hash on its way. */
  const hashes = new Map<string, string | Promise<string>>();
  let typing: Element | undefined;
  let timer: unknown;

  /** The field's value, trimmed, when it is an email or phone (by Google's rules); else ''. */
  const normalised = (el: Element, kind = kindOf(el)) => {
    const v = (el as HTMLInputElement).value;
    return (kind === 'email' ? normalizeEmail(v) : kind === 'phone' ? normalizePhone(v, country) : '') && v.trim();
  };
  /** A value normalised by Google's rules, then by Meta's. */
  const platforms = (kind: Kind, v: string) =>
    kind === 'email' ? [normalizeEmail(v), normalizeMetaEmail(v)] : [normalizePhone(v, country), normalizeMetaPhone(v, country)];
  const hash = (v: string) => {
    let h = hashes.get(v);
    if (!h && v)
      hashes.set(
        v,
        (h = sha256Hex(v, subtle).then(
          (x) => (hashes.set(v, x), x),
          () => '',
        )),
      );
    return h;
  };
  /** Both platforms' hashes of a value: Google's email, Meta's email (or the phone's). */
  const hashBoth = (kind: Kind, v: string) => {
    const [google, meta] = platforms(kind, v);
    return [hash(google!), hash(meta!)];
  };
  const hashTyped = ctx.guard(() => {
    ctx.clearTimeout(timer);
    if (typing) hashBoth(kindOf(typing)!, normalised(typing));
    typing = undefined;
  });
  const onInput = ctx.guard((e: Event) => {
    const el = e.composedPath()[0] as Element;
    if (!kindOf(el)) return;
    if (el !== typing) hashTyped();
    typing = el;
    if (e.type === 'change') hashTyped();
    else {
      ctx.clearTimeout(timer);
      timer = ctx.setTimeout(hashTyped, 300);
    }
  });
  const doc = ctx.window.document;
  const undo = [listen(doc, 'input', onInput, true), listen(doc, 'change', onInput, true), () => ctx.clearTimeout(timer)];

  return {
    read(form: HTMLFormElement): FormValues {
      const values: FormValues = { email: '', phone: '' };
      for (const el of toArray(form.elements)) {
        const kind = kindOf(el);
        if (kind && !values[kind]) values[kind] = normalised(el, kind);
      }
      hashBoth('email', values.email);
      hashBoth('phone', values.phone);
      return values;
    },
    withHashes(values: FormValues, leaving: boolean, send: (hashed: Props) => void) {
      const hashes = hashBoth('email', values.email).concat(hashBoth('phone', values.phone));
      const hex = (h: unknown) => (h && typeof h === 'string' ? h : undefined);
      const props = (h: unknown[]): Props => ({
        hashedEmail: hex(h[0]),
        metaHashedEmail: hex(h[1]),
        hashedPhone: hex(h[2]),
        metaHashedPhone: hex(h[3]),
      });
      // A native submission never waits: it goes with the hashes already computed.
      if (leaving || !hashes.some((h) => typeof h === 'object')) send(props(hashes));
      else Promise.all(hashes).then(ctx.guard((h) => send(props(h))));
    },
    off: () => runAll(undo),
  };
}
