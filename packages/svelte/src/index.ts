import { getContext, onDestroy, setContext } from 'svelte';
import type { LeadbeaconConfig, Props, Tracker } from 'leadbeacon';
import { ownTracker as own } from 'leadbeacon';

export type { LeadbeaconConfig, Tracker } from 'leadbeacon';

const KEY = Symbol('leadbeacon');
/** The tracker the `lead` action reports to: actions run outside component initialisation. */
let current: Tracker | undefined;

export interface SetLeadbeaconOptions {
  /**
   * Registers a callback run after each navigation, e.g. SvelteKit's `afterNavigate` from
   * `$app/navigation`: each one is reported once.
   */
  afterNavigate?: (callback: () => void) => unknown;
}

/**
 * In the root component (or SvelteKit's root `+layout.svelte`), during initialisation: starts the
 * page's tracker from `config` (or takes the app's own tracker), gives it to every component
 * below, and destroys it with the component. On the server the tracker is inert.
 */
export function setLeadbeacon(config: LeadbeaconConfig | Tracker, { afterNavigate }: SetLeadbeaconOptions = {}): Tracker {
  const [t, done] = own(config);
  current = t;
  setContext(KEY, t);
  onDestroy(done);
  if (afterNavigate) afterNavigate(() => t.page());
  return t;
}

/** The tracker set by `setLeadbeacon` above this component (during initialisation). */
export function getLeadbeacon(): Tracker {
  const t = getContext<Tracker | undefined>(KEY);
  if (!t) throw new Error('getLeadbeacon() needs setLeadbeacon(config) in a parent component');
  return t;
}

/** What `use:lead` records on click: `track(type, { ...props, value, currency })`. */
export interface LeadParams {
  type: string;
  value?: number;
  currency?: string;
  props?: Props;
}

/** `<button use:lead={{ type: 'booking_click', value: 50 }}>`: a custom call to action. */
export function lead(node: HTMLElement, params: LeadParams) {
  const on = () => {
    const { type, props, ...rest } = params || ({} as LeadParams);
    if (type && current) current.track(type, { ...props, ...rest });
  };
  node.addEventListener('click', on);
  return {
    update(next: LeadParams) {
      params = next;
    },
    destroy() {
      node.removeEventListener('click', on);
    },
  };
}
