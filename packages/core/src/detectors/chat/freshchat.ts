import { WIDGET_GLOBALS } from './globals';
import { simpleWidget } from './widget';

/**
 * Freshchat's `message:sent`: the visitor sent a message; the first in a page view is the
 * start. `fcWidget` exists once `widget.js` has run.
 */
export const freshchat = /* @__PURE__ */ simpleWidget({
  provider: 'freshchat',
  global: WIDGET_GLOBALS.freshchat,
  register: 'on',
  messages: true,
  event: 'message:sent',
});
