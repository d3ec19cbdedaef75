import type { DetectorContext, FieldsWatch, HashWatch, PluginWatch } from '../../types';
import { listen, runAll } from '../../util';
import { ANY_PLUGIN, type FormOptions } from './form-info';

type Form = HTMLFormElement;

/**
 * The forms detector's optional features, each loaded only when the page needs it: the form
 * plugins' success signals once a plugin's markup is on the page (looked for at start, on
 * DOMContentLoaded, on load and at each plugin form's submit), and the hashing of email and
 * phone fields with `enhancedConversions` (and Web Crypto: https or localhost only).
 */
export function formExtras(
  ctx: DetectorContext,
  options: FormOptions,
  onPluginSuccess: (form: Form | null, plugin: string, formId?: string) => void,
) {
  const cfg = ctx.config as FormOptions;
  const win = ctx.window;
  const undo: (() => void)[] = [];
  let plugins: PluginWatch | undefined;
  let hashing: HashWatch | undefined;
  let fields: FieldsWatch | undefined;
  let live = true;

  const loadPlugins = () =>
    ctx.load('plugins', (p) => {
      if (plugins || !live) return;
      plugins = p.watchPlugins(ctx, onPluginSuccess);
      undo.push(plugins.off);
    });
  const lookForPlugins = ctx.guard(() => win.document.querySelector(ANY_PLUGIN) && loadPlugins());
  undo.push(listen(win.document, 'DOMContentLoaded', lookForPlugins), listen(win, 'load', lookForPlugins));
  lookForPlugins();

  const enhanced = options.enhancedConversions !== undefined ? options.enhancedConversions : cfg.enhancedConversions;
  const subtle = enhanced && win.crypto && win.crypto.subtle;
  if (subtle) {
    ctx.load('hashing', (h) => {
      if (hashing || !live) return;
      hashing = h.watchHashes(ctx, subtle, options.defaultCountry || cfg.defaultCountry);
      undo.push(hashing.off);
    });
  }

  const fill = options.fillFields !== undefined ? options.fillFields : cfg.fillFields;
  if (fill) {
    ctx.load('fields', (f) => {
      if (fields || !live) return;
      fields = f.watchFields(ctx, options, fill);
      undo.push(fields.off);
    });
  }

  return {
    /** The form's hidden fields filled now (at its submit); its lead id. */
    fill: (form: Form) => fields && fields.fill(form),
    /** A lead left with this id. */
    spent: (id?: string) => id && fields && fields.spent(id),
    /** The plugins' signals, once loaded. */
    plugins: () => plugins,
    /** The hashing, once loaded (never without enhanced conversions). */
    hashing: () => hashing,
    /** A submission's email and phone, to be hashed (nothing is read without the hashing). */
    read: (form: Form) => hashing && hashing.read(form),
    /** A plugin form was submitted: load the plugins' signals, and look for a jQuery that came late. */
    pluginSubmitted() {
      loadPlugins();
      if (plugins) plugins.hook();
    },
    off() {
      live = false;
      runAll(undo);
    },
  };
}
