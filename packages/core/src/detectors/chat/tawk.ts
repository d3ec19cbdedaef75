import type { Api, ChatWidget } from './widget';

const KEY = 'onChatStarted';

/**
 * Tawk.to's `onChatStarted`, a property the site may also assign, before or after we hook. An
 * accessor keeps both: reading it gives our wrapper, which runs the site's callback; assigning
 * it replaces only the site's callback. A site that wraps what it reads (its function calls
 * ours, which calls it) runs once, not forever. Teardown puts the site's callback back as a
 * plain property.
 */
export const tawk: ChatWidget = {
  provider: 'tawk',
  global: 'Tawk_API',
  hook(api, on) {
    const record = on(KEY);
    let site: Api = api[KEY];
    let inside = false;
    function wrapper(this: unknown, ...args: Api[]) {
      if (inside) return;
      inside = true;
      try {
        record();
        return typeof site === 'function' ? site.apply(this, args) : undefined;
      } finally {
        inside = false;
      }
    }
    const get = () => wrapper;
    Object.defineProperty(api, KEY, {
      configurable: true,
      enumerable: true,
      get,
      set: (fn) => (site = fn === wrapper ? site : fn),
    });
    return () => {
      const d = Object.getOwnPropertyDescriptor(api, KEY);
      if (d && d.get === get) {
        delete api[KEY];
        api[KEY] = site;
      }
    };
  },
};
