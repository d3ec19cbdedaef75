import type { Detector, DetectorContext } from '../types';
import { listen } from '../util';

export interface FormOptions {
  /** Only forms matching this selector count. */
  include?: string;
  /** Forms matching this selector never count (besides `[data-leadbeacon-ignore]`). */
  exclude?: string;
}

type Form = HTMLFormElement;

/** A stable way to name a form: id, else name, else its position among the page's forms. */
export function formId(form: Form): string {
  const id = form.getAttribute('id') || form.getAttribute('name');
  if (id) return id;
  const all = Array.prototype.indexOf.call(form.ownerDocument.forms, form);
  return `form:nth-of-type(${all + 1})`;
}

/** Names of the fields the visitor could fill (never values). */
export function fieldNames(form: Form): string[] {
  const names: string[] = [];
  for (const el of Array.from(form.elements) as HTMLInputElement[]) {
    const name = el.getAttribute('name');
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (name && !/^(submit|button|reset|image)$/.test(type) && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Login and search forms are not leads; neither is anything the site marked or excluded. */
export function isLeadForm(form: Form, o: FormOptions): boolean {
  if (form.closest('[data-leadbeacon-ignore]')) return false;
  try {
    if (o.exclude && form.matches(o.exclude)) return false;
    if (o.include) return form.matches(o.include);
  } catch {
    /* an invalid selector in config excludes nothing */
  }
  if (form.querySelector('input[type=password]')) return false;
  if (form.getAttribute('role') === 'search' || form.closest('[role=search]') || form.querySelector('input[type=search]')) return false;
  const method = (form.getAttribute('method') || 'get').toLowerCase();
  if (method === 'get') {
    const text = form.querySelectorAll('input:not([type]),input[type=text],input[type=search],textarea');
    if (text.length === 1 && !form.querySelector('input[type=email],input[type=tel],select')) return false;
  }
  return true;
}

/**
 * `form_submit`: a capture listener on `submit` sees every submission; after the event has run
 * its course, not `defaultPrevented` is a native submission (the page is leaving: sent at once
 * by beacon), prevented is a script submission. `form.submit()` fires no event, so it is wrapped.
 */
export function forms(options: FormOptions = {}): Detector {
  return {
    name: 'forms',
    setup(ctx: DetectorContext) {
      const win = ctx.window;
      const doc = win.document;
      let pending: { e: Event | null; form: Form } | null = null;
      let timer: number | undefined;
      const recent = new WeakMap<Form, number>();

      const record = (form: Form, via: 'native' | 'script') => {
        const now = Date.now();
        const last = recent.get(form);
        // Two submit events of one form within a moment are one submission (double click, two handlers).
        if (last !== undefined && now - last < 2000) return;
        recent.set(form, now);
        ctx.emit({
          type: 'form_submit',
          props: {
            formId: formId(form),
            formName: form.getAttribute('name') || undefined,
            action: form.getAttribute('action') || '',
            method: (form.getAttribute('method') || 'get').toLowerCase(),
            fieldNames: fieldNames(form),
            via,
          },
          leaving: via === 'native',
        });
      };

      const settle = ctx.guard(() => {
        const p = pending;
        pending = null;
        if (p) record(p.form, p.e && p.e.defaultPrevented ? 'script' : 'native');
      });

      const onSubmit = ctx.guard((e: Event) => {
        const path = typeof e.composedPath === 'function' ? e.composedPath() : [];
        const form = (path[0] || e.target) as Form;
        if (!form || form.localName !== 'form' || !isLeadForm(form, options)) return;
        settle();
        pending = { e, form };
        // Decide once every handler has run: the window's bubble listener runs last; a handler
        // that stops propagation skips it, so a timer and the page leaving also decide.
        timer = win.setTimeout(settle, 0);
      });

      const proto = win.HTMLFormElement.prototype;
      const nativeSubmit = proto.submit;
      let live = true;
      // form.submit() navigates without a submit event.
      const patchedSubmit = function (this: Form) {
        if (live) ctx.guard(() => isLeadForm(this, options) && record(this, 'native'))();
        return nativeSubmit.call(this);
      };
      proto.submit = patchedSubmit;

      const undo = [
        listen(doc, 'submit', onSubmit, true),
        listen(win, 'submit', settle),
        listen(win, 'pagehide', settle, true),
        listen(doc, 'visibilitychange', settle, true),
        () => {
          live = false;
          win.clearTimeout(timer);
          if (proto.submit === patchedSubmit) proto.submit = nativeSubmit;
        },
      ];
      return () => undo.forEach((u) => u());
    },
  };
}
