/**
 * Form plugins' own success signals, and what form frameworks' answers mean (answers.ts): the
 * content of the lazy file leadbeacon-plugins.min.js, fetched when a plugin's markup is on the
 * page or a framework's form action request starts.
 */
import type { HubSpotFormSignal, JQueryLike, PageGlobals } from '../../outside';
import type { DetectorContext, PluginWatch } from '../../types';
import { listen, runAll } from '../../util';

export { answerOk } from './answers';

type Form = HTMLFormElement;

// Gravity Forms triggers its event on document, Elementor Pro and WPForms on the form: all
// through jQuery, which never reaches addEventListener.
const JQUERY_EVENTS = { gform_confirmation_loaded: 'gravityforms', submit_success: 'elementor', wpformsAjaxSubmitSuccess: 'wpforms' };

/**
 * Calls `success(form, plugin, formId?)` on a plugin's success signal: Contact Form 7
 * `wpcf7mailsent` (DOM event), HubSpot `onFormSubmitted` (message) and the newer forms'
 * `hs-form-event:on-submission:success`, and the jQuery events of Gravity Forms, Elementor Pro
 * and WPForms. jQuery may load after the tracker: `hook()` looks again (on DOMContentLoaded,
 * load and each submit), hooking each jQuery found once.
 */
export function watchPlugins(ctx: DetectorContext, success: (form: Form | null, plugin: string, formId?: string) => void): PluginWatch {
  const win = ctx.window as Window & typeof globalThis & PageGlobals;
  const doc = win.document;
  const events = Object.keys(JQUERY_EVENTS).join(' ');
  const formIn = (el: unknown) =>
    el && (el as Element).closest ? (el as Element).closest('form') || (el as Element).querySelector('form') : null;
  /** A plugin naming its form by id: the form if it is still there, the id as its formId anyway. */
  const byId = (plugin: string, id?: string) => success(id ? (doc.getElementById(id) as Form | null) : null, plugin, id);
  const onJQuery = ctx.guard((e: { type: keyof typeof JQUERY_EVENTS; target: unknown }, id?: unknown) => {
    const plugin = JQUERY_EVENTS[e.type];
    if (plugin === 'gravityforms') byId(plugin, 'gform_' + id);
    else success(formIn(e.target), plugin);
  });
  const hooked: JQueryLike[] = [];
  const hook = ctx.guard(() => {
    const $ = win.jQuery;
    if ($ && $.fn && hooked.indexOf($) < 0) {
      hooked.push($);
      $(doc).on(events, onJQuery);
    }
  });
  const hubspot = (id: unknown) => byId('hubspot', id ? 'hsForm_' + id : undefined);
  const undo = [
    listen(
      doc,
      'wpcf7mailsent',
      ctx.guard((e) => success(formIn(e.target), 'cf7')),
      true,
    ),
    listen(
      win,
      'message',
      ctx.guard((e) => {
        const d = (e as MessageEvent<HubSpotFormSignal | null>).data;
        if (d && d.type === 'hsFormCallback' && d.eventName === 'onFormSubmitted') hubspot(d.id);
      }),
    ),
    listen(
      win,
      'hs-form-event:on-submission:success',
      ctx.guard((e) => hubspot(((e as CustomEvent<HubSpotFormSignal | null>).detail || {}).formId)),
    ),
    listen(doc, 'DOMContentLoaded', hook),
    listen(win, 'load', hook),
    () => hooked.forEach(($) => $(doc).off(events, onJQuery)),
  ];
  hook();
  return { hook, off: () => runAll(undo) };
}
