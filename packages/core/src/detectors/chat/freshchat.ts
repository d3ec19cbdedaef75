import { simple } from './widget';

/**
 * Freshchat's `message:sent`: the visitor sent a message; the first in a page view is the
 * start. `fcWidget` exists once `widget.js` has run.
 */
export const freshchat = /* @__PURE__ */ simple('freshchat fcWidget on message:sent');
