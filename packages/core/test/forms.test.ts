/**
 * The form_submit detector on a real tracker with injected fakes. The page's own requests go
 * through stubs of window.fetch, XMLHttpRequest and navigator.sendBeacon installed before the
 * tracker, so the detector wraps them exactly as it wraps the browser's.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { formId, isLeadForm } from '../src/detectors/forms';
import { ENDPOINT, destroyAll, harness, installBlobText, tick } from './harness';
import type { WireEvent } from '../src/types';

type H = ReturnType<typeof harness>;

/** One entry per event id: a lead sent by beacon and then by fetch is still one lead. */
const leads = (h: H): WireEvent[] => [...new Map(h.ofType('form_submit').map((e) => [e.id, e])).values()];

const realFetch = window.fetch;
const RealXHR = window.XMLHttpRequest;
let pageFetch: ReturnType<typeof vi.fn>;

/** The site's server: `/reject` answers 422, `/offline` fails, anything else 200. */
const answer = (url: string) => (/reject/.test(url) ? 422 : 200);

class FakeXHR extends EventTarget {
  status = 0;
  url = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  send() {
    setTimeout(() => {
      this.status = /offline/.test(this.url) ? 0 : answer(this.url);
      this.dispatchEvent(new Event('loadend'));
    }, 50);
  }
}

let restoreBlob: () => void;
beforeAll(() => {
  restoreBlob = installBlobText();
});
afterAll(() => restoreBlob());

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  document.body.innerHTML = '';
  pageFetch = vi.fn((input: RequestInfo | URL) => {
    const url = String(input);
    return new Promise<Response>((resolve, reject) =>
      setTimeout(
        () => (/offline/.test(url) ? reject(new TypeError('Failed to fetch')) : resolve(new Response(null, { status: answer(url) }))),
        50,
      ),
    );
  });
  window.fetch = pageFetch as unknown as typeof fetch;
  window.XMLHttpRequest = FakeXHR as unknown as typeof XMLHttpRequest;
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, writable: true, value: vi.fn(() => true) });
});
afterEach(() => {
  destroyAll();
  vi.useRealTimers();
  window.fetch = realFetch;
  window.XMLHttpRequest = RealXHR;
  delete (navigator as { sendBeacon?: unknown }).sendBeacon;
  delete (window as { jQuery?: unknown }).jQuery;
});

const $ = <T extends Element = HTMLFormElement>(sel: string, root: ParentNode = document) => root.querySelector(sel) as T;

function page(html: string) {
  document.body.innerHTML = html;
}

const CONTACT = `
  <form id="contact" name="contact-us" method="post" action="/thanks?email=a%40b.co">
    <input name="name" value="Nguyen Van An">
    <input name="email" type="email" value="an@example.com">
    <input name="phone" type="tel" value="0901234567">
    <input type="hidden" name="_token" value="secret-token">
    <textarea name="message">Please call me</textarea>
    <button type="submit" name="send">Send</button>
  </form>`;

/** Dispatches a submit as the browser does after validation; `handlers` are the page's own. */
function submit(form: HTMLFormElement) {
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

/** The page handles the form in script: prevents the submission and (optionally) sends it. */
function scripted(form: HTMLFormElement, send?: (form: HTMLFormElement) => void) {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send?.(form);
  });
}

const post =
  (url = '/api/contact') =>
  () =>
    void fetch(url, { method: 'POST', body: 'x' }).catch(() => {});

describe('native submissions', () => {
  it('counts a submission nobody prevents at once, by beacon, with names and never values', async () => {
    page(CONTACT);
    const h = harness();
    submit($('#contact'));
    // Sent before any timer runs: the page is leaving.
    expect(h.beaconMock).toHaveBeenCalledTimes(1);
    await tick(1000);
    const [lead] = leads(h);
    expect(leads(h)).toHaveLength(1);
    expect(lead!.props).toEqual({
      formId: 'contact',
      formName: 'contact-us',
      action: '/thanks',
      method: 'post',
      fieldNames: ['name', 'email', 'phone', 'message'],
      via: 'native',
    });
    const raw = h.sent.map((s) => s.raw).join('\n');
    for (const value of ['Nguyen', 'an@example.com', '0901234567', 'secret-token', 'Please call', 'a%40b.co', 'a@b.co'])
      expect(raw).not.toContain(value);
  });

  it('a double click or a second submit event of the same form is one lead', async () => {
    page(CONTACT);
    const h = harness();
    submit($('#contact'));
    submit($('#contact'));
    await tick(1000);
    submit($('#contact'));
    await tick(1000);
    expect(leads(h)).toHaveLength(1);
  });

  it('form.submit() fires no submit event and still counts once; requestSubmit() counts once', async () => {
    page(CONTACT + '<form id="other" method="post"><input name="email" type="email" required></form>');
    const nativeSubmit = vi.fn();
    const proto = HTMLFormElement.prototype;
    const original = proto.submit;
    proto.submit = nativeSubmit;
    try {
      const h = harness();
      await tick(); // the detectors start a task after the tracker
      $('#contact').submit();
      expect(nativeSubmit).toHaveBeenCalledTimes(1); // the page's call goes through
      $('#contact').submit();
      const other = $('#other');
      scripted(other, post());
      other.requestSubmit(); // invalid: no submit event at all
      (other.elements[0] as HTMLInputElement).value = 'b@c.co';
      other.requestSubmit();
      await tick(1000);
      expect(leads(h).map((e) => [e.props.formId, e.props.via])).toEqual([
        ['contact', 'native'],
        ['other', 'script'],
      ]);
    } finally {
      proto.submit = original;
    }
  });

  it('a validation library that prevents the event and then calls form.submit() is one native lead', async () => {
    page(CONTACT);
    const proto = HTMLFormElement.prototype;
    const original = proto.submit;
    proto.submit = vi.fn();
    try {
      const h = harness();
      const form = $('#contact');
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        form.submit();
      });
      submit(form);
      await tick(6000);
      expect(leads(h).map((e) => e.props.via)).toEqual(['native']);
    } finally {
      proto.submit = original;
    }
  });

  it('a form posting into a frame counts without the page leaving', async () => {
    page('<form id="f" method="post" target="sink"><input name="email" type="email"></form><iframe name="sink"></iframe>');
    const h = harness();
    submit($('#f'));
    expect(h.beaconMock).not.toHaveBeenCalled();
    await tick(100);
    expect(leads(h).map((e) => e.props.via)).toEqual(['native']);
  });

  it('judges after every handler ran, even one that stops propagation', async () => {
    page(CONTACT);
    const h = harness();
    const form = $('#contact');
    form.addEventListener('submit', (e) => e.stopPropagation());
    document.addEventListener('submit', (e) => e.preventDefault()); // never reached: still native
    submit(form);
    await tick(100);
    expect(leads(h).map((e) => e.props.via)).toEqual(['native']);
  });
});

describe('exclusions', () => {
  const cases: [string, string, object?][] = [
    ['a login form', '<form method="post"><input name="user"><input name="pw" type="password"></form>'],
    ['a search form by role', '<form role="search" method="post"><input name="q"><input name="email" type="email"></form>'],
    ['a form inside role=search', '<div role="search"><form method="post"><input name="q"><select name="s"></select></form></div>'],
    ['a form inside <search>', '<search><form method="post"><input name="q"><select name="s"></select></form></search>'],
    ['a form with a search input', '<form method="post"><input type="search" name="q"><input name="email" type="email"></form>'],
    ['a GET form with one text field', '<form action="/find"><input name="q"><button>Go</button></form>'],
    ['a dialog form', '<form method="dialog"><input name="email" type="email"></form>'],
    ['a form marked data-leadbeacon-ignore', '<form method="post" data-leadbeacon-ignore><input name="email" type="email"></form>'],
    [
      'a form inside [data-leadbeacon-ignore]',
      '<div data-leadbeacon-ignore><form method="post"><input name="email" type="email"></form></div>',
    ],
    [
      'a form matching exclude',
      '<form method="post" class="newsletter"><input name="email" type="email"></form>',
      { exclude: '.newsletter' },
    ],
    ['a form not matching include', '<form method="post"><input name="email" type="email"></form>', { include: '.lead' }],
  ];
  for (const [what, html, options] of cases) {
    it(`${what} is not a lead, natively, by script with a request, or by form.submit()`, async () => {
      page(html);
      const proto = HTMLFormElement.prototype;
      const original = proto.submit;
      proto.submit = vi.fn();
      try {
        const h = harness({ config: options ? { forms: options } : {} });
        const form = $('form');
        submit(form);
        await tick(5000);
        scripted(form, post());
        submit(form);
        form.submit();
        await tick(1000);
        expect(leads(h)).toEqual([]);
      } finally {
        proto.submit = original;
      }
    });
  }

  it('a GET form with several fields is a lead; include opts a login form in; a bad selector excludes nothing', () => {
    page(
      '<form id="a" action="/quote"><input name="name"><input name="email" type="email"></form><form id="b" method="post"><input type="password" name="pw"></form>',
    );
    expect(isLeadForm($('#a'))).toBe(true);
    expect(isLeadForm($('#b'))).toBe(false);
    expect(isLeadForm($('#b'), { include: '#b' })).toBe(true);
    expect(isLeadForm($('#a'), { exclude: '::bogus(' })).toBe(true);
  });

  it('forms: false switches the detector off', async () => {
    page(CONTACT);
    const h = harness({ config: { forms: false } });
    submit($('#contact'));
    await tick(1000);
    expect(leads(h)).toEqual([]);
  });
});

describe('formId', () => {
  it('is the id, else the name, else a CSS path from the nearest ancestor with an id', () => {
    page(`
      <form id="by-id"></form><form name="by-name"></form>
      <div id="footer"><div><p></p><form></form></div><section><form></form><form></form></section></div>
      <main><form></form></main>`);
    const forms = Array.from(document.forms);
    const ids = forms.map(formId);
    expect(ids).toEqual([
      'by-id',
      'by-name',
      '#footer>div>form',
      '#footer>section>form:nth-of-type(1)',
      '#footer>section>form:nth-of-type(2)',
      'body>main>form',
    ]);
    // Each is a selector for exactly its form.
    for (const [i, id] of ids.entries()) if (i > 1) expect(Array.from(document.querySelectorAll(id))).toEqual([forms[i]]);
  });
});

describe('script submissions need evidence', () => {
  it('prevented with no request is no lead (failed validation in script)', async () => {
    page(CONTACT);
    const h = harness();
    scripted($('#contact'));
    submit($('#contact'));
    await tick(30_000);
    expect(leads(h)).toEqual([]);
  });

  it('a fetch POST that succeeds is one lead, via script, once the answer is in', async () => {
    page(CONTACT);
    const h = harness();
    const form = $('#contact');
    scripted(form, post());
    submit(form);
    await tick(10);
    expect(leads(h)).toEqual([]); // the request is still out
    await tick(100);
    expect(leads(h).map((e) => [e.props.formId, e.props.via])).toEqual([['contact', 'script']]);
    expect(h.beaconMock).not.toHaveBeenCalled();
  });

  it('XMLHttpRequest and sendBeacon are evidence too', async () => {
    page(CONTACT + '<form id="b" method="post"><input name="email" type="email"></form>');
    const h = harness();
    scripted($('#contact'), () => {
      const x = new XMLHttpRequest();
      x.open('POST', '/api/contact');
      x.send('a=1');
    });
    scripted($('#b'), () => navigator.sendBeacon('/api/contact', 'a=1'));
    submit($('#contact'));
    await tick(100);
    submit($('#b'));
    await tick(100);
    expect(leads(h).map((e) => e.props.formId)).toEqual(['contact', 'b']);
  });

  const notEvidence: [string, () => void][] = [
    ['a GET request', () => void fetch('/api/slots')],
    ['a request to the tracker endpoint', () => void fetch(ENDPOINT, { method: 'POST', body: '{}' })],
    ['an analytics hit', () => void navigator.sendBeacon('https://region1.google-analytics.com/g/collect?v=2', '')],
    ['a request the server rejects (422)', () => void fetch('/api/reject', { method: 'POST', body: 'x' })],
    // Monitoring on the site's own origin right after a refused submission (an error, a vital).
    [
      "Sentry's envelope through its tunnel (/monitoring)",
      () =>
        void fetch('/monitoring?o=1&p=2', {
          method: 'POST',
          keepalive: true,
          body: '{"event_id":"e1","sent_at":"2026-11-23T08:00:00Z"}\n{"type":"event"}\n{}',
        }),
    ],
    [
      'a Sentry envelope to any path',
      () => void fetch('/api/errors', { method: 'POST', body: '{"sent_at":"2026-11-23T08:00:00Z","sdk":{}}\n{"type":"session"}\n{}' }),
    ],
    [
      'Datadog RUM through its proxy (?ddforward=)',
      () => void fetch('/dd?ddforward=%2Fapi%2Fv2%2Frum', { method: 'POST', body: '{"type":"view"}' }),
    ],
    [
      "Datadog RUM's events by XMLHttpRequest",
      () => {
        const x = new XMLHttpRequest();
        x.open('POST', '/intake');
        x.send('{"_dd":{"format_version":2},"type":"error"}');
      },
    ],
    ["a RUM beacon (Cloudflare's /cdn-cgi/rum)", () => void navigator.sendBeacon('/cdn-cgi/rum', '{"memory":{}}')],
    ['a request that fails (offline)', () => void fetch('/offline', { method: 'POST', body: 'x' }).catch(() => {})],
    [
      'an XMLHttpRequest GET and a failed one',
      () => {
        const a = new XMLHttpRequest();
        a.open('GET', '/api/contact');
        a.send();
        const b = new XMLHttpRequest();
        b.open('POST', '/offline');
        b.send('x');
      },
    ],
  ];
  for (const [what, send] of notEvidence) {
    it(`${what} is no evidence`, async () => {
      page(CONTACT);
      const h = harness();
      scripted($('#contact'), send);
      submit($('#contact'));
      await tick(10_000);
      expect(leads(h)).toEqual([]);
    });
  }

  it('a request more than 5 s after the submission is no evidence; one within is', async () => {
    page(CONTACT);
    const h = harness();
    scripted($('#contact'));
    submit($('#contact'));
    await tick(5100);
    post()();
    await tick(1000);
    expect(leads(h)).toEqual([]);
    submit($('#contact'));
    await tick(4000);
    post()();
    await tick(1000);
    expect(leads(h)).toHaveLength(1);
  });

  it('a request that fails, then its retry that succeeds, is one lead', async () => {
    page(CONTACT);
    const h = harness();
    scripted($('#contact'), post('/api/reject'));
    submit($('#contact'));
    await tick(100);
    post()();
    await tick(100);
    expect(leads(h)).toHaveLength(1);
  });

  it('a double click (two submissions, two requests) and two handlers are one lead', async () => {
    page(CONTACT);
    const h = harness();
    const form = $('#contact');
    scripted(form, post());
    scripted(form, post('/api/also'));
    submit(form);
    submit(form);
    await tick(1000);
    submit(form);
    await tick(1000);
    expect(pageFetch).toHaveBeenCalledTimes(6);
    expect(leads(h)).toHaveLength(1);
  });

  it('an invalid attempt and then a valid one of the same form are one lead', async () => {
    page(CONTACT);
    const h = harness();
    const form = $('#contact');
    let valid = false;
    scripted(form, () => valid && post()());
    submit(form);
    await tick(3000);
    valid = true;
    submit(form);
    await tick(1000);
    expect(leads(h)).toHaveLength(1);
  });

  it('an invalid event ends the waiting submission: a later unrelated request is no evidence', async () => {
    page(CONTACT);
    const h = harness();
    const form = $('#contact');
    scripted(form, () => {
      const email = form.elements.namedItem('email') as HTMLInputElement;
      email.value = 'not an email';
      form.reportValidity();
    });
    submit(form);
    post('/api/autosave')();
    await tick(1000);
    expect(leads(h)).toEqual([]);
  });

  it('only the latest submission takes the evidence', async () => {
    page(CONTACT + '<form id="b" method="post"><input name="email" type="email"></form>');
    const h = harness();
    scripted($('#contact')); // fails validation in script
    scripted($('#b'), post());
    submit($('#contact'));
    submit($('#b'));
    await tick(1000);
    expect(leads(h).map((e) => e.props.formId)).toEqual(['b']);
  });

  it('a request still out when the page leaves counts, by beacon', async () => {
    page(CONTACT);
    const h = harness();
    scripted($('#contact'), post());
    submit($('#contact'));
    await tick(10);
    window.dispatchEvent(new Event('pagehide'));
    expect(h.beaconMock).toHaveBeenCalled();
    await tick(1000); // the answer arrives after all: still one
    expect(leads(h).map((e) => e.props.via)).toEqual(['script']);
  });

  it('the page keeps its own request: same arguments, same promise, errors untouched', async () => {
    harness();
    const p = Promise.resolve(new Response(null));
    pageFetch.mockReturnValueOnce(p);
    const init = { method: 'POST', body: 'x' };
    expect(window.fetch('/api/contact', init)).toBe(p);
    expect(pageFetch).toHaveBeenLastCalledWith('/api/contact', init);
    pageFetch.mockImplementationOnce(() => {
      throw new TypeError('bad');
    });
    expect(() => window.fetch(null as never)).toThrow('bad');
    expect(navigator.sendBeacon('/x', 'y')).toBe(true);
  });
});

describe("the site's own call", () => {
  it('track("form_submit", { formId }) for a waiting submission is its lead; no second one follows', async () => {
    page(CONTACT);
    const h = harness();
    const form = $('#contact');
    scripted(form, () => {
      post()();
      h.tracker.track('form_submit', { formId: 'contact', fieldNames: ['email'], via: 'script' });
    });
    submit(form);
    await tick(1000);
    expect(leads(h).map((e) => e.props.fieldNames)).toEqual([['email']]);
  });

  it('after a lead the detector counted, the same call is a repeat and dropped; other forms are not', async () => {
    page(CONTACT);
    const h = harness();
    scripted($('#contact'), post());
    submit($('#contact'));
    await tick(1000);
    h.tracker.track('form_submit', { formId: 'contact', via: 'script' });
    h.tracker.track('form_submit', { formId: 'newsletter', via: 'script' });
    await tick(1000);
    expect(leads(h).map((e) => e.props.formId)).toEqual(['contact', 'newsletter']);
  });

  it('a call before the submission counts, and the submission then is a repeat', async () => {
    page(CONTACT);
    const h = harness();
    h.tracker.track('form_submit', { formId: 'contact' });
    scripted($('#contact'), post());
    submit($('#contact'));
    await tick(1000);
    expect(leads(h)).toHaveLength(1);
  });
});

describe('shadow DOM', () => {
  it('counts a form inside an open shadow root once the visitor touched it', async () => {
    page('<div id="host"></div>');
    const root = $<HTMLElement>('#host').attachShadow({ mode: 'open' });
    root.innerHTML = '<form id="inner" method="post"><input name="email" type="email"><button>Send</button></form>';
    const h = harness();
    const form = $('#inner', root);
    scripted(form, post());
    form.querySelector('input')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    submit(form);
    await tick(1000);
    expect(leads(h).map((e) => [e.props.formId, e.props.via])).toEqual([['inner', 'script']]);
    // Native too, and one lead per submission.
    const native = document.createElement('form');
    native.method = 'post';
    native.innerHTML = '<input name="phone" type="tel">';
    root.appendChild(native);
    native.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    submit(native);
    submit(native);
    await tick(1000);
    expect(leads(h).map((e) => e.props.via)).toEqual(['script', 'native']);
  });
});

describe('destroy', () => {
  it('restores fetch, XMLHttpRequest, sendBeacon and form.submit, and removes shadow-root listeners', async () => {
    page('<div id="host"></div>');
    const root = $<HTMLElement>('#host').attachShadow({ mode: 'open' });
    root.innerHTML = '<form method="post"><input name="email" type="email"></form>';
    const before = {
      fetch: window.fetch,
      open: FakeXHR.prototype.open,
      send: FakeXHR.prototype.send,
      beacon: navigator.sendBeacon,
      submit: HTMLFormElement.prototype.submit,
    };
    const add = vi.spyOn(EventTarget.prototype, 'addEventListener');
    const remove = vi.spyOn(EventTarget.prototype, 'removeEventListener');
    const h = harness();
    await tick();
    expect(window.fetch).not.toBe(before.fetch);
    expect(FakeXHR.prototype.send).not.toBe(before.send);
    root.querySelector('input')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    h.tracker.destroy();
    expect({
      fetch: window.fetch,
      open: FakeXHR.prototype.open,
      send: FakeXHR.prototype.send,
      beacon: navigator.sendBeacon,
      submit: HTMLFormElement.prototype.submit,
    }).toEqual(before);
    const removed = remove.mock.calls.map((c) => [c[0], c[1]]);
    const onRoot = add.mock.contexts.flatMap((t, i) => (t === root ? [[add.mock.calls[i]![0], add.mock.calls[i]![1]]] : []));
    expect(onRoot.map((c) => c[0]).sort()).toEqual(['invalid', 'submit']);
    for (const c of onRoot) expect(removed).toContainEqual(c);
  });

  it('leaves a wrapper someone added after it in place, and goes inert', async () => {
    page(CONTACT);
    const h = harness();
    const ours = window.fetch;
    const theirs = function (this: unknown, ...a: Parameters<typeof fetch>) {
      return ours.apply(this, a);
    };
    window.fetch = theirs;
    h.tracker.destroy();
    expect(window.fetch).toBe(theirs);
    const h2 = harness({ config: { forms: false } });
    scripted($('#contact'), post());
    submit($('#contact'));
    await tick(1000);
    expect(pageFetch).toHaveBeenCalledTimes(1);
    expect(leads(h2)).toEqual([]);
  });
});

describe('form plugins', () => {
  const CF7 = `
    <div class="wpcf7" id="wpcf7-f12-p3-o1">
      <form action="/contact/#wpcf7-f12-p3-o1" method="post" class="wpcf7-form init">
        <input type="hidden" name="_wpcf7" value="12">
        <input name="your-name"><input name="your-email" type="email">
        <input type="submit" value="Send">
      </form>
    </div>`;
  const cf7Form = () => $('.wpcf7-form');
  /** What CF7's script does: prevent, post, and on success fire wpcf7mailsent on the form. */
  function cf7(mailSent: boolean, on: 'form' | 'wrapper' = 'form') {
    const form = cf7Form();
    scripted(
      form,
      () =>
        void fetch('/wp-json/contact-form-7/v1/contact-forms/12/feedback', { method: 'POST', body: 'x' }).then(() => {
          if (mailSent)
            (on === 'form' ? form : form.parentElement!).dispatchEvent(
              new CustomEvent('wpcf7mailsent', { bubbles: true, detail: { contactFormId: 12 } }),
            );
        }),
    );
  }

  it('a Contact Form 7 request alone is no lead (server-side validation may have failed)', async () => {
    page(CF7);
    const h = harness();
    cf7(false);
    submit(cf7Form());
    await tick(10_000);
    expect(leads(h)).toEqual([]);
  });

  it('wpcf7mailsent is the lead, once, with provider cf7; on the form or its wrapper', async () => {
    for (const on of ['form', 'wrapper'] as const) {
      page(CF7);
      const h = harness();
      cf7(true, on);
      submit(cf7Form());
      submit(cf7Form()); // double click
      await tick(1000);
      expect(leads(h).map((e) => e.props)).toEqual([
        {
          formId: '#wpcf7-f12-p3-o1>form',
          action: '/contact/',
          method: 'post',
          fieldNames: ['your-name', 'your-email'],
          via: 'script',
          provider: 'cf7',
        },
      ]);
      destroyAll();
    }
  });

  it('a plugin success signal with no submit event seen still counts once', async () => {
    page(CF7);
    const h = harness();
    await tick();
    cf7Form().dispatchEvent(new CustomEvent('wpcf7mailsent', { bubbles: true }));
    cf7Form().dispatchEvent(new CustomEvent('wpcf7mailsent', { bubbles: true }));
    await tick(100);
    expect(leads(h).map((e) => e.props.provider)).toEqual(['cf7']);
  });

  it('HubSpot: onFormSubmitted message and the newer forms event, each one lead', async () => {
    page(
      '<div class="hbspt-form"><form id="hsForm_abc-123" data-form-id="abc-123" class="hs-form" method="POST"><input name="email" type="email"></form></div>',
    );
    const h = harness();
    const form = $('form');
    scripted(form, post('https://forms.hsforms.com/submissions/v3/public/submit/formsnext/multipart/1/abc-123'));
    submit(form);
    await tick(1000);
    expect(leads(h)).toEqual([]); // the request alone proves nothing
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'hsFormCallback', eventName: 'onFormSubmit', id: 'abc-123' } }));
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'hsFormCallback', eventName: 'onFormSubmitted', id: 'abc-123' } }));
    await tick(100);
    window.dispatchEvent(new CustomEvent('hs-form-event:on-submission:success', { detail: { formId: 'def-456' } }));
    await tick(100);
    expect(leads(h).map((e) => [e.props.formId, e.props.provider, e.props.fieldNames])).toEqual([
      ['hsForm_abc-123', 'hubspot', ['email']],
      ['hsForm_def-456', 'hubspot', []],
    ]);
  });

  describe('jQuery events (Gravity Forms, Elementor Pro, WPForms)', () => {
    type JQ = ((el: unknown) => { trigger(type: string, args?: unknown[]): unknown }) & {
      _data(el: unknown, key: string): Record<string, unknown> | undefined;
    };
    let jq: JQ;
    beforeAll(async () => {
      // The real jQuery (no types in this package: hence the cast).
      jq = ((await import('jquery' as string)) as { default: JQ }).default;
    });

    it('Gravity Forms: the native post into its frame waits for gform_confirmation_loaded, which counts once', async () => {
      page(`
        <div class="gform_wrapper" id="gform_wrapper_3">
          <form method="post" enctype="multipart/form-data" target="gform_ajax_frame_3" id="gform_3" action="/contact/#gf_3">
            <input name="input_1" type="email"><input name="input_2"><input type="submit" value="Submit">
          </form>
        </div>
        <iframe name="gform_ajax_frame_3"></iframe>`);
      (window as { jQuery?: unknown }).jQuery = jq;
      const h = harness();
      submit($('#gform_3'));
      await tick(2000);
      expect(leads(h)).toEqual([]);
      // Gravity replaces the form with its confirmation, then triggers the event on document.
      $('#gform_wrapper_3').innerHTML = '<div class="gform_confirmation_message">Thanks!</div>';
      jq(document).trigger('gform_confirmation_loaded', [3]);
      jq(document).trigger('gform_confirmation_loaded', [3]);
      await tick(100);
      expect(leads(h).map((e) => [e.props.formId, e.props.provider, e.props.fieldNames])).toEqual([
        ['gform_3', 'gravityforms', ['input_1', 'input_2']],
      ]);
    });

    it('Elementor Pro submit_success and WPForms wpformsAjaxSubmitSuccess, with jQuery loaded after the tracker', async () => {
      page(`
        <form class="elementor-form" method="post" name="Quote"><input name="form_fields[email]" type="email"></form>
        <form class="wpforms-form" id="wpforms-form-9" method="post"><input name="wpforms[fields][1]"><input name="wpforms[fields][2]" type="email"></form>`);
      const h = harness();
      const elementor = $('.elementor-form');
      const wpforms = $('.wpforms-form');
      // Both post by AJAX; a request alone is no lead for them.
      scripted(elementor, post('/wp-admin/admin-ajax.php'));
      scripted(wpforms, post('/wp-admin/admin-ajax.php'));
      (window as { jQuery?: unknown }).jQuery = jq; // arrives late: found at the next submit
      submit(elementor);
      await tick(1000);
      expect(leads(h)).toEqual([]);
      jq(elementor).trigger('submit_success', [{ message: 'ok' }]);
      submit(wpforms);
      await tick(1000);
      jq(wpforms).trigger('wpformsAjaxSubmitSuccess', [{ success: true }]);
      await tick(100);
      expect(leads(h).map((e) => [e.props.formId, e.props.provider])).toEqual([
        ['Quote', 'elementor'],
        ['wpforms-form-9', 'wpforms'],
      ]);
    });

    it('jQuery that appears after start-up is hooked on load; destroy unhooks it', async () => {
      page('<form class="elementor-form" id="e" method="post"><input name="email" type="email"></form>');
      const h = harness();
      await tick();
      (window as { jQuery?: unknown }).jQuery = jq;
      window.dispatchEvent(new Event('load'));
      jq($('#e')).trigger('submit_success');
      await tick(100);
      expect(leads(h)).toHaveLength(1);
      h.tracker.destroy();
      const events = jq._data(document, 'events');
      expect(Object.keys(events || {})).toEqual([]);
    });
  });
});
