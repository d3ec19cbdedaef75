import type { EventType } from './events';

/** How a form was sent: by the browser (the page leaves) or by the page's script. */
export const FORM_VIA = ['native', 'script'] as const;
/** How a chat started: in a chat widget, or by a click-to-chat link. */
export const CHAT_VIA = ['widget', 'link'] as const;
export const WEB_VITAL_METRICS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;

/** The props each type must carry (contract §2); more may be added. Types not listed require none. */
export const REQUIRED_PROPS: Partial<Record<EventType, readonly string[]>> = {
  form_submit: ['formId', 'fieldNames', 'via'],
  call_click: ['phone', 'href'],
  email_click: ['email', 'href'],
  chat_start: ['provider', 'via'],
  call: ['to', 'provider', 'answered'],
  web_vital: ['metric', 'value', 'rating'],
};
