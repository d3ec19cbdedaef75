import type { Detector, Teardown } from '../../types';
import { WIDGET_GLOBALS } from './globals';
import { pollWhileMissing } from './poll';
import { chatWidgets } from './widget';

/**
 * The script tag's chat widget detector: it watches for the globals of the known widgets (as
 * `chatWidgets` does) and, once one appears, fetches the widget hooks (leadbeacon-chat.min.js)
 * and hands over to `chatWidgets` with every hook. A page without a chat widget loads nothing.
 */
export function lazyChatWidgets(): Detector {
  return {
    name: 'chat_widgets',
    setup(ctx) {
      const w = ctx.window as unknown as Record<string, unknown>;
      const globals = Object.values(WIDGET_GLOBALS);
      let found = false;
      let live = true;
      let off: Teardown | void;
      const stop = pollWhileMissing(ctx, () => {
        if (found || !globals.some((g) => w[g])) return !found;
        found = true;
        ctx.load('chat', (chat) => {
          if (live) off = chatWidgets(chat.allWidgets).setup(ctx);
        });
        return false;
      });
      return () => {
        live = false;
        stop();
        if (off) off();
      };
    },
  };
}
