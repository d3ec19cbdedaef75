import { wrapCallbackProperty } from '../../helpers/wrap-method';
import { WIDGET_GLOBALS } from './globals';
import type { ChatWidget } from './widget';

/**
 * Tawk.to's `onChatStarted`, a property the site may also assign, before or after we hook: an
 * accessor keeps both (see `wrapCallbackProperty`). A site that wraps what it reads (its
 * function calls ours, which calls it) runs once, not for ever. A site that replaces the whole
 * `Tawk_API` object is hooked again (polling looks again at each visitor interaction).
 */
export const tawk: ChatWidget = {
  provider: 'tawk',
  global: WIDGET_GLOBALS.tawk,
  // `Tawk_API = { onChatStarted() {…} }` after the snippet replaces the object we hooked.
  rehook: true,
  hook(api, on) {
    const record = on('onChatStarted');
    return wrapCallbackProperty(api, 'onChatStarted', () => record());
  },
};
