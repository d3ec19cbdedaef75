/**
 * Hidden fields (`fillFields`, the script tag's `data-fill-fields`): the lead's ids written into
 * the site's own lead forms, so that the CRM record the form creates carries them. Loaded only
 * when switched on (leadbeacon-fields.min.js, or a chunk of its own). It writes hidden inputs
 * only, and reads nothing but the lead id it wrote itself: never a value the visitor typed.
 */
import type { DetectorContext, FieldsWatch, FillFieldsOptions, Touch } from '../../types';
import { isObject, toArray, uid } from '../../util';
import { isLeadForm, type FormOptions } from './form-info';

type FillFields = NonNullable<FormOptions['fillFields']>;

/** The documented field names, each with what it carries. */
export const FIELD_NAMES = [
  'lb_lead_id',
  'lb_gclid',
  'lb_gbraid',
  'lb_wbraid',
  'lb_fbclid',
  'lb_msclkid',
  'lb_source',
  'lb_medium',
  'lb_campaign',
  'lb_channel',
  'lb_landing_page',
  'lb_anonymous_id',
] as const;

const CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid'];

/** The shape of an id the tracker makes (`crypto.randomUUID`, or 32 hex digits without it). */
export const isLeadId = (v: string): boolean => /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/.test(v);

type Form = HTMLFormElement;
type Values = Record<string, string>;

/** The visit's source, medium and campaign from its UTM tags, else the referrer's host; the channel only when named in the browser. */
export function touchValues(t: Touch, named?: Touch): Values {
  const utm = t.utm || {};
  let host = '';
  try {
    host = t.referrer ? new URL(t.referrer).hostname : '';
  } catch {
    /* no host */
  }
  if (named)
    return {
      lb_source: named.source || '',
      lb_medium: named.medium || '',
      lb_campaign: named.campaign || '',
      lb_channel: named.channel || '',
    };
  return { lb_source: utm.source || (t.utm ? '' : host), lb_medium: utm.medium || '', lb_campaign: utm.campaign || '', lb_channel: '' };
}

/**
 * The hidden inputs of `form` for a field: named as one of `names` (the site's mapped name, the
 * documented one) or `…[name]` (Elementor's), or inside an element of that class (a field's CSS
 * class in Gravity Forms, WPForms).
 */
function inputsFor(form: Form, names: string[]): HTMLInputElement[] {
  return (toArray(form.elements) as HTMLInputElement[]).filter((el) => {
    if (el.localName !== 'input' || el.type !== 'hidden') return false;
    const n = el.name;
    return names.some((name) => {
      if (n === name || n.slice(-name.length - 2) === '[' + name + ']') return true;
      const around = /^[\w-]+$/.test(name) && el.closest('.' + name);
      return !!around && form.contains(around);
    });
  });
}

/**
 * Fills the lead forms on the page now (as the forms detector judges them with `options`: never
 * login, search, payment), the ones added or re-rendered later, and each at its submit.
 */
export function watchFields(ctx: DetectorContext, options: FormOptions, given: FillFields): FieldsWatch {
  const doc = ctx.window.document;
  const o: FillFieldsOptions = given === 'add' ? { add: true } : isObject(given) ? given : {};
  const names = isObject(o.names) ? o.names : {};
  /** Ids this page wrote, and those a lead has left with. */
  const written: Record<string, 1> = {};
  const spent: Record<string, 1> = {};
  let named: ((t: Touch) => Touch) | undefined;
  if (ctx.config.channel) ctx.load('channel', (f) => (named = f.interpretTouch));

  const values = (): Values | undefined => {
    const facts = ctx.visitor && ctx.visitor();
    if (!facts) return undefined;
    const t = facts.last;
    const v: Values = { ...touchValues(t, named && named(t)), lb_landing_page: t.landingPage || '', lb_anonymous_id: facts.anonymousId };
    for (const c of CLICK_IDS) v['lb_' + c] = (facts.ads && t.clickIds && t.clickIds[c]) || '';
    return v;
  };

  /** The form's lead id: the one we wrote there if no lead has left with it yet, else a new one. */
  const leadId = (inputs: HTMLInputElement[]) => {
    const now = inputs.length ? inputs[0]!.value : '';
    if (isLeadId(now) && written[now] && !spent[now]) return now;
    const id = uid(Math.random);
    written[id] = 1;
    return id;
  };

  function fill(form: Form): string | undefined {
    if (!isLeadForm(form, options)) return undefined;
    const v = values();
    if (!v) return undefined;
    let id: string | undefined;
    for (const key of FIELD_NAMES) {
      const name = names[key] || key;
      let inputs = inputsFor(form, [name, key]);
      if (!inputs.length && o.add) {
        const el = doc.createElement('input');
        el.type = 'hidden';
        el.name = name;
        form.appendChild(el);
        inputs = [el];
      }
      if (!inputs.length) continue;
      const value = key === 'lb_lead_id' ? (id = leadId(inputs)) : v[key]!;
      for (const el of inputs) if (el.value !== value) el.value = value;
    }
    return id;
  }

  // Forms added after load, and re-rendered ones (React, Vue).
  const pending = new Set<Form>();
  const flush = ctx.guard(() => {
    pending.forEach((f) => f.isConnected && fill(f));
    pending.clear();
  });
  const observer = watchForms(ctx, (form) => pending.add(form), flush);
  toArray(doc.forms).forEach((f) => pending.add(f));
  flush();

  return {
    fill: (form) => (pending.delete(form), fill(form)),
    spent(id) {
      spent[id] = 1;
    },
    off() {
      if (observer) observer.disconnect();
      pending.clear();
    },
  };
}

/**
 * Forms added after load, and re-rendered ones: `add` gets the form around (or inside) each
 * added node or changed hidden value; `flush` runs a microtask after each batch.
 */
function watchForms(ctx: DetectorContext, add: (form: Form) => void, flush: () => void) {
  const seen = (node: Node) => {
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const form = el.localName === 'form' ? (el as Form) : (el as HTMLInputElement).form || el.closest('form');
    if (form) add(form);
    else if (el.firstElementChild) toArray(el.getElementsByTagName('form')).forEach(add);
  };
  const MO = ctx.window.MutationObserver;
  const observer =
    MO &&
    new MO(
      ctx.guard((records: MutationRecord[]) => {
        for (const r of records) {
          if (r.type === 'attributes') seen(r.target);
          else toArray(r.addedNodes).forEach(seen);
        }
        Promise.resolve().then(flush);
      }),
    );
  if (observer) observer.observe(ctx.window.document, { childList: true, subtree: true, attributes: true, attributeFilter: ['value'] });
  return observer;
}
