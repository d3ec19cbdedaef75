import { wrapMethod } from '../helpers/wrap-method';
import { scrubUrl } from '../privacy/scrub';
import type { Detector, DetectorContext, Props } from '../types';
import { listen, replacesPage } from '../util';
import { ANY_PLUGIN, fieldNames, formId, isLeadForm, methodOf, pluginOf, type FormOptions } from './forms/form-info';
import type { FormValues, HashWatch } from './forms/hashing';
import type { PluginWatch } from './forms/plugins';
import { watchRequests } from './forms/requests';
import { createSubmissions, type Submission, type Via } from './forms/submissions';

export { formId, fieldNames, isLeadForm, type FormOptions } from './forms/form-info';

type Form = HTMLFormElement;

/**
 * `form_submit`, one per submission of a lead form:
 * - a `submit` seen in the capture phase (on the document, and on open shadow roots the visitor
 *   touches) is judged once every handler ran: not prevented is a native submission, counted at
 *   once and sent by beacon (the page is leaving); `form.submit()`, which fires no event, too;
 * - a prevented one is the page's script at work and counts only on evidence that it was sent:
 *   a request it starts within 5 s that succeeds, a form plugin's success signal (for plugin
 *   forms the evidence, once the plugin hooks are loaded), or the site's own
 *   `track('form_submit', { formId })`;
 * - failed validation (browser constraints, validation libraries) leaves no evidence: no lead.
 */
export function forms(options: FormOptions = {}): Detector {
  return { name: 'forms', setup: (ctx) => watchForms(ctx, options) };
}

function watchForms(ctx: DetectorContext, options: FormOptions) {
  const win = ctx.window;
  const doc = win.document;
  const guard = ctx.guard;
  const cfg = ctx.config as FormOptions;
  const enhanced = options.enhancedConversions !== undefined ? options.enhancedConversions : cfg.enhancedConversions;
  // Web Crypto is there on https and localhost only.
  const subtle = enhanced && win.crypto && win.crypto.subtle;
  const undo: (() => void)[] = [];
  let plugins: PluginWatch | undefined;
  let hashing: HashWatch | undefined;
  /** The submit event being dispatched, judged once every handler ran. */
  let judging: { event: Event; submission: Submission<Form> } | undefined;
  let timer: unknown;
  let live = true;

  const subs = createSubmissions<Form>({ now: ctx.now, lead, pluginSignals: () => !!plugins });

  function lead(s: Submission<Form>, via: Via, leaving: boolean) {
    const f = s.form;
    const props: Props = {
      formId: s.formId,
      formName: (f && f.getAttribute('name')) || undefined,
      action: f ? scrubUrl(f.getAttribute('action') || '') : '',
      method: f ? methodOf(f) : 'post',
      fieldNames: f ? fieldNames(f) : [],
      via,
      provider: s.plugin,
    };
    const send = (hashed?: Props) => ctx.emit({ type: 'form_submit', props: { ...props, ...hashed }, leaving, el: f || undefined });
    if (hashing && s.values) hashing.withHashes(s.values as FormValues, leaving, send);
    else send();
  }

  /** A submission of a lead form, its values read; none when it was counted a moment ago (a double click, a second handler). */
  function submission(form: Form, plugin = pluginOf(form)) {
    const s = subs.of(form, formId(form), plugin);
    if (!s) return;
    s.form = form;
    if (hashing) s.values = hashing.read(form);
    return s;
  }

  /** Not prevented: the browser sends the form; the page leaves unless it targets a frame or window. */
  const native = (s: Submission<Form>) => subs.native(s, replacesPage(s.form && s.form.getAttribute('target')));

  const judge = guard(() => {
    const j = judging;
    judging = undefined;
    ctx.clearTimeout(timer);
    if (j && !j.event.defaultPrevented) native(j.submission);
  });

  const onSubmit = guard((event: Event) => {
    const form = event.target as Form;
    if (form.localName !== 'form' || !isLeadForm(form, options)) return;
    const plugin = pluginOf(form);
    if (plugin) loadPlugins();
    if (plugins) plugins.hook();
    judge();
    const s = submission(form, plugin);
    if (!s) return;
    subs.submitted(s);
    judging = { event, submission: s };
    // Judged once every handler ran: the window's bubble listener runs last; a handler that
    // stops propagation (or a shadow root) skips it, so a timer and the page leaving judge too.
    timer = ctx.setTimeout(judge, 0);
  });

  // An invalid field (reportValidity, a failed attempt) ends the waiting submission of its form.
  const onInvalid = guard((e: Event) => subs.invalid((e.target as HTMLInputElement).form!));

  const onPluginSuccess = (form: Form | null, plugin: string, fallbackId?: string) => {
    if (form && !isLeadForm(form, options)) return;
    const s = subs.of(form, form ? formId(form) : fallbackId || plugin, plugin);
    if (!s) return;
    s.plugin = plugin;
    if (form && hashing && !s.values) s.values = hashing.read(form);
    subs.pluginSuccess(s);
  };

  /** The plugins' signals, fetched once a plugin's markup is on the page. */
  function loadPlugins() {
    ctx.load('plugins', (p) => {
      if (plugins || !live) return;
      plugins = p.watchPlugins(ctx, onPluginSuccess);
      undo.push(plugins.off);
    });
  }
  const lookForPlugins = guard(() => doc.querySelector(ANY_PLUGIN) && loadPlugins());

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

  watchRoot(doc);
  undo.push(
    watchRequests(ctx, () => (live ? subs.requestStarted() : undefined)),
    // form.submit() sends the form without a submit event.
    wrapMethod(win.HTMLFormElement.prototype, 'submit', (form: Form) => {
      const s = live && isLeadForm(form, options) && submission(form);
      if (s) native(s);
    }),
    ctx.onTrack((name, props) => (name === 'form_submit' ? subs.siteCall(props.formId) : undefined)),
    listen(win, 'submit', judge),
    listen(win, 'pagehide', guard(() => (judge(), subs.leaving())), true),
    listen(doc, 'visibilitychange', judge, true),
    listen(doc, 'DOMContentLoaded', lookForPlugins),
    listen(win, 'load', lookForPlugins),
    ...['focusin', 'click', 'keydown'].map((type) => listen(doc, type, touch, true)),
  );
  lookForPlugins();
  if (subtle) {
    ctx.load('hashing', (h) => {
      if (!live || hashing) return;
      hashing = h.watchHashes(ctx, subtle, options.defaultCountry || (cfg as { defaultCountry?: string }).defaultCountry);
      undo.push(hashing.off);
    });
  }
  return () => {
    live = false;
    subs.stop();
    ctx.clearTimeout(timer);
    undo.forEach((u) => u());
  };
}
