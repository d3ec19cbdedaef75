import { WIDGET_GLOBALS } from './globals';
import { simpleWidget } from './widget';

/**
 * Drift's documented `startConversation`: the visitor started a conversation; it carries the
 * `conversationId`. `drift.on` exists on the snippet's queue stub too, which replays it on load.
 */
export const drift = /* @__PURE__ */ simpleWidget({
  provider: 'drift',
  global: WIDGET_GLOBALS.drift,
  register: 'on',
  event: 'startConversation',
  idPath: ['conversationId'],
});
