import type { Detector, DetectorContext, Props } from '../types';
import { listen } from '../util';
import { scrubUrl } from '../privacy/scrub';
import { normalizeEmail, normalizePhone, sha256Hex } from '../privacy/hash';
import { spy, watchRequests } from './forms/requests';
import { pluginOf, watchPlugins } from './forms/plugins';

export interface FormOptions {
  /** Only forms matching this selector count (login and search forms too, when they match). */
  include?: string;
  /** Forms matching this selector never count (besides `[data-leadbeacon-ignore]`). */
  exclude?: string;
  /**
   * Adds `hashedEmail` and `hashedPhone` (SHA-256 of the normalised value, for Google enhanced
   * conversions). Defaults to the tracker's `enhancedConversions`.
   */
  enhancedConversions?: boolean;
  /** ISO country for national phone numbers; defaults to the tracker's `defaultCountry`. */
  defaultCountry?: string;
}

type Form = HTMLFormElement;

/** One submission of one form, from its submit event (or plugin signal) until it is counted or forgotten. */
interface Sub {
  f: Form | null;
  id: string;
  /** The plugin the form belongs to: only its own success signal counts. */
  pl?: string;
  /** When it was last submitted. */
  t: number;
  /** Requests started for it and not yet answered. */
  r: number;
  /** Normalised email and phone, read only to be hashed. */
  v: string[];
  done?: boolean;
}

/**
 * How long after a submission a request counts as its evidence, and how long after a lead
 * another submission of the same form is the same lead (double click, second handler).
 */
const WINDOW = 5000;

/** A stable name for a form: its id, else its name, else a CSS path from the nearest ancestor with an id. */
export function formId(form: Form): string {
  let path = form.getAttribute('id') || form.getAttribute('name');
  if (path) return path;
  path = '';
  for (let el: Element = form; ; ) {
    const tag = el.localName;
    const up = el.parentElement;
    if (!up) return tag + path;
    const same = Array.from(up.children).filter((x) => x.localName === tag);
    path = tag + (same.length > 1 ? ':nth-of-type(' + (same.indexOf(el) + 1) + ')' : '') + path;
    const id = up.getAttribute('id');
    if (id || up.localName === 'body') return (id ? '#' + id : 'body') + '>' + path;
    path = '>' + path;
    el = up;
  }
}

/** Names of the fields the visitor fills in (never values): no buttons, no hidden fields. */
export function fieldNames(form: Form): string[] {
  const names: string[] = [];
  for (const el of Array.from(form.elements) as HTMLInputElement[]) {
    const name = el.getAttribute('name');
    if (name && !/^(submit|button|reset|image|hidden|fieldset)$/.test(el.type) && names.indexOf(name) < 0) names.push(name);
  }
  return names;
}

/** The form's method, lowercase; `get` when it has none. */
const methodOf = (form: Form) => (form.getAttribute('method') || 'get').toLowerCase();

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
 * `form_submit`, one per submission of a lead form:
 * - a `submit` seen in the capture phase (on the document, and on open shadow roots the visitor
 *   touches) is judged once every handler ran: not prevented is a native submission, counted at
 *   once and sent by beacon (the page is leaving); `form.submit()`, which fires no event, too;
 * - a prevented one is the page's script at work and counts only on evidence that it was sent:
 *   a request it starts within 5 s that succeeds, a form plugin's success signal (for plugin
 *   forms the only evidence), or the site's own `track('form_submit', { formId })`;
 * - failed validation (browser constraints, validation libraries) leaves no evidence: no lead.
 */
export function forms(options: FormOptions = {}): Detector {
  return {
    name: 'forms',
    setup(ctx: DetectorContext) {
      const win = ctx.window;
      const doc = win.document;
      const guard = ctx.guard;
      const cfg = ctx.config as FormOptions & { endpoint: string };
      const country = options.defaultCountry || cfg.defaultCountry;
      const crypto = win.crypto;
      // Set only with enhanced conversions on (and Web Crypto there: https or localhost).
      const subtle = (options.enhancedConversions !== undefined ? options.enhancedConversions : cfg.enhancedConversions) && crypto && crypto.subtle;
      /** Normalised value -> its hash, or the hash on its way. */
      const hashes = new Map<string, string | Promise<string>>();
      /** formId -> when it was counted. */
      const counted = new Map<string, number>();
      /** Submissions with requests in flight: counted if the page leaves before the answer. */
      const flying = new Set<Sub>();
      const undo: (() => void)[] = [];
      const now = () => Date.now();
      const recent = (id: string) => now() - (counted.get(id) || 0) < WINDOW;
      /** The latest submission still waiting for evidence. */
      let pend: Sub | undefined;
      /** The submit event being dispatched, judged once every handler ran. */
      let judging: [Event, Sub] | undefined;
      let timer: number | undefined;
      let inputTimer: number | undefined;
      let live = true;

      // Values are read only to be hashed, and only with enhanced conversions on.
      /** 1 for an email field, 2 for a phone field, else 0; the type ("email", "tel") is tested with the names. */
      const kind = (el: Element) => {
        const t = (el as HTMLInputElement).type;
        if (!/^(email|tel|text|number)$/.test(t)) return 0;
        const n = t + ' ' + el.getAttribute('name') + ' ' + el.id + ' ' + el.getAttribute('autocomplete');
        return /mail/i.test(n) ? 1 : /phone|tel|mobile/i.test(n) ? 2 : 0;
      };
      /** The field's value normalised: '' unless it holds an email address or phone number. */
      const norm = (el: Element, k = kind(el)) => {
        const v = (el as HTMLInputElement).value;
        return k === 1 ? normalizeEmail(v) : k === 2 ? normalizePhone(v, country) : '';
      };
      /** The hash of a normalised value, or its promise; hashing starts once per value. */
      const hash = (v: string) => {
        let h = hashes.get(v);
        // A value is only ever read with `subtle` set.
        if (!h && v) hashes.set(v, (h = sha256Hex(v, subtle as SubtleCrypto).then((x) => (hashes.set(v, x), x), () => '')));
        return h;
      };
      /** Normalised [email, phone] of the form, hashing started. */
      const read = (form: Form) => {
        const v = ['', ''];
        if (subtle) {
          for (const el of Array.from(form.elements)) {
            const k = kind(el);
            if (k && !v[k - 1]) v[k - 1] = norm(el, k);
          }
        }
        v.forEach(hash);
        return v;
      };

      /** Marks a submission counted: no other lead comes from it, nor from its form for a moment. */
      const count = (p: Sub) => {
        p.done = true;
        flying.delete(p);
        counted.set(p.id, now());
        if (pend === p) pend = undefined;
      };

      const fire = (p: Sub, via: 'native' | 'script', leaving?: boolean) => {
        if (p.done || !live) return;
        count(p);
        const f = p.f;
        const props: Props = {
          formId: p.id,
          formName: (f && f.getAttribute('name')) || undefined,
          action: f ? scrubUrl(f.getAttribute('action') || '') : '',
          method: f ? methodOf(f) : 'post',
          fieldNames: f ? fieldNames(f) : [],
          via,
          provider: p.pl,
        };
        const send = (h: unknown[]) => {
          h.forEach((x, i) => {
            if (x && typeof x == 'string') props[i ? 'hashedPhone' : 'hashedEmail'] = x;
          });
          ctx.emit({ type: 'form_submit', props, leaving, el: f || undefined });
        };
        const h = p.v.map(hash);
        // A native submission never waits: it goes with the hashes already computed.
        if (leaving || h.every((x) => typeof x != 'object')) send(h);
        else Promise.all(h).then(guard(send));
      };

      /** Not prevented: the browser sends the form (the page leaves unless it targets a frame or window). */
      const native = (p: Sub) => {
        const target = p.f && p.f.getAttribute('target');
        const away = !target || /^_(self|top|parent)$/i.test(target);
        // A plugin posting into its own frame (Gravity Forms) reports success by its own event.
        if (away || !p.pl) fire(p, 'native', away);
      };

      const judge = guard(() => {
        const j = judging;
        judging = undefined;
        win.clearTimeout(timer);
        if (j && !j[0].defaultPrevented) native(j[1]);
      });

      /** The pending submission of this form, or a new one. */
      const subOf = (f: Form | null, id: string, pl?: string): Sub =>
        pend && (pend.id === id || (!f && pend.pl === pl)) ? pend : { f, id, pl, t: 0, r: 0, v: [] };

      /** A submission of a lead form, its values read; none when it was counted a moment ago (a double click, a second handler). */
      const submission = (form: Form) => {
        const id = formId(form);
        if (recent(id)) return;
        const p = subOf(form, id, pluginOf(form));
        p.f = form;
        p.v = read(form);
        return p;
      };

      const onSubmit = guard((e: Event) => {
        const form = e.target as Form;
        if (form.localName !== 'form' || !isLeadForm(form, options)) return;
        plugins.hook();
        judge();
        const p = submission(form);
        if (!p) return;
        pend = p;
        p.t = now();
        judging = [e, p];
        // Judged once every handler ran: the window's bubble listener runs last; a handler that
        // stops propagation (or a shadow root) skips it, so a timer and the page leaving judge too.
        timer = win.setTimeout(judge, 0);
      });

      // An invalid field (reportValidity, a failed attempt) ends the waiting submission of its form.
      const onInvalid = guard((e: Event) => {
        if (pend && pend.f === (e.target as HTMLInputElement).form) pend = undefined;
      });

      const plugins = watchPlugins(ctx, (form, pl, fallback) => {
        if (form && !isLeadForm(form, options)) return;
        const id = form ? formId(form) : fallback || pl;
        if (recent(id)) return;
        const p = subOf(form, id, pl);
        p.pl = pl;
        if (form && !p.v.some(Boolean)) p.v = read(form);
        fire(p, 'script');
      });

      undo.push(
        plugins.off,
        watchRequests(ctx, () => {
          const p = pend;
          if (!p || p.pl || now() - p.t > WINDOW) return;
          p.r++;
          flying.add(p);
          return guard((ok: boolean) => {
            if (!--p.r) flying.delete(p);
            if (ok) fire(p, 'script');
          });
        }),
      );

      // The site's own track('form_submit', { formId }) is the lead of the submission waiting for
      // evidence (or of the only one, when it names none); after a lead we counted, a repeat.
      if (ctx.onTrack) {
        undo.push(
          ctx.onTrack((name, props) => {
            try {
              if (name !== 'form_submit') return;
              const id = props.formId;
              const p = pend;
              if (p && (!id || id === p.id)) count(p);
              else if (typeof id === 'string') {
                if (recent(id)) return false;
                counted.set(id, now());
              }
            } catch {
              /* the site's call goes through */
            }
            return undefined;
          }),
        );
      }

      // `submit` is not composed: inside a shadow root the document never sees it. The roots the
      // visitor touches (focus, click, key) get the same listeners before any submission there.
      const roots = new Set<Node>();
      const watchRoot = (root: Node) => undo.push(listen(root, 'submit', onSubmit, true), listen(root, 'invalid', onInvalid, true));
      const touch = guard((e: Event) => {
        // Retargeted: inside an open shadow root the event's target is the host. Most targets
        // have no shadow root, and the path is not built for them.
        if (!(e.target as Element).shadowRoot) return;
        for (const n of e.composedPath() as Node[]) {
          if (n.nodeType === 11 && !roots.has(n)) {
            roots.add(n);
            watchRoot(n);
          }
        }
      });

      // Hashes of email and phone fields are kept ready, so a native submission's beacon has them:
      // a field is hashed once typing in it pauses, on change, or when another field is typed in
      // (autofill fills several at once).
      let typing: Element | undefined;
      const hashTyped = guard(() => {
        win.clearTimeout(inputTimer);
        if (typing) hash(norm(typing));
        typing = undefined;
      });
      const onInput = guard((e: Event) => {
        const el = e.composedPath()[0] as Element;
        if (!kind(el)) return;
        if (el !== typing) hashTyped();
        typing = el;
        if (e.type === 'change') hashTyped();
        else {
          win.clearTimeout(inputTimer);
          inputTimer = win.setTimeout(hashTyped, 300);
        }
      });

      const leave = guard(() => {
        judge();
        // The page leaves with a request still out: it was sent.
        flying.forEach((p) => fire(p, 'script', true));
      });

      watchRoot(doc);
      undo.push(
        // form.submit() sends the form without a submit event.
        spy(
          win.HTMLFormElement.prototype,
          'submit',
          guard((form: Form) => {
            const p = live && isLeadForm(form, options) && submission(form);
            if (p) native(p);
          }),
        ),
        listen(win, 'submit', judge),
        listen(win, 'pagehide', leave, true),
        listen(doc, 'visibilitychange', judge, true),
        ...['focusin', 'click', 'keydown'].map((type) => listen(doc, type, touch, true)),
      );
      if (subtle) undo.push(listen(doc, 'input', onInput, true), listen(doc, 'change', onInput, true));

      return () => {
        live = false;
        win.clearTimeout(timer);
        win.clearTimeout(inputTimer);
        undo.forEach((u) => u());
      };
    },
  };
}
