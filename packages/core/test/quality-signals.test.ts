import { afterEach, describe, expect, it } from 'vitest';
import { watchQuality } from '../src/quality/signals';
import { runAll } from '../src/util';

/** The signals' own logic in jsdom (no layout: the honeypot's visibility is checked in Chromium, test-browser/quality.test.ts). */
let clock = 1000;
const now = () => clock;
const offs: (() => void)[] = [];
afterEach(() => {
  runAll(offs);
  document.body.innerHTML = '';
});

function setup() {
  document.body.innerHTML = '<form id="f"><input id="a" name="a"></form><a id="tel" href="tel:1">call</a>';
  const q = watchQuality(window, now);
  offs.push(...q.off);
  return { q, form: document.getElementById('f')! };
}

describe('quality signals', () => {
  it('formMs: from the first interaction with that form to the lead; 0 when nothing touched it', () => {
    const { q, form } = setup();
    expect(q.of({ type: 'form_submit', el: form, props: { formId: 'f' } }).formMs).toBe(0);
    document.getElementById('a')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    clock += 4200;
    expect(q.of({ type: 'form_submit', el: form, props: { formId: 'f' } }).formMs).toBe(4200);
  });

  it('repeat: the same form or link again within 10 minutes counts what came before; another link does not', () => {
    const { q } = setup();
    const call = (href: string) => q.of({ type: 'call_click', props: { href } }).repeat;
    expect([call('tel:1'), call('tel:1'), call('tel:2'), call('tel:1')]).toEqual([0, 1, 0, 2]);
    clock += 600_001;
    expect(call('tel:1')).toBe(0);
  });

  it('trustedInput and trustedEvent: a scripted event is not trusted; no click in the last second leaves trustedEvent out', () => {
    const { q } = setup();
    document.getElementById('tel')!.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
    document.getElementById('tel')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const signals = q.of({ type: 'call_click', props: {} });
    expect(signals).toMatchObject({ trustedInput: false, trustedEvent: false });
    clock += 1500;
    expect('trustedEvent' in q.of({ type: 'call_click', props: {} })).toBe(false);
  });

  it('pageMs and automation are always there; only booleans and numbers', () => {
    const { q, form } = setup();
    (document.getElementById('a') as HTMLInputElement).value = 'typed by someone';
    const signals = q.of({ type: 'form_submit', el: form, props: {} });
    expect(typeof signals.pageMs).toBe('number');
    expect(typeof signals.automation).toBe('boolean');
    for (const v of Object.values(signals)) expect(['boolean', 'number', 'undefined']).toContain(typeof v);
    expect(JSON.stringify(signals)).not.toContain('typed');
  });

  it('listeners are passive and come off with the tracker', () => {
    const { q } = setup();
    runAll(offs);
    document.getElementById('tel')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect('trustedEvent' in q.of({ type: 'call_click', props: {} })).toBe(false);
  });
});
