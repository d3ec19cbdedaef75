import { WIDGET_GLOBALS } from './globals';
import { simpleWidget } from './widget';

/**
 * Tidio's `conversationStart`: the visitor's first message. `tidioChatApi` exists only after
 * load (Tidio's own check); polling sees it then.
 */
export const tidio = /* @__PURE__ */ simpleWidget({
  provider: 'tidio',
  global: WIDGET_GLOBALS.tidio,
  register: 'on',
  event: 'conversationStart',
});
