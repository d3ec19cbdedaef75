import { listen } from '../../util';
import type { ChatWidget } from './widget';

/**
 * Chatwoot's `chatwoot:on-start-conversation` window event: the visitor pressed "Start
 * conversation" (sent by the widget only when no conversation exists yet). Window events need
 * no global, so this is registered at once and catches a widget that loads at any time.
 */
const START = 'chatwoot:on-start-conversation';

export const chatwoot: ChatWidget = {
  provider: 'chatwoot',
  global: '',
  hook: (_, on, w) =>
    listen(w, START, on(START, (e) => (e.detail && e.detail.hasConversation ? false : undefined)) as unknown as EventListener),
};
