/**
 * Copying a phone number or an email address shown on the page: call_click / email_click with
 * via "copy". What counts, what does not (paragraphs, prices, dates, what the visitor typed),
 * once per number per page load, and the switches.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateBatch } from '@leadbeacon/collector';
import { copiedContact, copies } from '../src/detectors/copy';
import { destroyAll, harness } from './harness';
import { asStored, html, run, stopAll } from './chat-helpers';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
});
afterEach(() => {
  stopAll();
  destroyAll();
  document.body.innerHTML = '';
  vi.useRealTimers();
});

/** Selects the text of `el` (or `text` of a read-only field) and fires `copy` as the browser does. */
function copy(el: Element) {
  const sel = window.getSelection()!;
  sel.removeAllRanges();
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    el.focus();
    el.select();
  } else {
    sel.selectAllChildren(el);
  }
  // The copy event's target: the focused field, else the element where the selection starts.
  el.dispatchEvent(new Event('copy', { bubbles: true, cancelable: true, composed: true }));
}

describe('what a copied text is', () => {
  it.each([
    ['0901 234 567', 'call_click', { phone: '+84901234567' }],
    ['  Hotline: 0901.234.567 ', 'call_click', { phone: '+84901234567' }],
    ['Điện thoại: (028) 3823 4567.', 'call_click', { phone: '+842838234567' }],
    ['+1 (555) 010-0199', 'call_click', { phone: '+15550100199' }],
    ['Sales@Example.com', 'email_click', { email: 'sales@example.com' }],
    ['Email: info@example.co.uk.', 'email_click', { email: 'info@example.co.uk' }],
  ])('%j is %s', (text, type, props) => {
    expect(asStored(copiedContact(text, 'VN'))).toEqual({ type, props: { ...props, href: '', via: 'copy' } });
  });

  it.each([
    'Call us on 0901 234 567 any day of the week, we answer fast',
    '1.500.000',
    '2.990,00',
    '2026-11-23',
    '23/11/2026',
    '12345',
    '1234567890123456',
    'Order #0901234567A',
    'not@an-email',
    'a@b@c.com',
    '',
  ])('%j is neither', (text) => {
    expect(copiedContact(text, 'VN')).toBeUndefined();
  });
});

describe('copy detector', () => {
  it('copying a number or an address shown on the page: the event, via "copy", the element', () => {
    html('<p>Hotline: <b id="p">0901 234 567</b></p><span id="e">Sales@Example.com</span>');
    const d = run(copies(), { defaultCountry: 'VN' });
    copy(document.getElementById('p')!);
    copy(document.getElementById('e')!);
    expect(d.emitted.map(asStored)).toEqual([
      { type: 'call_click', props: { phone: '+84901234567', href: '', via: 'copy' }, el: document.getElementById('p') },
      { type: 'email_click', props: { email: 'sales@example.com', href: '', via: 'copy' }, el: document.getElementById('e') },
    ]);
  });

  it('the same number copied again in the page load is one lead', () => {
    html('<b id="a">0901 234 567</b><b id="b">+84 901 234 567</b><b id="c">0902 000 111</b>');
    const d = run(copies(), { defaultCountry: 'VN' });
    for (const id of ['a', 'a', 'b', 'c']) copy(document.getElementById(id)!);
    expect(d.props('call_click').map((props) => asStored({ type: 'call_click', props }).props.phone)).toEqual([
      '+84901234567',
      '+84902000111',
    ]);
  });

  it('a "copy" button\'s read-only textarea counts; what the visitor typed in a field or an editor does not', () => {
    html(`<textarea id="helper" readonly>0901 234 567</textarea><input id="own" value="me@example.com">
      <textarea id="typed">0903 333 333</textarea><div id="editor" contenteditable="true">0904 444 444</div>`);
    const editor = document.getElementById('editor')!;
    // jsdom has no isContentEditable.
    Object.defineProperty(editor, 'isContentEditable', { value: true });
    const d = run(copies(), { defaultCountry: 'VN' });
    for (const id of ['own', 'typed', 'editor', 'helper']) copy(document.getElementById(id)!);
    expect(d.props('call_click').map((props) => asStored({ type: 'call_click', props }).props)).toEqual([
      { phone: '+84901234567', href: '', via: 'copy' },
    ]);
    expect(d.props('email_click')).toEqual([]);
  });

  it('not inside [data-leadbeacon-ignore]; phones or emails switch off separately', () => {
    html('<div data-leadbeacon-ignore><b id="i">0901 234 567</b></div><b id="p">0905 555 555</b><b id="e">a@example.com</b>');
    const d = run(copies({ phones: false }), { defaultCountry: 'VN' });
    for (const id of ['i', 'p', 'e']) copy(document.getElementById(id)!);
    expect(d.emitted.map((e) => e.type)).toEqual(['email_click']);
  });

  it('teardown removes the listener', () => {
    const b = html('<b>0901 234 567</b>', 'b');
    const d = run(copies());
    d.stop();
    copy(b);
    expect(d.emitted).toEqual([]);
  });
});

describe('through the tracker', () => {
  it('valid wire events; switched off by copy: false, and phones by calls: false', async () => {
    html('<b id="p">0901 234 567</b><b id="e">a@example.com</b>');
    const on = harness({ config: { defaultCountry: 'VN' } });
    copy(document.getElementById('p')!);
    copy(document.getElementById('e')!);
    await on.tracker.flush();
    for (const s of on.sent) expect(validateBatch(s.body)).toMatchObject({ ok: true });
    expect(on.storedOfType('call_click')[0]!.props).toEqual({ phone: '+84901234567', href: '', via: 'copy' });
    expect(on.ofType('email_click')).toHaveLength(1);
    on.tracker.destroy();

    for (const config of [{ copy: false }, { calls: false }]) {
      const h = harness({ config });
      copy(document.getElementById('p')!);
      await h.tracker.flush();
      expect(h.ofType('call_click')).toEqual([]);
      h.tracker.destroy();
    }
  });
});
