import { WIDGET_GLOBALS } from './globals';
import { simpleWidget } from './widget';

/**
 * Intercom has no client event for "the visitor started a conversation" (that exists only as
 * a server webhook). The closest visitor action is `onUserEmailSupplied`: an anonymous visitor
 * typed their email into the Messenger, which Intercom asks for once they have written. Opening
 * the Messenger (`onShow`) is not counted: it also fires for opens the site makes itself and for
 * visitors who only look. Registered through the snippet's queue stub, which replays it on load.
 */
export const intercom = /* @__PURE__ */ simpleWidget({
  provider: 'intercom',
  global: WIDGET_GLOBALS.intercom,
  register: 'call',
  event: 'onUserEmailSupplied',
});
