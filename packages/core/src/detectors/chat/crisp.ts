import { WIDGET_GLOBALS } from './globals';
import { simpleWidget } from './widget';

/**
 * Crisp's `message:sent`: the visitor sent a message (documented, and certain to be the
 * visitor's); the first one in a page view is the start. Pushed onto `$crisp`, which is a plain
 * array until the loader runs and replays it. Never `off`: Crisp's `off` drops every handler of
 * the event, the site's too.
 */
export const crisp = /* @__PURE__ */ simpleWidget({
  provider: 'crisp',
  global: WIDGET_GLOBALS.crisp,
  register: 'push',
  event: 'message:sent',
});
