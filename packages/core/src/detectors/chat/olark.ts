import { WIDGET_GLOBALS } from './globals';
import { simpleWidget } from './widget';

/**
 * Olark's `api.chat.onMessageToOperator`: a message from the visitor. Not
 * `onBeginConversation`, which also fires when an operator or an automated greeter writes
 * first. Through the `olark` queue function, which replays it on load.
 */
export const olark = /* @__PURE__ */ simpleWidget({
  provider: 'olark',
  global: WIDGET_GLOBALS.olark,
  register: 'call',
  messages: true,
  event: 'api.chat.onMessageToOperator',
});
