import { simple } from './widget';

/**
 * Drift's documented `startConversation`: the visitor started a conversation; it carries the
 * `conversationId`. `drift.on` exists on the snippet's queue stub too, which replays it on load.
 */
export const drift = /* @__PURE__ */ simple('drift drift on startConversation conversationId');
