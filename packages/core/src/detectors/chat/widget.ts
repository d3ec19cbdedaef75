import type { Detector, Props } from '../../types';
import { listen } from '../../util';
import { once } from './once';

// Vendor globals are untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Api = any;

/**
 * Makes a vendor callback: guarded (nothing reaches the vendor's code or the page), and when it
 * runs it records `signal` unless `pick(...args)` returns `false`; anything else `pick`
 * returns is the conversation id (one `chat_start` per id; per page view without one).
 */
export type On = (signal: string, pick?: (...args: Api[]) => unknown) => (...args: Api[]) => void;

/** One chat widget: how to see that it is on the page and how to hook it. */
export interface ChatWidget {
  /** `provider` of its events. */
  provider: string;
  /**
   * The window property that shows the widget (its stub queue or its loaded API); hooking
   * waits until it is there. Empty: hook at once (window events).
   */
  global: string;
  /**
   * Registers callbacks on `api` (the global) through the vendor's own API or queue; returns
   * what undoes it, where the vendor can undo (callbacks made by `on` go quiet on teardown anyway).
   */
  hook(api: Api, on: On, w: Window & typeof globalThis): (() => void) | void;
}

/**
 * A widget hooked by one call, from a table row `"<provider> <global> <how> <event> [id path]"`:
 * `how` is `(` for `global(event, cb)`, `on` for `global.on(event, cb)`, `[` for
 * `global.push(["on", event, cb])`; the signal is the event; the id path (dotted) picks the
 * conversation id out of the callback's first argument.
 */
export function simple(row: string): ChatWidget {
  const [provider, global, how, event, path] = row.split(' ') as [string, string, string, string, string?];
  return {
    provider,
    global,
    hook(api, on) {
      const cb = on(event, path ? (x) => path.split('.').reduce((o, k) => o && o[k], x) : undefined);
      how === '(' ? api(event, cb) : how === 'on' ? api.on(event, cb) : api.push(['on', event, cb]);
    },
  };
}

/** The polling window after start-up and after each user interaction, and its period. */
const WAIT_MS = 30_000;
const AGAIN_MS = 15_000;
const EVERY_MS = 500;

/**
 * `chat_start` with `via: "widget"` from chat widgets' own APIs. Each widget is hooked as soon
 * as its global exists: at once when its snippet (or stub queue) ran before the tracker,
 * otherwise by polling every 0.5 s for 30 s after start-up and for 15 s after each user
 * interaction (a first look at once; mouse (a tap sends one too), key, or focus moving into an iframe such as a chat launcher: every
 * way to reach a widget), which catches widgets loaded late, lazily, on consent or on a
 * click. Polling stops once every widget is hooked; teardown stops it and silences every
 * callback.
 */
export function chatWidgets(widgets: ChatWidget[]): Detector {
  return {
    name: 'chat_widgets',
    setup(ctx) {
      const w = ctx.window as Api;
      const doc = w.document;
      const first = once(w);
      const undo: (() => void)[] = [];
      let live = true;
      let pending = widgets;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let until = Date.now() + WAIT_MS;

      const hook = ctx.guard((c: ChatWidget) => {
        const on: On = (signal, pick) =>
          ctx.guard((...args: Api[]) => {
            const id = pick ? pick(...args) : undefined;
            if (!live || id === false || !first(c.provider + ' ' + (id == null ? '' : id), id == null)) return;
            const props: Props = { provider: c.provider, via: 'widget', signal };
            if (id != null) props.conversationId = String(id);
            ctx.emit({ type: 'chat_start', props });
          });
        const u = c.hook(w[c.global], on, w);
        // Vendor calls return all sorts of things (Drift's stub returns itself): keep functions only.
        if (typeof u === 'function') undo.push(u);
      });
      // Hooks what has appeared, and polls again while anything is missing and the window is open.
      const check = ctx.guard(() => {
        timer = undefined;
        pending = pending.filter((c) => (c.global && !w[c.global]) || (hook(c), false));
        if (pending.length && Date.now() < until) timer = setTimeout(check, EVERY_MS);
      });
      const again = ctx.guard(() => {
        until = Date.now() + AGAIN_MS;
        if (!timer) check();
      });

      check();
      undo.push(listen(doc, 'mousedown', again, true), listen(doc, 'keydown', again, true), listen(w, 'blur', again));
      return () => {
        live = false;
        clearTimeout(timer);
        for (const u of undo) ctx.guard(u)();
      };
    },
  };
}
