import type { ChatVendorApi } from '../../outside';
import { WIDGET_GLOBALS } from './globals';
import type { ChatWidget } from './widget';

/**
 * LiveChat's `new_event` fires for messages both ways; the first with `author.type ===
 * "customer"` is the visitor starting the chat. The chat id comes from the `chat_data` getter,
 * read only inside the callback (getters throw before load). `on`/`off` are queued by the
 * snippet's stub object until load.
 */
export const livechat: ChatWidget = {
  provider: 'livechat',
  global: WIDGET_GLOBALS.livechat,
  messages: true,
  hook(lc, on, w) {
    const fn = on('new_event', (e) => {
      if (!e || !e.author || e.author.type !== 'customer') return false;
      try {
        return (w as unknown as Record<string, ChatVendorApi>)[WIDGET_GLOBALS.livechat]!.get('chat_data').chatId;
      } catch {
        return undefined;
      }
    });
    lc.on('new_event', fn);
    return () => lc.off('new_event', fn);
  },
};
