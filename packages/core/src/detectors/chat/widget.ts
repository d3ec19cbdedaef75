import { firstPerPageView } from '../../helpers/dedupe';
import type { ChatVendorApi, VendorArg } from '../../outside';
import type { ChatWidget, Detector, On, Props } from '../../types';

import { pollWhileMissing } from './poll';

export type { ChatWidget, On } from '../../types';

/** How a simple widget takes a callback: `global(event, cb)`, `global.on(event, cb)` or `global.push(['on', event, cb])`. */
type Register = 'call' | 'on' | 'push';

export interface SimpleWidget {
  provider: string;
  global: string;
  register: Register;
  /** The vendor's event: also the `signal` of the chat_start. */
  event: string;
  /** Where the conversation id is in the callback's first argument. */
  idPath?: string[];
  messages?: boolean;
}

/** A widget hooked by one call. */
export function simpleWidget({ provider, global, register, event, idPath, messages }: SimpleWidget): ChatWidget {
  return {
    provider,
    global,
    messages,
    hook(api, on) {
      // A loop, not reduce: Prototype.js 1.6.0 replaces Array#reduce with something else entirely.
      const idAt = (x: unknown) => {
        for (const key of idPath!) x = x && (x as VendorArg)[key];
        return x;
      };
      const cb = on(event, idPath && idAt);
      if (register === 'call') api(event, cb);
      else if (register === 'on') api.on(event, cb);
      else api.push(['on', event, cb]);
    },
  };
}

/**
 * `chat_start` with `via: "widget"` from chat widgets' own APIs. Each widget is hooked as soon
 * as its global exists: at once when its snippet (or stub queue) ran before the tracker,
 * otherwise when polling finds it (see `pollWhileMissing`). Polling stops once every widget is
 * hooked; teardown stops it and silences every callback.
 */
export function chatWidgets(widgets: ChatWidget[]): Detector {
  return {
    name: 'chat_widgets',
    setup(ctx) {
      const w = ctx.window as Window & typeof globalThis & Record<string, ChatVendorApi>;
      const first = firstPerPageView(ctx);
      const undo: (() => void)[] = [];
      /** The global each widget was hooked on. */
      const hooked = new Map<ChatWidget, unknown>();
      let live = true;

      const hook = ctx.guard((c: ChatWidget) => {
        const on: On = (signal, pick) =>
          ctx.guard((...args: VendorArg[]) => {
            const id = pick ? pick(...args) : undefined;
            const key = c.provider + ' ' + (id == null ? '' : id);
            if (!live || id === false || !first(key, id == null)) return;
            const props: Props = { provider: c.provider, via: 'widget', signal };
            if (id != null) props.conversationId = String(id);
            // A conversation goes on over pages: once per session where the signal is a message or there is an id.
            ctx.emit({ type: 'chat_start', props, once: c.messages || id != null ? 'chat ' + key : undefined });
          });
        const u = c.hook(w[c.global] as ChatVendorApi, on, w);
        // Vendor calls return all sorts of things (Drift's stub returns itself): keep functions only.
        if (typeof u === 'function') undo.push(u);
      });
      // Hooks what has appeared, and what replaced a global it hooked where sites or loaders do
      // that (Crisp's array, Tawk.to's object); true while anything is missing or may be replaced.
      const look = () => {
        let again = false;
        for (const c of widgets) {
          const api = !c.global || w[c.global];
          again = again || !api || !!c.rehook;
          if (api && (!hooked.has(c) || (c.rehook && hooked.get(c) !== api))) hook((hooked.set(c, api), c));
        }
        return again;
      };
      undo.push(pollWhileMissing(ctx, look));
      return () => {
        live = false;
        for (const u of undo) ctx.guard(u)();
      };
    },
  };
}
