import { wrapMethod } from '../helpers/wrap-method';
import type { Detector, DetectorContext, FormValues, Props } from '../types';
import { listen, replacesPage, runAll } from '../util';
import { formExtras } from './forms/extras';
import { actionOf, fieldNames, formId, isLeadForm, methodOf, pluginOf, type FormOptions } from './forms/form-info';
import { watchRequests } from './forms/requests';
import { watchSubmitEvents } from './forms/submit-events';
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

/** The lead's props: what the form is, never what was typed into it. */
function leadProps(s: Submission<Form>, via: Via): Props {
  const f = s.form;
  return {
    formId: s.formId,
    formName: (f && f.getAttribute('name')) || undefined,
    action: f ? actionOf(f) : '',
    method: f ? methodOf(f) : 'post',
    fieldNames: f ? fieldNames(f) : [],
    via,
    provider: s.plugin,
  };
}

type Extras = ReturnType<typeof formExtras>;

/** Emits a submission's lead, with the hashes of its email and phone when hashing is on. */
function leadSender(ctx: DetectorContext, extras: () => Extras) {
  return (s: Submission<Form>, via: Via, leaving: boolean) => {
    // With hidden fields, the lead's id is the one its form gave the CRM; the next submission gets a new one.
    extras().spent(s.id);
    const send = (hashed?: Props) =>
      ctx.emit({ type: 'form_submit', props: { ...leadProps(s, via), ...hashed }, leaving, el: s.form || undefined, at: s.at, id: s.id });
    const hashes = extras().hashing();
    if (hashes && s.values) hashes.withHashes(s.values as FormValues, leaving, send);
    else send();
  };
}

function watchForms(ctx: DetectorContext, options: FormOptions) {
  const win = ctx.window;
  const guard = ctx.guard;
  /** The submit event being dispatched, judged once every handler ran. */
  let judging: { event: Event; submission: Submission<Form> } | undefined;
  let timer: unknown;
  let live = true;

  const subs = createSubmissions<Form>({
    now: ctx.now,
    pluginSignals: () => !!extras.plugins(),
    lead: leadSender(ctx, () => extras),
  });
  const extras = formExtras(ctx, options, (form, plugin, fallbackId) => {
    if (form && !isLeadForm(form, options)) return;
    const s = subs.of(form, form ? formId(form) : fallbackId || plugin, plugin);
    if (!s) return;
    s.plugin = plugin;
    if (form && !s.values) s.values = extras.read(form);
    subs.pluginSuccess(s);
  });

  /** A submission of a lead form, its values read; none when it was counted a moment ago. */
  function submission(form: Form, plugin = pluginOf(form)) {
    const s = subs.of(form, formId(form), plugin);
    if (!s) return undefined;
    s.form = form;
    s.id = extras.fill(form);
    s.values = extras.read(form);
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
    if (plugin) extras.pluginSubmitted();
    judge();
    const s = submission(form, plugin);
    if (!s) return;
    subs.submitted(s);
    s.at = ctx.stamp();
    judging = { event, submission: s };
    // Judged once every handler ran: the window's bubble listener runs last; a handler that
    // stops propagation (or a shadow root) skips it, so a timer and the page leaving judge too.
    timer = ctx.setTimeout(judge, 0);
  });

  const onInvalid = guard((e: Event) => subs.invalid((e.target as HTMLInputElement).form!));
  const onLeave = guard(() => (judge(), subs.leaving()));
  const undo = [
    watchSubmitEvents(ctx, onSubmit, onInvalid),
    watchRequests(ctx, () => (live ? subs.requestStarted() : undefined)),
    // form.submit() sends the form without a submit event.
    wrapMethod(win.HTMLFormElement.prototype, 'submit', (form: Form) => {
      const s = live && isLeadForm(form, options) && submission(form);
      if (s) native(s);
    }),
    ctx.onTrack((name, props) => (name === 'form_submit' ? subs.siteCall(props.formId) : undefined)),
    listen(win, 'submit', judge),
    listen(win, 'pagehide', onLeave, true),
    listen(win.document, 'visibilitychange', judge, true),
    extras.off,
  ];
  return () => {
    live = false;
    subs.stop();
    ctx.clearTimeout(timer);
    runAll(undo);
  };
}
