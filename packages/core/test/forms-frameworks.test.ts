/**
 * Form frameworks' answers judged by what they mean, not only by their status. Each answer is
 * written as the framework sends it (from its source: SvelteKit's
 * runtime/server/page/actions.js and $app/forms enhance, Next.js's app-render/action-handler.ts
 * and server-action-reducer, React Router's single fetch, turbo-stream encoded), requested the
 * way its client requests it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerOk, saysFailed } from '../src/detectors/forms/answers';
import { destroyAll, harness, tick } from './harness';

const realFetch = window.fetch;
afterEach(() => {
  destroyAll();
  vi.useRealTimers();
  window.fetch = realFetch;
});
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
});

interface Answer {
  status: number;
  body: string;
  type: string;
  headers?: Record<string, string>;
}

/** The page's server answers every request with `answer`, 50 ms later. */
function server(answer: Answer) {
  window.fetch = vi.fn(
    () =>
      new Promise<Response>((resolve) =>
        setTimeout(
          () => resolve(new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.type, ...answer.headers } })),
          50,
        ),
      ),
  ) as unknown as typeof fetch;
}

/** A form the page sends in script, with the framework client's own request. */
function formSentBy(send: (form: HTMLFormElement) => void, action = '?/contact', id = 'contact') {
  document.body.innerHTML = `<form id="${id}" method="post" action="${action}"><input name="email" type="email"><button>Send</button></form>`;
  const form = document.querySelector('form')!;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send(form);
  });
  return form;
}

const SVELTEKIT = (form: HTMLFormElement) =>
  void fetch(form.action, {
    method: 'POST',
    headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
    cache: 'no-store',
    body: new FormData(form),
  });
const sveltekit = (body: object, status = 200): Answer => ({ status, body: JSON.stringify(body), type: 'application/json' });

const NEXT = () =>
  void fetch('', {
    method: 'POST',
    headers: {
      Accept: 'text/x-component',
      'Next-Action': '7f3a9c1e0b2d4f6a8c0e1b3d5f7a9c1e0b2d4f6a',
      'Next-Router-State-Tree': '%5B%22%22%5D',
    },
    body: '[{"email":"an@example.com"}]',
  });
const flight = (result: object, status = 200): Answer => ({
  status,
  body: `0:{"a":"$@1","f":"","b":"development","q":"","i":false}\n1:${JSON.stringify(result)}\n`,
  type: 'text/x-component',
});

const ROUTER = () => void fetch('/contact.data', { method: 'POST', body: new URLSearchParams({ email: 'an@example.com' }) });
const turbo = (flat: unknown[], status = 200): Answer => ({ status, body: JSON.stringify(flat) + '\n', type: 'text/x-script' });

const cases: [string, (form: HTMLFormElement) => void, Answer, boolean][] = [
  // fail(422, { email, missing: true }) answers use:enhance with HTTP 200 and the status inside.
  [
    'SvelteKit fail(422)',
    SVELTEKIT,
    sveltekit({ type: 'failure', status: 422, data: '[{"email":1,"missing":2},"an@example.com",true]' }),
    false,
  ],
  ['SvelteKit error()', SVELTEKIT, sveltekit({ type: 'error', error: { message: 'Internal Error' } }, 500), false],
  ['SvelteKit success', SVELTEKIT, sveltekit({ type: 'success', status: 200, data: '[{"sent":1},true]' }), true],
  ['SvelteKit redirect(303)', SVELTEKIT, sveltekit({ type: 'redirect', status: 303, location: '/thanks' }), true],
  ['a Next.js Server Action returning errors', NEXT, flight({ ok: false, errors: { email: ['Invalid email'] } }), false],
  ['a Next.js Server Action returning { success: false }', NEXT, flight({ success: false, message: 'Try again' }), false],
  [
    'a Next.js Server Action that throws (500)',
    NEXT,
    { ...flight({}, 500), body: '0:{"a":"$@1","f":"","b":"development"}\n1:E{"digest":"2941"}\n' },
    false,
  ],
  ['a Next.js Server Action returning { ok: true }', NEXT, flight({ ok: true }), true],
  [
    'a Next.js Server Action that redirects',
    NEXT,
    { ...flight({}), body: '0:{"b":"development","f":[["",{}]]}\n', headers: { 'x-action-redirect': '/thanks;push' } },
    true,
  ],
  [
    'a React Router action returning { errors }',
    ROUTER,
    turbo([{ _1: 2 }, 'data', { _3: 4 }, 'errors', { _5: 6 }, 'email', 'Invalid email']),
    false,
  ],
  ['a React Router action that throws', ROUTER, turbo([{ _1: 2 }, 'error', { _3: 4 }, 'message', 'Unexpected Server Error'], 500), false],
  ['a React Router action returning { ok: true }', ROUTER, turbo([{ _1: 2 }, 'data', { _3: 4 }, 'ok', true]), true],
  ['a React Router data({ errors }, { status: 400 })', ROUTER, turbo([{ _1: 2 }, 'data', { _3: 4 }, 'errors', ['Invalid']], 400), false],
];

describe('form frameworks: the answer says whether the submission went through', () => {
  for (const [what, send, answer, lead] of cases) {
    it(`${what}: ${lead ? 'a lead' : 'no lead'}`, async () => {
      history.replaceState(null, '', '/book');
      server(answer);
      const h = harness();
      await tick();
      formSentBy(send).requestSubmit();
      await tick(6000);
      await h.tracker.flush();
      const leads = h.ofType('form_submit');
      expect(leads).toHaveLength(lead ? 1 : 0);
      if (lead) expect(leads[0]!.props).toMatchObject({ formId: 'contact', via: 'script', fieldNames: ['email'] });
    });
  }

  it("keeps a relative action's path and action name, scrubbed as URLs are", async () => {
    history.replaceState(null, '', '/book?email=an%40example.com');
    server(sveltekit({ type: 'success', status: 204, data: '-1' }));
    const h = harness();
    await tick();
    formSentBy(SVELTEKIT, '?/contact&email=an%40example.com').requestSubmit();
    formSentBy(SVELTEKIT, 'https://forms.example.com/api/contact?phone=0901234567#top', 'other').requestSubmit();
    await tick(6000);
    await h.tracker.flush();
    expect(h.ofType('form_submit').map((e) => e.props.action)).toEqual(['/book?/contact', 'https://forms.example.com/api/contact']);
  });

  it('a lead judged after the router moved on carries the page and time of its submission', async () => {
    history.replaceState(null, '', '/book');
    document.title = 'Book a visit';
    // A Server Action that redirects: its router is on /thanks before the answer's body is read.
    window.fetch = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 50));
      history.pushState(null, '', '/thanks');
      document.title = 'Booked';
      return new Response('0:{"b":"x","f":[["",{}]]}\n', {
        headers: { 'content-type': 'text/x-component', 'x-action-redirect': '/thanks;push' },
      });
    }) as unknown as typeof fetch;
    const h = harness();
    await tick();
    const submittedAt = new Date().toISOString();
    formSentBy(NEXT).requestSubmit();
    await tick(6000);
    await h.tracker.flush();
    const [lead] = h.ofType('form_submit');
    expect(lead).toMatchObject({ ts: submittedAt, page: { path: '/book', title: 'Book a visit' } });
    expect(h.ofType('page_view').map((e) => e.page.path)).toEqual(['/book', '/thanks']);
  });

  it('reads what it cannot parse as the status says, and never throws', () => {
    expect(answerOk('sveltekit', '<html>')).toBe(true);
    expect(answerOk('next', '0:not json')).toBe(true);
    expect(answerOk('router', '')).toBe(true);
    expect([saysFailed({ errors: [] }), saysFailed({ errors: {} }), saysFailed({ error: null }), saysFailed('failed')]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
