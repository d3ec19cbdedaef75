import { simple } from './widget';

/**
 * HubSpot's `conversationStarted`, with `conversation.conversationId`. `HubSpotConversations`
 * exists only once the widget is ready (the documented check), so no queue is involved; we do
 * not touch `hsConversationsOnReady`, which sites commonly reassign.
 */
export const hubspot = /* @__PURE__ */ simple('hubspot HubSpotConversations on conversationStarted conversation.conversationId');
