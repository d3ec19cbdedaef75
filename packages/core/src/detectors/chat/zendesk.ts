import { WIDGET_GLOBALS } from './globals';
import type { ChatWidget } from './widget';

/**
 * Zendesk, both widgets behind the same `zE`:
 * - Messaging (current) has no documented "conversation started" event, so its `open` is the
 *   fallback (`signal: "opened"`), counted only with transient user activation: an open the
 *   visitor caused (a click on the launcher iframe activates the page too), not one the site
 *   scripts on load.
 * - Classic's `chat:start` is a real chat start (`signal: "chat:start"`).
 * `messenger:on` returns an unsubscribe function on Messaging and is a silent no-op on
 * Classic; `webWidget:on` is registered only when it did not.
 */
export const zendesk: ChatWidget = {
  provider: 'zendesk',
  global: WIDGET_GLOBALS.zendesk,
  hook(zE, on, w) {
    const activation = (w.navigator as { userActivation?: { isActive: boolean } }).userActivation;
    const off = zE(
      'messenger:on',
      'open',
      on('opened', () => (activation && !activation.isActive ? false : undefined)),
    );
    if (typeof off === 'function') return off as () => void;
    zE('webWidget:on', 'chat:start', on('chat:start'));
    return undefined;
  },
};
