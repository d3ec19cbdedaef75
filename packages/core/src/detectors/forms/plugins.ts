import type { DetectorContext } from '../../types';
import { listen } from '../../util';

type Form = HTMLFormElement;
type JQuery = ((el: unknown) => { on(events: string, fn: unknown): unknown; off(events: string, fn: unknown): unknown }) & { fn?: unknown };

/**
 * Form plugins recognised by their markup. Their own success signal is the evidence of a lead:
 * they post by AJAX even when server-side validation then fails, so a request proves nothing.
 */
const PLUGINS: [string, string][] = [
  ['cf7', '.wpcf7,.wpcf7-form'],
  ['elementor', '.elementor-form'],
  ['wpforms', '.wpforms-form'],
  ['gravityforms', '.gform_wrapper,[id^=gform_]'],
  ['hubspot', '.hs-form,.hbspt-form,.hs-form-frame'],
];

const ANY_PLUGIN = PLUGINS.map((p) => p[1]).join();

/** The plugin a form belongs to, if one is recognised. */
export function pluginOf(form: Element): string | undefined {
  // Most forms belong to no plugin: one lookup for all of them first.
  const p = form.closest(ANY_PLUGIN) && PLUGINS.find(([, sel]) => form.closest(sel));
  return p ? p[0] : undefined;
}

// Gravity Forms triggers its event on document, Elementor Pro and WPForms on the form: all
// through jQuery, which never reaches addEventListener.
const JQ_EVENTS = 'gform_confirmation_loaded submit_success wpformsAjaxSubmitSuccess';

/**
 * Calls `success(form, provider, id?)` on a plugin's success signal: Contact Form 7
 * `wpcf7mailsent` (DOM event), HubSpot `onFormSubmitted` (message) and the newer forms'
 * `hs-form-event:on-submission:success`, and the jQuery events of Gravity Forms, Elementor Pro
 * and WPForms. jQuery may load after the tracker: `hook()` looks again (on DOMContentLoaded,
 * load and each submit), hooking each jQuery found once.
 */
export function watchPlugins(ctx: DetectorContext, success: (form: Form | null, provider: string, id?: string) => void) {
  const win = ctx.window;
  const doc = win.document;
  const formIn = (el: unknown) => (el && (el as Element).closest ? ((el as Element).closest('form') || (el as Element).querySelector('form')) : null);
  /** A plugin naming its form by id: the form if it is still there, the id as its formId anyway. */
  const byId = (provider: string, id?: string) => success(id ? (doc.getElementById(id) as Form | null) : null, provider, id);
  const onJq = ctx.guard((e: { type: string; target: unknown }, id?: unknown) => {
    const t = e.type[0];
    if (t === 'g') byId('gravityforms', 'gform_' + id);
    else success(formIn(e.target), t === 's' ? 'elementor' : 'wpforms');
  });
  const hooked: JQuery[] = [];
  const hook = ctx.guard(() => {
    const $ = (win as { jQuery?: JQuery }).jQuery;
    if ($ && $.fn && hooked.indexOf($) < 0) {
      hooked.push($);
      $(doc).on(JQ_EVENTS, onJq);
    }
  });
  const hubspot = (id: unknown) => byId('hubspot', id ? 'hsForm_' + id : undefined);
  const undo = [
    listen(doc, 'wpcf7mailsent', ctx.guard((e) => success(formIn(e.target), 'cf7')), true),
    listen(win, 'message', ctx.guard((e) => {
      const d = (e as MessageEvent).data;
      if (d && d.type === 'hsFormCallback' && d.eventName === 'onFormSubmitted') hubspot(d.id);
    })),
    listen(win, 'hs-form-event:on-submission:success', ctx.guard((e) => hubspot(((e as CustomEvent).detail || {}).formId))),
    listen(doc, 'DOMContentLoaded', hook),
    listen(win, 'load', hook),
    () => hooked.forEach(($) => $(doc).off(JQ_EVENTS, onJq)),
  ];
  hook();
  return { hook, off: () => undo.forEach((u) => u()) };
}
