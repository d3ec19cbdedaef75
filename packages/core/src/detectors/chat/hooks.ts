/**
 * Every built-in chat widget hook: the content of the lazy file leadbeacon-chat.min.js (and of
 * the chunk `leadbeacon/core` imports), fetched once a widget's global appears. The hooking
 * itself (`chatWidgets`: polling, callbacks, once per conversation) is in the main script.
 */
import { chatwoot } from './chatwoot';
import { crisp } from './crisp';
import { drift } from './drift';
import { freshchat } from './freshchat';
import { hubspot } from './hubspot';
import { intercom } from './intercom';
import { livechat } from './livechat';
import { olark } from './olark';
import { tawk } from './tawk';
import { tidio } from './tidio';
import { zendesk } from './zendesk';
import type { ChatWidget } from './widget';

/** Every built-in chat widget hook. */
export const allWidgets: ChatWidget[] = [intercom, drift, crisp, tawk, hubspot, zendesk, livechat, tidio, olark, freshchat, chatwoot];
