import { WIDGET_GLOBALS } from './globals';
import { simpleWidget } from './widget';

/**
 * HubSpot's `conversationStarted`, with `conversation.conversationId`. `HubSpotConversations`
 * exists only once the widget is ready (the documented check), so no queue is involved; we do
 * not touch `hsConversationsOnReady`, which sites commonly reassign.
 */
export const hubspot = /* @__PURE__ */ simpleWidget({
  provider: 'hubspot',
  global: WIDGET_GLOBALS.hubspot,
  register: 'on',
  event: 'conversationStarted',
  idPath: ['conversation', 'conversationId'],
});
