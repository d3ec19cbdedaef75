/**
 * chat_start from chat widgets. Each vendor is emulated from its documented API
 * (shared/reference/chat-widgets.md): stub queues that exist before the loader, the loader
 * replacing them and replaying the queue, globals that appear only after load, Tawk.to's
 * callback properties, and window events.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateBatch } from '@leadbeacon/collector';
import { chatWidgets, type ChatWidget } from '../src/detectors/chat/widget';
import { allWidgets } from '../src/detectors/chat/hooks';
import { intercom } from '../src/detectors/chat/intercom';
import { drift } from '../src/detectors/chat/drift';
import { crisp } from '../src/detectors/chat/crisp';
import { tawk } from '../src/detectors/chat/tawk';
import { hubspot } from '../src/detectors/chat/hubspot';
import { zendesk } from '../src/detectors/chat/zendesk';
import { livechat } from '../src/detectors/chat/livechat';
import { tidio } from '../src/detectors/chat/tidio';
import { olark } from '../src/detectors/chat/olark';
import { freshchat } from '../src/detectors/chat/freshchat';
import { chatwoot } from '../src/detectors/chat/chatwoot';
import { destroyAll, harness } from './harness';
import { run, stopAll } from './chat-helpers';

type Fn = (...a: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const GLOBALS = [
  'Intercom',
  'drift',
  'driftt',
  '$crisp',
  'Tawk_API',
  'HubSpotConversations',
  'zE',
  'LiveChatWidget',
  'tidioChatApi',
  'olark',
  'fcWidget',
];

/** Named handlers, as every vendor keeps them. */
function handlers() {
  const h: Record<string, Fn[]> = {};
  return {
    h,
    on: (name: string, fn: Fn) => void (h[name] = h[name] || []).push(fn),
    off: (name: string, fn: Fn) => void (h[name] = (h[name] || []).filter((f) => f !== fn)),
    fire: (name: string, ...args: unknown[]) => (h[name] || []).forEach((f) => f(...args)),
  };
}

// --- the vendors, from their install snippets and JS APIs ---------------------------------

/** Intercom's snippet: a function queueing its arguments in `q`; the loader replays them. */
function intercomSnippet() {
  const i: Fn & { q?: unknown[][]; c?: Fn } = function (...args: unknown[]) {
    i.c!(args);
  };
  i.q = [];
  i.c = (args: unknown[]) => i.q!.push(args);
  w.Intercom = i;
}
function intercomLoad() {
  const ev = handlers();
  const api = (cmd: string, arg: Fn) => (/^on/.test(cmd) ? ev.on(cmd, arg) : undefined);
  const queued = (w.Intercom && w.Intercom.q) || [];
  w.Intercom = api;
  for (const args of queued) api(...(args as [string, Fn]));
  return ev;
}

/** Drift's snippet: an array with queueing methods that return the stub; the loader replays. */
function driftSnippet() {
  const t: unknown[] & Record<string, Fn> = [] as never;
  for (const m of ['identify', 'config', 'track', 'reset', 'debug', 'show', 'ping', 'page', 'hide', 'off', 'on']) {
    t[m] = (...args: unknown[]) => (t.push([m, ...args]), t);
  }
  w.driftt = w.drift = t;
}
function driftLoad() {
  const ev = handlers();
  const queued = (w.drift || []) as unknown[][];
  w.drift = w.driftt = { on: ev.on, off: ev.off };
  for (const [m, ...args] of queued) if (m === 'on') ev.on(...(args as [string, Fn]));
  return ev;
}

/** Crisp: `$crisp` is a plain array until the loader swaps in an object and replays it. */
function crispLoad() {
  const ev = handlers();
  const queued = (w.$crisp || []) as unknown[][];
  // Crisp's `off` unbinds every handler of the event.
  w.$crisp = {
    push: ([verb, name, fn]: [string, string, Fn]) =>
      verb === 'on' ? ev.on(name, fn) : verb === 'off' ? void (ev.h[name] = []) : undefined,
    is: () => true,
  };
  for (const item of queued) w.$crisp.push(item);
  return ev;
}

/** Tawk.to calls the callback properties of the object the page created. */
const tawkFire = (name: string, ...args: unknown[]) => typeof w.Tawk_API[name] === 'function' && w.Tawk_API[name](...args);

/** Zendesk Classic: `zE(api, method, …)`; unknown APIs are silent no-ops. */
function zendeskClassic() {
  const ev = handlers();
  w.zE = vi.fn((api: string, name: string, fn: Fn) => (api === 'webWidget:on' ? ev.on(name, fn) : undefined));
  return ev;
}
/** Zendesk Messaging: `messenger:on` returns an unsubscribe function. */
function zendeskMessaging() {
  const ev = handlers();
  const unsubscribe = vi.fn();
  w.zE = vi.fn((api: string, name: string, fn: Fn) => {
    if (api !== 'messenger:on') throw new Error('unknown API ' + api);
    ev.on(name, fn);
    return () => (unsubscribe(), ev.off(name, fn));
  });
  return { ...ev, unsubscribe };
}

/** LiveChat's snippet: a queue object; `get` throws before load. */
function livechatSnippet() {
  const q: unknown[][] = [];
  w.LiveChatWidget = {
    _q: q,
    _h: null,
    on: (...a: unknown[]) => void q.push(['on', ...a]),
    once: (...a: unknown[]) => void q.push(['once', ...a]),
    off: (...a: unknown[]) => void q.push(['off', ...a]),
    call: (...a: unknown[]) => void q.push(['call', ...a]),
    get: vi.fn(() => {
      throw new Error("You can't use getters before load.");
    }),
    init: () => {},
  };
}
function livechatLoad(chatId = 'CHAT1') {
  const ev = handlers();
  const stub = w.LiveChatWidget;
  stub.on = ev.on;
  stub.off = ev.off;
  stub.get = (what: string) => (what === 'chat_data' ? { chatId, threadId: 'T1' } : {});
  for (const [m, ...args] of stub._q as unknown[][]) if (m === 'on') ev.on(...(args as [string, Fn]));
  return ev;
}

/** Olark's snippet: a queueing function. */
function olarkSnippet() {
  const o: Fn & { _?: unknown[][] } = (...args: unknown[]) => void o._!.push(args);
  o._ = [];
  w.olark = o;
}
function olarkLoad() {
  const ev = handlers();
  const queued = w.olark._ as unknown[][];
  w.olark = (name: string, fn: Fn) => ev.on(name, fn);
  for (const args of queued) w.olark(...args);
  return ev;
}

/** A global that exists only once loaded, with on/off (HubSpot, Tidio, Freshchat). */
function loaded(global: string) {
  const ev = handlers();
  w[global] = { on: ev.on, off: ev.off };
  return ev;
}

const chatwootStart = (hasConversation = false) =>
  window.dispatchEvent(new CustomEvent('chatwoot:on-start-conversation', { detail: { hasConversation } }));

// -------------------------------------------------------------------------------------------

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
  history.replaceState(null, '', '/');
});
afterEach(() => {
  stopAll();
  destroyAll();
  for (const g of GLOBALS) delete w[g];
  delete (navigator as { userActivation?: unknown }).userActivation;
  vi.useRealTimers();
});

const detector = (...list: ChatWidget[]) => run(chatWidgets(list));
const starts = (d: ReturnType<typeof run>) => d.props('chat_start');

describe('each provider, its signal', () => {
  it('Intercom: onUserEmailSupplied through the snippet queue, replayed on load; opening is not a start', () => {
    intercomSnippet();
    const d = detector(intercom);
    expect(w.Intercom.q.map((a: unknown[]) => a[0])).toEqual(['onUserEmailSupplied']);
    const ev = intercomLoad();
    ev.fire('onShow');
    expect(starts(d)).toEqual([]);
    ev.fire('onUserEmailSupplied');
    ev.fire('onUserEmailSupplied');
    expect(starts(d)).toEqual([{ provider: 'intercom', via: 'widget', signal: 'onUserEmailSupplied' }]);
  });

  it('Drift: startConversation, once per conversation id', () => {
    driftSnippet();
    const d = detector(drift);
    const ev = driftLoad();
    ev.fire('startConversation', { conversationId: 42, inboxId: 1 });
    ev.fire('startConversation', { conversationId: 42, inboxId: 1 });
    ev.fire('startConversation', { conversationId: 43, inboxId: 1 });
    expect(starts(d)).toEqual([
      { provider: 'drift', via: 'widget', signal: 'startConversation', conversationId: '42' },
      { provider: 'drift', via: 'widget', signal: 'startConversation', conversationId: '43' },
    ]);
  });

  it('Crisp: the first message:sent per page view, pushed on the array before load; received messages are not', () => {
    w.$crisp = [];
    const d = detector(crisp);
    expect([...w.$crisp]).toEqual([['on', 'message:sent', expect.any(Function)]]);
    const ev = crispLoad();
    ev.fire('message:received', { content: 'Hi, how can we help?' });
    ev.fire('message:sent', { content: 'my phone is 0901234567' });
    ev.fire('message:sent', { content: 'hello?' });
    history.pushState(null, '', '/pricing');
    ev.fire('message:sent', { content: 'again' });
    expect(starts(d)).toEqual([
      { provider: 'crisp', via: 'widget', signal: 'message:sent' },
      { provider: 'crisp', via: 'widget', signal: 'message:sent' },
    ]);
    // Message text never leaves.
    expect(JSON.stringify(d.emitted)).not.toMatch(/0901234567|hello/);
  });

  it('HubSpot: conversationStarted with its conversation id, once HubSpotConversations appears', () => {
    const d = detector(hubspot);
    vi.advanceTimersByTime(2000);
    const ev = loaded('HubSpotConversations');
    vi.advanceTimersByTime(500);
    ev.fire('conversationStarted', { conversation: { conversationId: 7 } });
    ev.fire('conversationStarted', { conversation: { conversationId: 7 } });
    ev.fire('conversationStarted', null); // an unexpected payload never throws into HubSpot's code
    expect(starts(d)).toEqual([
      { provider: 'hubspot', via: 'widget', signal: 'conversationStarted', conversationId: '7' },
      { provider: 'hubspot', via: 'widget', signal: 'conversationStarted' },
    ]);
  });

  it('Zendesk Classic: webWidget:on chat:start', () => {
    const ev = zendeskClassic();
    const d = detector(zendesk);
    expect(w.zE.mock.calls.map((c: unknown[]) => c.slice(0, 2))).toEqual([
      ['messenger:on', 'open'],
      ['webWidget:on', 'chat:start'],
    ]);
    ev.fire('open');
    ev.fire('chat:start');
    expect(starts(d)).toEqual([{ provider: 'zendesk', via: 'widget', signal: 'chat:start' }]);
  });

  it('Zendesk Messaging: open is the fallback ("opened"), only when the visitor caused it; unsubscribed on teardown', () => {
    const ev = zendeskMessaging();
    const activation = { isActive: false };
    Object.defineProperty(navigator, 'userActivation', { configurable: true, value: activation });
    const d = detector(zendesk);
    expect(w.zE).toHaveBeenCalledTimes(1); // webWidget:on is never tried on Messaging
    ev.fire('open', { id: 'a', createdAt: 1, type: 'messagingOpened' }); // the site opened it on load
    expect(starts(d)).toEqual([]);
    activation.isActive = true;
    ev.fire('open', { id: 'b', createdAt: 2, type: 'messagingOpened' });
    ev.fire('open', { id: 'c', createdAt: 3, type: 'messagingOpened' });
    expect(starts(d)).toEqual([{ provider: 'zendesk', via: 'widget', signal: 'opened' }]);
    d.stop();
    expect(ev.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('LiveChat: the first new_event by the customer, with the chat id; agent messages are not; no getter before load', () => {
    livechatSnippet();
    const getBeforeLoad = w.LiveChatWidget.get;
    const d = detector(livechat);
    expect(getBeforeLoad).not.toHaveBeenCalled();
    const ev = livechatLoad('CHAT1');
    ev.fire('new_event', { timestamp: 1, type: 'message', author: { id: 'agent@x', type: 'agent' } });
    expect(starts(d)).toEqual([]);
    ev.fire('new_event', { timestamp: 2, type: 'message', author: { id: 'v1', type: 'customer' } });
    ev.fire('new_event', { timestamp: 3, type: 'message', author: { id: 'v1', type: 'customer' } });
    expect(starts(d)).toEqual([{ provider: 'livechat', via: 'widget', signal: 'new_event', conversationId: 'CHAT1' }]);
  });

  it('Tidio: conversationStart once tidioChatApi exists', () => {
    const d = detector(tidio);
    const ev = loaded('tidioChatApi');
    vi.advanceTimersByTime(500);
    ev.fire('messageFromOperator');
    ev.fire('conversationStart');
    expect(starts(d)).toEqual([{ provider: 'tidio', via: 'widget', signal: 'conversationStart' }]);
  });

  it('Olark: onMessageToOperator through the queue; onBeginConversation (greeters) is not used', () => {
    olarkSnippet();
    const d = detector(olark);
    const ev = olarkLoad();
    expect(Object.keys(ev.h)).toEqual(['api.chat.onMessageToOperator']);
    ev.fire('api.chat.onMessageToOperator', { message: { body: 'hi' } });
    expect(starts(d)).toEqual([{ provider: 'olark', via: 'widget', signal: 'api.chat.onMessageToOperator' }]);
  });

  it('Freshchat: the first message:sent', () => {
    const d = detector(freshchat);
    const ev = loaded('fcWidget');
    vi.advanceTimersByTime(500);
    ev.fire('widget:opened');
    ev.fire('message:sent', { success: true });
    ev.fire('message:sent', { success: true });
    expect(starts(d)).toEqual([{ provider: 'freshchat', via: 'widget', signal: 'message:sent' }]);
  });

  it('Chatwoot: the chatwoot:on-start-conversation window event, not when a conversation exists; removed on teardown', () => {
    const d = detector(chatwoot);
    chatwootStart(true);
    chatwootStart(false);
    chatwootStart(false);
    expect(starts(d)).toEqual([{ provider: 'chatwoot', via: 'widget', signal: 'chatwoot:on-start-conversation' }]);
    d.stop();
    history.pushState(null, '', '/next');
    chatwootStart(false);
    expect(starts(d)).toHaveLength(1);
  });
});

describe('Tawk.to callbacks: kept, before and after', () => {
  it("the site's onChatStarted assigned before we hook still runs, with its this and arguments", () => {
    const site = vi.fn(function (this: unknown) {
      return this;
    });
    w.Tawk_API = { onChatStarted: site };
    const d = detector(tawk);
    expect(tawkFire('onChatStarted', { chatId: 'x' })).toBe(w.Tawk_API);
    expect(site).toHaveBeenCalledWith({ chatId: 'x' });
    expect(starts(d)).toEqual([{ provider: 'tawk', via: 'widget', signal: 'onChatStarted' }]);
  });

  it('assigned after we hooked: both run', () => {
    w.Tawk_API = {};
    const d = detector(tawk);
    const site = vi.fn();
    w.Tawk_API.onChatStarted = site;
    tawkFire('onChatStarted');
    expect(site).toHaveBeenCalledTimes(1);
    expect(starts(d)).toHaveLength(1);
  });

  it('a site that wraps what it reads runs once (no endless loop), and we count once', () => {
    w.Tawk_API = {};
    const d = detector(tawk);
    const mine = vi.fn();
    const previous = w.Tawk_API.onChatStarted;
    w.Tawk_API.onChatStarted = function (...a: unknown[]) {
      previous(...a);
      mine();
    };
    tawkFire('onChatStarted');
    expect(mine).toHaveBeenCalledTimes(1);
    expect(starts(d)).toHaveLength(1);
  });

  it("the site's own exceptions behave as without us; ours never reach Tawk", () => {
    w.Tawk_API = {
      onChatStarted: () => {
        throw new Error('site bug');
      },
    };
    const d = detector(tawk);
    expect(() => tawkFire('onChatStarted')).toThrow('site bug');
    expect(starts(d)).toHaveLength(1);
  });

  it("teardown puts the site's callback back as a plain property", () => {
    const site = vi.fn();
    w.Tawk_API = {};
    const d = detector(tawk);
    w.Tawk_API.onChatStarted = site;
    d.stop();
    expect(Object.getOwnPropertyDescriptor(w.Tawk_API, 'onChatStarted')).toMatchObject({ value: site, writable: true });
    tawkFire('onChatStarted');
    expect(site).toHaveBeenCalledTimes(1);
    expect(starts(d)).toEqual([]);
  });

  it('Tawk_API created after the tracker (late loading) is hooked by polling; other callbacks untouched', () => {
    const d = detector(tawk);
    vi.advanceTimersByTime(3000);
    const onLoad = vi.fn();
    w.Tawk_API = { onLoad };
    vi.advanceTimersByTime(500);
    tawkFire('onLoad');
    tawkFire('onChatMaximized');
    tawkFire('onChatStarted');
    expect(onLoad).toHaveBeenCalled();
    expect(starts(d)).toEqual([{ provider: 'tawk', via: 'widget', signal: 'onChatStarted' }]);
  });
});

describe('waiting for widgets', () => {
  it('polls for 30 s, then stops; a user interaction polls 15 s more and catches a widget loaded on click', () => {
    const before = vi.getTimerCount();
    const d = detector(...allWidgets);
    expect(vi.getTimerCount()).toBe(before + 1);
    vi.advanceTimersByTime(30_500);
    expect(vi.getTimerCount()).toBe(before);
    document.body.dispatchEvent(new Event('mousedown', { bubbles: true }));
    expect(vi.getTimerCount()).toBe(before + 1);
    vi.advanceTimersByTime(3000);
    const ev = loaded('tidioChatApi'); // the chat facade loaded the widget
    vi.advanceTimersByTime(500);
    ev.fire('conversationStart');
    expect(starts(d)).toHaveLength(1);
    vi.advanceTimersByTime(15_000);
    expect(vi.getTimerCount()).toBe(before);
    // Focus moving into a (launcher) iframe counts as an interaction too.
    window.dispatchEvent(new Event('blur'));
    expect(vi.getTimerCount()).toBe(before + 1);
  });

  it('stops polling once every widget is hooked; with Crisp or Tawk.to at the end of its window (their global may be replaced)', () => {
    const before = vi.getTimerCount();
    const d = detector(drift, hubspot);
    driftSnippet();
    vi.advanceTimersByTime(500);
    expect(vi.getTimerCount()).toBe(before + 1);
    loaded('HubSpotConversations');
    vi.advanceTimersByTime(500);
    expect(vi.getTimerCount()).toBe(before);
    d.stop();
    w.$crisp = [];
    detector(crisp);
    vi.advanceTimersByTime(20_000);
    expect(vi.getTimerCount()).toBe(before + 1);
    vi.advanceTimersByTime(11_000);
    expect(vi.getTimerCount()).toBe(before);
  });

  it('teardown stops polling, removes listeners and silences every callback', () => {
    const before = vi.getTimerCount();
    const add = vi.spyOn(EventTarget.prototype, 'addEventListener');
    const remove = vi.spyOn(EventTarget.prototype, 'removeEventListener');
    w.$crisp = [];
    const d = detector(...allWidgets);
    const ev = crispLoad();
    d.stop();
    expect(vi.getTimerCount()).toBe(before);
    for (const a of add.mock.calls.map((c) => c.slice(0, 2))) expect(remove.mock.calls.map((c) => c.slice(0, 2))).toContainEqual(a);
    ev.fire('message:sent');
    expect(d.emitted).toEqual([]);
  });

  it('a widget whose global is not what its API should be is skipped with a warning; the others still work', () => {
    w.Intercom = { not: 'a function' };
    w.$crisp = [];
    const d = detector(intercom, crisp);
    expect(d.warn).toHaveBeenCalledTimes(1);
    crispLoad().fire('message:sent');
    expect(starts(d)).toHaveLength(1);
  });

  it('widgets loaded before the tracker are hooked at once, without waiting for a poll', () => {
    driftSnippet();
    const ev = driftLoad();
    const d = detector(drift);
    ev.fire('startConversation', { conversationId: 1 });
    expect(starts(d)).toHaveLength(1);
  });
});

describe('through the tracker', () => {
  it('every provider: one valid chat_start each; chat: false and chatWidgets: false switch them off', async () => {
    intercomSnippet();
    driftSnippet();
    w.$crisp = [];
    w.Tawk_API = {};
    livechatSnippet();
    olarkSnippet();
    zendeskClassic();
    const h = harness();
    const fired = [
      intercomLoad().fire.bind(null, 'onUserEmailSupplied'),
      driftLoad().fire.bind(null, 'startConversation', { conversationId: 9 }),
      crispLoad().fire.bind(null, 'message:sent'),
      () => tawkFire('onChatStarted'),
      livechatLoad().fire.bind(null, 'new_event', { author: { type: 'customer' } }),
      olarkLoad().fire.bind(null, 'api.chat.onMessageToOperator'),
    ];
    const zE = w.zE;
    const hs = loaded('HubSpotConversations');
    const ti = loaded('tidioChatApi');
    const fc = loaded('fcWidget');
    vi.advanceTimersByTime(500);
    for (const f of fired) f();
    zE.mock.calls.find((c: unknown[]) => c[0] === 'webWidget:on')[2]();
    hs.fire('conversationStarted', { conversation: { conversationId: 5 } });
    ti.fire('conversationStart');
    fc.fire('message:sent');
    chatwootStart();
    for (const f of fired) f(); // nothing twice
    await h.tracker.flush();
    for (const s of h.sent) expect(validateBatch(s.body)).toMatchObject({ ok: true });
    expect(
      h
        .ofType('chat_start')
        .map((e) => e.props.provider)
        .sort(),
    ).toEqual(['chatwoot', 'crisp', 'drift', 'freshchat', 'hubspot', 'intercom', 'livechat', 'olark', 'tawk', 'tidio', 'zendesk']);
    h.tracker.destroy();

    for (const config of [{ chat: false }, { chatWidgets: false }]) {
      const off = harness({ config });
      history.pushState(null, '', '/another-page-' + Object.keys(config)[0]);
      chatwootStart();
      hs.fire('conversationStarted', { conversation: { conversationId: 6 } });
      await off.tracker.flush();
      expect(off.ofType('chat_start')).toEqual([]);
      off.tracker.destroy();
    }
  });
});

describe('conversations over pages and sites that replace or unbind', () => {
  /** A real tracker with only this widget, its events as sent. */
  async function tracked(widget: ChatWidget) {
    const h = harness({ config: { detectors: [chatWidgets([widget])], pageViews: false } });
    await vi.advanceTimersByTimeAsync(10);
    return { h, starts: async () => (await h.tracker.flush(), h.ofType('chat_start').map((e) => e.props)) };
  }

  it('a Crisp conversation over three pages of a session is one chat_start; a new session starts another', async () => {
    w.$crisp = [];
    const { h, starts } = await tracked(crisp);
    const ev = crispLoad();
    ev.fire('message:sent');
    history.pushState(null, '', '/pricing');
    ev.fire('message:sent');
    const first = await starts();
    h.tracker.destroy();
    // The next page load, the same visitor (same storage): the conversation goes on.
    w.$crisp = [];
    const next = harness({ config: { detectors: [chatWidgets([crisp])], pageViews: false }, storage: h.storage });
    await vi.advanceTimersByTimeAsync(10);
    const ev2 = crispLoad();
    ev2.fire('message:sent');
    await next.tracker.flush();
    expect(first.length + next.ofType('chat_start').length).toBe(1);
    // 31 minutes later, on another page: a new session, a new conversation.
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    history.pushState(null, '', '/contact');
    ev2.fire('message:sent');
    await next.tracker.flush();
    expect(next.ofType('chat_start')).toHaveLength(1);
  });

  it('Crisp: the site\'s own ["off", "message:sent"] before or after load does not drop ours', async () => {
    w.$crisp = [];
    const { starts } = await tracked(crisp);
    w.$crisp.push(['off', 'message:sent']); // queued before load, replayed after our "on"
    const ev = crispLoad();
    await vi.advanceTimersByTimeAsync(600); // the poll sees the loaded object
    w.$crisp.push(['off', 'message:sent']);
    ev.fire('message:sent');
    expect(await starts()).toEqual([{ provider: 'crisp', via: 'widget', signal: 'message:sent' }]);
  });

  it('a site that replaces the whole Tawk_API object after we hooked it keeps being counted, its callback kept', async () => {
    w.Tawk_API = {};
    const { starts } = await tracked(tawk);
    const site = vi.fn();
    w.Tawk_API = { onChatStarted: site };
    // The visitor reaches the widget (its iframe takes the focus): polling looks again.
    window.dispatchEvent(new Event('blur'));
    await vi.advanceTimersByTimeAsync(600);
    tawkFire('onChatStarted', { chatId: 'x' });
    expect(site).toHaveBeenCalledTimes(1);
    expect(await starts()).toEqual([{ provider: 'tawk', via: 'widget', signal: 'onChatStarted' }]);
  });

  it('LiveChat: one chat_start per chat id across the page loads of a session', async () => {
    const ev = handlers();
    w.LiveChatWidget = { on: ev.on, off: ev.off, get: () => ({ chatId: 'C1' }) };
    const { h, starts } = await tracked(livechat);
    ev.fire('new_event', { author: { type: 'customer' } });
    expect((await starts()).map((p) => p.conversationId)).toEqual(['C1']);
    h.tracker.destroy();
    // The next page load of the same visitor: the same chat goes on.
    const ev2 = handlers();
    w.LiveChatWidget = { on: ev2.on, off: ev2.off, get: () => ({ chatId: 'C1' }) };
    const next = harness({ config: { detectors: [chatWidgets([livechat])], pageViews: false }, storage: h.storage });
    await vi.advanceTimersByTimeAsync(10);
    ev2.fire('new_event', { author: { type: 'customer' } });
    await next.tracker.flush();
    expect(next.ofType('chat_start')).toEqual([]);
  });
});
