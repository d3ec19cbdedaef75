/**
 * The window global that shows each chat widget on the page (its stub queue or its loaded API).
 * The script tag watches for these and fetches the widget hooks (leadbeacon-chat.min.js) once
 * one appears; each hook waits for its own. Chatwoot's hook needs no global (window events), but
 * its widget sets `$chatwoot` before a visitor can start a chat.
 */
export const WIDGET_GLOBALS = {
  intercom: 'Intercom',
  drift: 'drift',
  crisp: '$crisp',
  tawk: 'Tawk_API',
  hubspot: 'HubSpotConversations',
  zendesk: 'zE',
  livechat: 'LiveChatWidget',
  tidio: 'tidioChatApi',
  olark: 'olark',
  freshchat: 'fcWidget',
  chatwoot: '$chatwoot',
} as const;
