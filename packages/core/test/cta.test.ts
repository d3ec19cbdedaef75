/**
 * Declared calls to action: `data-leadbeacon-event` on any element.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateBatch } from '@leadbeacon/collector';
import { cta } from '../src/detectors/cta';
import { destroyAll, harness } from './harness';
import { asStored, html, middleClick, run, stopAll } from './chat-helpers';

const noNavigation = (e: Event) => e.preventDefault();
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  history.replaceState(null, '', '/');
  document.addEventListener('click', noNavigation);
});
afterEach(() => {
  stopAll();
  destroyAll();
  document.removeEventListener('click', noNavigation);
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('cta detector', () => {
  it('any element: the declared lead type, props from data-leadbeacon-* (camelCased), the element for value', () => {
    const b = html(
      '<button data-leadbeacon-event="call_click" data-leadbeacon-phone="0901 234 567" data-leadbeacon-ad-group="summer" data-leadbeacon-value="50"><i>Call me back</i></button>',
      'button',
    );
    const d = run(cta(), { defaultCountry: 'VN' });
    b.querySelector('i')!.click();
    expect(d.emitted.map(asStored)).toEqual([
      {
        type: 'call_click',
        name: 'call_click',
        props: { href: '', phone: '+84901234567', adGroup: 'summer', via: 'cta' },
        el: b,
        leaving: false,
      },
    ]);
  });

  it('required props come from the clicked link or the element text when not declared', () => {
    html(`<a id="tel" href="tel:0901234567" data-leadbeacon-event="call_click">Call</a>
      <span id="text" data-leadbeacon-event="call_click">0902 222 333</span>
      <a id="mail" href="mailto:Info@Example.com?subject=Hi" data-leadbeacon-event="email_click">Mail</a>
      <div id="none" data-leadbeacon-event="email_click">Write to us</div>`);
    const d = run(cta(), { defaultCountry: 'VN' });
    for (const id of ['tel', 'text', 'mail', 'none']) document.getElementById(id)!.click();
    expect(d.emitted.map((e) => asStored(e).props)).toEqual([
      { phone: '+84901234567', href: 'tel:0901234567', via: 'cta' },
      { phone: '+84902222333', href: '', via: 'cta' },
      { email: 'info@example.com', href: 'mailto:Info@Example.com?subject=Hi', subject: 'Hi', via: 'cta' },
      { email: '', href: '', via: 'cta' },
    ]);
  });

  it('chat_start: provider from the link or declared (else "other"), via "link" unless declared "widget", signal "cta"', () => {
    html(`<a id="wa" href="https://wa.me/84901234567" data-leadbeacon-event="chat_start">wa</a>
      <button id="open" data-leadbeacon-event="chat_start" data-leadbeacon-provider="intercom" data-leadbeacon-via="widget">Chat</button>
      <button id="bare" data-leadbeacon-event="chat_start" data-leadbeacon-via="carrier pigeon">?</button>`);
    const d = run(cta());
    for (const id of ['wa', 'open', 'bare']) document.getElementById(id)!.click();
    expect(d.emitted.map((e) => e.props)).toEqual([
      { provider: 'whatsapp', via: 'link', target: '84901234567', href: 'https://wa.me/84901234567', signal: 'cta' },
      { provider: 'intercom', via: 'widget', href: '', signal: 'cta' },
      { provider: 'other', via: 'link', href: '', signal: 'cta' },
    ]);
    expect(d.emitted[0]!.leaving).toBe(true);
  });

  it('any other name is a custom event of that name', () => {
    const b = html('<button data-leadbeacon-event="book_demo" data-leadbeacon-plan="pro">Book</button>', 'button');
    const d = run(cta());
    b.click();
    expect(d.emitted).toEqual([{ type: 'custom', name: 'book_demo', props: { href: '', plan: 'pro', via: 'cta' }, el: b, leaving: false }]);
  });

  it('not counted: types a click cannot be (with a warning), an empty name, [data-leadbeacon-ignore], right clicks; a double click is one', () => {
    html(`<button id="form" data-leadbeacon-event="form_submit">x</button><button id="empty" data-leadbeacon-event=" ">x</button>
      <div data-leadbeacon-ignore><button id="ignored" data-leadbeacon-event="call_click">x</button></div>
      <button id="ok" data-leadbeacon-event="call_click">x</button>`);
    const d = run(cta());
    for (const id of ['form', 'empty', 'ignored', 'ok', 'ok']) document.getElementById(id)!.click();
    middleClick(document.getElementById('ok')!, 2);
    expect(d.emitted).toHaveLength(1);
    expect(d.warn.mock.calls.map((c) => c[0])).toEqual([
      'not a click event: data-leadbeacon-event=form_submit',
      'not a click event: data-leadbeacon-event=',
    ]);
    vi.advanceTimersByTime(1600);
    middleClick(document.getElementById('ok')!, 1);
    expect(d.emitted).toHaveLength(2);
  });

  it('the innermost declaration wins', () => {
    html('<div data-leadbeacon-event="outer"><button data-leadbeacon-event="inner">x</button></div>');
    const d = run(cta());
    document.querySelector('button')!.click();
    expect(d.emitted.map((e) => e.name)).toEqual(['inner']);
  });
});

describe('through the tracker', () => {
  it('a declared tel: link is one call_click (not one per detector), valid on the wire, with its value', async () => {
    html('<a href="tel:0901234567" data-leadbeacon-event="call_click" data-leadbeacon-value="40" data-leadbeacon-currency="eur">Call</a>');
    const h = harness({ config: { defaultCountry: 'VN' } });
    document.querySelector('a')!.click();
    await h.tracker.flush();
    for (const s of h.sent) expect(validateBatch(s.body)).toMatchObject({ ok: true });
    expect(h.ofType('call_click')).toHaveLength(1);
    expect(h.storedOfType('call_click')[0]).toMatchObject({ value: 40, currency: 'EUR', props: { phone: '+84901234567', via: 'cta' } });
  });

  it('chat_start and custom declarations are valid on the wire; cta: false switches it off', async () => {
    html('<button id="c" data-leadbeacon-event="chat_start">Chat</button><button id="b" data-leadbeacon-event="book">Book</button>');
    const h = harness();
    document.getElementById('c')!.click();
    document.getElementById('b')!.click();
    await h.tracker.flush();
    await vi.advanceTimersByTimeAsync(6000);
    for (const s of h.sent) expect(validateBatch(s.body)).toMatchObject({ ok: true });
    expect(
      h
        .events()
        .filter((e) => e.type !== 'page_view')
        .map((e) => e.name),
    ).toEqual(['chat_start', 'book']);
    h.tracker.destroy();
    const off = harness({ config: { cta: false } });
    document.getElementById('c')!.click();
    await off.tracker.flush();
    expect(off.events().filter((e) => e.type !== 'page_view')).toEqual([]);
  });
});
