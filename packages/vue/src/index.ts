import { inject, type App, type InjectionKey, type ObjectDirective, type Plugin } from 'vue';
import type { LeadbeaconConfig, Props, Tracker } from 'leadbeacon';
import { ownTracker as own } from 'leadbeacon';

export type { LeadbeaconConfig, Tracker } from 'leadbeacon';

export const LEADBEACON: InjectionKey<Tracker> = Symbol('leadbeacon');

export interface LeadbeaconPluginOptions {
  /** Config of the tracker the plugin starts, destroyed when the app unmounts. */
  config?: LeadbeaconConfig;
  /** A tracker the app created itself: provided as it is, never destroyed here. */
  tracker?: Tracker;
  /** The vue-router instance: each completed navigation is reported once. */
  router?: RouterLike;
}

/** What the plugin uses of vue-router's `Router` (typed here so vue-router stays optional). */
export interface RouterLike {
  afterEach(guard: (to: unknown, from: unknown, failure?: unknown) => unknown): () => void;
}

/** What `v-lead` records on click: `track(type, { ...props, value, currency })`. */
export interface LeadBinding {
  type: string;
  value?: number;
  currency?: string;
  props?: Props;
}

type LeadElement = HTMLElement & { _lead?: LeadBinding; _leadOff?: () => void };

function leadDirective(t: Tracker): ObjectDirective<LeadElement, LeadBinding> {
  return {
    mounted(el, binding) {
      el._lead = binding.value;
      const on = () => {
        const { type, props, ...rest } = el._lead || ({} as LeadBinding);
        if (type) t.track(type, { ...props, ...rest });
      };
      el.addEventListener('click', on);
      el._leadOff = () => el.removeEventListener('click', on);
    },
    updated(el, binding) {
      el._lead = binding.value;
    },
    unmounted(el) {
      if (el._leadOff) el._leadOff();
    },
  };
}

/**
 * `app.use(LeadbeaconPlugin, { config, router })`: provides the tracker to `useLeadbeacon()`,
 * registers `v-lead`, reports vue-router navigations, and destroys the tracker with the app.
 */
export const LeadbeaconPlugin: Plugin<[LeadbeaconPluginOptions?]> = {
  install(app: App, { config, tracker, router }: LeadbeaconPluginOptions = {}) {
    const [t, done] = own(tracker || (config as LeadbeaconConfig));
    // After the router updated the URL; a navigation the core saw in `history` is not counted again.
    const off = router && router.afterEach((_to, _from, failure) => failure || t.page());
    app.provide(LEADBEACON, t);
    app.directive('lead', leadDirective(t));
    app.onUnmount(() => {
      if (off) off();
      done();
    });
  },
};

declare module 'vue' {
  // Types `v-lead` in templates (vue-tsc, Volar).
  interface GlobalDirectives {
    vLead: ObjectDirective<HTMLElement, LeadBinding>;
  }
}

/** The app's tracker (in `setup()`). */
export function useLeadbeacon(): Tracker {
  const t = inject(LEADBEACON, null);
  if (!t) throw new Error('useLeadbeacon() needs app.use(LeadbeaconPlugin, { config })');
  return t;
}
