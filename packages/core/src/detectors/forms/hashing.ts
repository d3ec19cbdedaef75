/**
 * Enhanced-conversion hashing of a form's email and phone fields: the content of the lazy file
 * leadbeacon-hashing.min.js, fetched when `enhancedConversions` is on. Values are read only to
 * be hashed, and only here.
 */
import { normalizeEmail, normalizePhone, sha256Hex } from '../../privacy/hash';
import type { DetectorContext, Props } from '../../types';
import { listen, runAll, toArray } from '../../util';

/** The email and phone fields' normalised values of one submission. */
export interface FormValues {
  email: string;
  phone: string;
}

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
 * `withHashes(values, leaving, send)` calls `send` with `hashedEmail`/`hashedPhone`: at once
 * for a leaving page (with the hashes ready), else once they are.
 */
export function watchHashes(ctx: DetectorContext, subtle: SubtleCrypto, country?: string) {
  /** Normalised value -> its hash, or the hash on its way. */
  const hashes = new Map<string, string | Promise<string>>();
  let typing: Element | undefined;
  let timer: unknown;

  const normalised = (el: Element, kind = kindOf(el)) => {
    const v = (el as HTMLInputElement).value;
    return kind === 'email' ? normalizeEmail(v) : kind === 'phone' ? normalizePhone(v, country) : '';
  };
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
  const hashTyped = ctx.guard(() => {
    ctx.clearTimeout(timer);
    if (typing) hash(normalised(typing));
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
      hash(values.email);
      hash(values.phone);
      return values;
    },
    withHashes(values: FormValues, leaving: boolean, send: (hashed: Props) => void) {
      const email = hash(values.email);
      const phone = hash(values.phone);
      const props = (e: unknown, p: unknown): Props => ({
        hashedEmail: e && typeof e === 'string' ? e : undefined,
        hashedPhone: p && typeof p === 'string' ? p : undefined,
      });
      // A native submission never waits: it goes with the hashes already computed.
      if (leaving || (typeof email !== 'object' && typeof phone !== 'object')) send(props(email, phone));
      else Promise.all([email, phone]).then(ctx.guard(([e, p]) => send(props(e, p))));
    },
    off: () => runAll(undo),
  };
}

export type HashWatch = ReturnType<typeof watchHashes>;
