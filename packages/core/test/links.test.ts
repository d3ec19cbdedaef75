/**
 * call_click, email_click and chat_start from links: what counts (click, keyboard activation
 * arrives as click, middle click, inside elements that stop propagation, inside shadow roots),
 * what does not (right clicks, ignored regions, declared calls to action, share links, empty
 * numbers), once per double click, and the switches.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateBatch } from '@leadbeacon/collector';
import { calls } from '../src/detectors/calls';
import { emails } from '../src/detectors/emails';
import { chatLinkProps, chatLinks } from '../src/detectors/chat/links';
import { toE164 } from '@leadbeacon/wire/identifiers';
import { readAttributes } from '../src/script-attributes';
import { createLogger } from '../src/log';
import { destroyAll, harness } from './harness';
import { html, middleClick, run, stopAll } from './chat-helpers';

// jsdom does not navigate; keep it from trying (and logging) for http links.
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

describe('toE164', () => {
  it.each([
    ['+84 901 234 567', undefined, '+84901234567'],
    ['0084 901 234 567', undefined, '+84901234567'],
    ['0901 234 567', 'VN', '+84901234567'],
    ['0901.234.567', 'vn', '+84901234567'],
    ['0901 234 567', undefined, '0901234567'],
    ['(555) 010-0199', 'US', '+15550100199'],
    ['1-555-010-0199', 'US', '+15550100199'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['06 1234 5678', 'IT', '+390612345678'],
    ['8 912 345-67-89', 'RU', '+79123456789'],
    ['030 123456', 'DE', '+4930123456'],
    ['+1 555 010 0199;ext=12', undefined, '+15550100199'],
    ['+1 555 010 0199 x12', undefined, '+15550100199'],
    ['0901 234 567', 'ZZ', '0901234567'],
    ['0901 234 567', 'V(', '0901234567'],
    ['sales', 'VN', 'sales'],
  ])('%s (%s) -> %s', (raw, country, out) => {
    expect(toE164(raw, country)).toBe(out);
  });
});

describe('call_click', () => {
  it('a tel: link: the number as written with the default country (E.164 for the collector), the href, via "link", the link as the element', () => {
    const a = html('<a href="tel:0901%20234%20567"><span>Call us</span></a>', 'a');
    const d = run(calls(), { defaultCountry: 'VN' });
    (a.firstChild as HTMLElement).click(); // on an element inside the link
    const props = { phone: '0901 234 567', country: 'VN', href: 'tel:0901%20234%20567', via: 'link' };
    expect(d.emitted).toEqual([{ type: 'call_click', props, el: a }]);
    expect(toE164(props.phone, props.country)).toBe('+84901234567');
  });

  it('the detector option wins over the tracker default country; callto: counts', () => {
    html('<a href="callto:+1-555-010-0199">a</a><a href="tel:0207 946 0958">b</a>');
    const d = run(calls({ defaultCountry: 'GB' }), { defaultCountry: 'VN' });
    for (const a of document.querySelectorAll('a')) a.click();
    expect(d.props('call_click').map((p) => toE164(p.phone as string, p.country as string))).toEqual(['+15550100199', '+442079460958']);
  });

  it('is seen under elements that stop propagation and prevent default, and inside open shadow roots', () => {
    html('<div id="host"></div><p id="stopper"><a href="tel:+84901234567">x</a></p>');
    document.querySelector('#stopper')!.addEventListener('click', (e) => (e.stopPropagation(), e.preventDefault()));
    const root = document.querySelector('#host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<a href="tel:+84281234567"><b>shadow</b></a>';
    const d = run(calls());
    document.querySelector<HTMLElement>('#stopper a')!.click();
    root.querySelector('b')!.click();
    expect(d.props('call_click').map((p) => p.phone)).toEqual(['+84901234567', '+84281234567']);
  });

  it('middle click counts (auxclick, button 1); a right click does not', () => {
    const a = html('<a href="tel:+84901234567">x</a>', 'a');
    const d = run(calls());
    middleClick(a, 2);
    expect(d.emitted).toHaveLength(0);
    middleClick(a, 1);
    expect(d.emitted).toHaveLength(1);
  });

  it('a double click is one call; the same link again after 1.5 s is another', () => {
    const a = html('<a href="tel:+84901234567">x</a>', 'a');
    const d = run(calls());
    a.click();
    a.click();
    vi.advanceTimersByTime(1000);
    a.click(); // a triple click keeps extending the window
    expect(d.emitted).toHaveLength(1);
    vi.advanceTimersByTime(1600);
    a.click();
    expect(d.emitted).toHaveLength(2);
  });

  it('not counted: an empty tel:, other links, [data-leadbeacon-ignore], a declared call to action', () => {
    html(`<a href="tel:">empty</a><a href="/contact">page</a><a>no href</a>
      <div data-leadbeacon-ignore><a href="tel:+84901234567">ignored</a></div>
      <a href="tel:+84901234568" data-leadbeacon-event="call_click">declared</a>
      <div data-leadbeacon-event="book"><a href="tel:+84901234569">inside a declared element</a></div>`);
    const d = run(calls());
    for (const a of document.querySelectorAll('a')) a.click();
    expect(d.emitted).toEqual([]);
  });

  it('SVG links count', () => {
    document.body.innerHTML = '<svg><a href="tel:+84901234567"><text>call</text></a></svg>';
    const d = run(calls());
    document.querySelector('text')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(d.props('call_click')).toEqual([{ phone: '+84901234567', href: 'tel:+84901234567', via: 'link' }]);
  });

  it('teardown removes both listeners', () => {
    const a = html('<a href="tel:+84901234567">x</a>', 'a');
    const d = run(calls());
    d.stop();
    a.click();
    middleClick(a);
    expect(d.emitted).toHaveLength(0);
  });
});

describe('email_click', () => {
  it('the first address lowercased, the subject decoded ("+" stays a plus), via "link"', () => {
    html('<a href="mailto:Sales@Example.COM,ops@example.com?cc=x@example.com&subject=Quote%20for%20C%2B%2B">x</a>');
    const d = run(emails());
    document.querySelector('a')!.click();
    expect(d.props('email_click')).toEqual([
      {
        email: 'sales@example.com',
        href: 'mailto:Sales@Example.COM,ops@example.com?cc=x@example.com&subject=Quote%20for%20C%2B%2B',
        via: 'link',
        subject: 'Quote for C++',
      },
    ]);
  });

  it('no subject prop without one; addressless share links and other links do not count; a double click is one', () => {
    html(
      '<a id="a" href="mailto:info@example.com">a</a><a id="share" href="mailto:?subject=Look&body=https://x">share</a><a id="tel" href="tel:+1555">t</a>',
    );
    const d = run(emails());
    for (const id of ['a', 'a', 'share', 'tel']) document.getElementById(id)!.click();
    expect(d.props('email_click')).toEqual([{ email: 'info@example.com', href: 'mailto:info@example.com', via: 'link' }]);
  });
});

describe('chat_start from links', () => {
  it.each([
    ['https://wa.me/84901234567?text=Hi', 'whatsapp', '84901234567'],
    ['https://wa.me/+84901234567', 'whatsapp', '84901234567'],
    ['https://wa.me/message/ABCDEF123', 'whatsapp', 'ABCDEF123'],
    ['https://api.whatsapp.com/send?phone=84901234567&text=Hi', 'whatsapp', '84901234567'],
    ['https://api.whatsapp.com/send/?text=Hi&phone=%2B84901234567', 'whatsapp', '+84901234567'],
    ['https://web.whatsapp.com/send?phone=84901234567', 'whatsapp', '84901234567'],
    ['whatsapp://send?phone=84901234567', 'whatsapp', '84901234567'],
    ['https://m.me/acme.aircon?ref=ad', 'messenger', 'acme.aircon'],
    ['https://www.messenger.com/t/123456', 'messenger', '123456'],
    ['https://zalo.me/0901234567', 'zalo', '0901234567'],
    ['https://zalo.me/1234567890123456789', 'zalo', '1234567890123456789'],
    ['https://t.me/acme_support', 'telegram', 'acme_support'],
    ['https://telegram.me/acme_support', 'telegram', 'acme_support'],
    ['https://t.me/+84901234567', 'telegram', '+84901234567'],
    ['https://acme_support.t.me/', 'telegram', 'acme_support'],
    ['tg://resolve?domain=acme_support', 'telegram', 'acme_support'],
    ['viber://chat?number=%2B84901234567', 'viber', '+84901234567'],
    ['viber://pa?chatURI=acme&text=hi', 'viber', 'acme'],
    ['https://line.me/R/ti/p/%40acme', 'line', '@acme'],
    ['https://line.me/R/oaMessage/@acme/?hello', 'line', '@acme'],
    ['https://lin.ee/AbCdEf', 'line', 'AbCdEf'],
    ['sms:+84901234567?body=Hello', 'sms', '+84901234567'],
    ['sms://+84901234567', 'sms', '+84901234567'],
  ])('%s -> %s %s', (href, provider, target) => {
    expect(chatLinkProps(href)).toEqual({ provider, via: 'link', target, href });
  });

  it.each([
    'https://wa.me/?text=Look',
    'https://api.whatsapp.com/send?text=Look',
    'whatsapp://send?text=Look',
    'https://t.me/share/url?url=https://x',
    'sms:?body=Look',
    'https://m.me/',
    'https://example.com/wa.me/123',
    'mailto:a@b.co',
  ])('%s is not a chat with the site', (href) => {
    expect(chatLinkProps(href)).toBeUndefined();
  });

  it('once per provider and target per page view; a new SPA page counts again; same-tab https links leave the page', () => {
    html(`<a id="wa" href="https://wa.me/84901234567">wa</a><a id="wa2" href="https://wa.me/84901234568" target="_blank">wa2</a>
      <a id="zalo" href="https://zalo.me/0901234567"><img alt="zalo"></a>`);
    const d = run(chatLinks());
    const click = (id: string) => document.getElementById(id)!.click();
    click('wa');
    vi.advanceTimersByTime(5000);
    click('wa'); // the same chat again
    click('wa2');
    document.querySelector('img')!.click();
    history.pushState(null, '', '/pricing');
    click('wa');
    expect(d.emitted.map((e) => [e.props!.provider, e.props!.target, e.leaving])).toEqual([
      ['whatsapp', '84901234567', true],
      ['whatsapp', '84901234568', false],
      ['zalo', '0901234567', true],
      ['whatsapp', '84901234567', true],
    ]);
  });

  it('middle click and a modified click do not leave the page', () => {
    const a = html('<a href="https://wa.me/84901234567">wa</a>', 'a');
    const d = run(chatLinks());
    middleClick(a);
    expect(d.emitted[0]).toMatchObject({ type: 'chat_start', leaving: false });
  });
});

describe('through the tracker', () => {
  it('every link lead is valid wire format v1, with value and currency from data-leadbeacon-value', async () => {
    html(`<a id="t" href="tel:0901234567" data-leadbeacon-value="30" data-leadbeacon-currency="usd">t</a>
      <a id="m" href="mailto:a@example.com">m</a><a id="w" href="https://wa.me/84901234567" target="_blank">w</a>`);
    const h = harness({ config: { defaultCountry: 'VN' } });
    for (const id of ['t', 'm', 'w']) document.getElementById(id)!.click();
    await h.tracker.flush();
    for (const s of h.sent) expect(validateBatch(s.body)).toMatchObject({ ok: true });
    expect(h.storedOfType('call_click')[0]).toMatchObject({ value: 30, currency: 'USD', props: { phone: '+84901234567' } });
    expect(h.ofType('email_click')).toHaveLength(1);
    expect(h.ofType('chat_start')[0]!.props).toEqual({
      provider: 'whatsapp',
      via: 'link',
      target: '84901234567',
      href: 'https://wa.me/84901234567',
    });
  });

  it('calls, emails and chat switch off in config', async () => {
    html(
      '<a id="t" href="tel:+84901234567">t</a><a id="m" href="mailto:a@example.com">m</a><a id="w" href="https://wa.me/1" target="_blank">w</a>',
    );
    const h = harness({ config: { calls: false, emails: false, chat: false } });
    for (const id of ['t', 'm', 'w']) document.getElementById(id)!.click();
    await h.tracker.flush();
    expect(h.events().filter((e) => e.type !== 'page_view')).toEqual([]);
  });

  it('and by script-tag attributes', () => {
    const s = document.createElement('script');
    for (const a of ['calls', 'emails', 'chat', 'chat-widgets', 'copy', 'cta']) s.setAttribute('data-' + a, 'false');
    s.setAttribute('data-default-country', 'VN');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readAttributes(s, createLogger(false))).toEqual({
      calls: false,
      emails: false,
      chat: false,
      chatWidgets: false,
      copy: false,
      cta: false,
      defaultCountry: 'VN',
    });
    expect(warn).not.toHaveBeenCalled();
  });
});
