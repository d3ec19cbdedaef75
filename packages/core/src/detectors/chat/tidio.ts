import { simple } from './widget';

/**
 * Tidio's `conversationStart`: the visitor's first message. `tidioChatApi` exists only after
 * load (Tidio's own check); polling sees it then.
 */
export const tidio = /* @__PURE__ */ simple('tidio tidioChatApi on conversationStart');
