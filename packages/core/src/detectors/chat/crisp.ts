import type { ChatVendorApi } from '../../outside';
import { wrapMethod } from '../../helpers/wrap-method';
import { WIDGET_GLOBALS } from './globals';
import type { ChatWidget } from './widget';

const EVENT = 'message:sent';

/**
 * Crisp's `message:sent`: the visitor sent a message (documented, and certain to be the
 * visitor's); the first one in a session is the start. Pushed onto `$crisp`, which is a plain
 * array until the loader runs and replays it. We never call `off` (it drops every handler of
 * the event, the site's too); when the site pushes `["off", "message:sent"]` ours is dropped as
 * well, so it is pushed again right after (in a queue not yet replayed, after the `off`). The
 * loader replaces the array with its own object: that one is hooked too (one event all the same).
 */
export const crisp: ChatWidget = {
  provider: 'crisp',
  global: WIDGET_GLOBALS.crisp,
  messages: true,
  rehook: true,
  hook(api, on) {
    const cb = on(EVENT);
    const register = () => api.push(['on', EVENT, cb]);
    register();
    return wrapMethod(api as ChatVendorApi, 'push', (_: unknown, [command]: unknown[][]) =>
      command && command[0] === 'off' && command[1] === EVENT ? register : undefined,
    );
  },
};
