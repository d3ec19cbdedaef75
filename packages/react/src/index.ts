import { createContext, createElement, useContext, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import type { LeadbeaconConfig, Props, Tracker } from 'leadbeacon';
import { acquireTracker as acquire, releaseTracker as release } from 'leadbeacon';

export type { LeadbeaconConfig, Tracker } from 'leadbeacon';

const Context = createContext<Tracker | null>(null);

export interface LeadbeaconProviderProps {
  /** Config of the tracker this provider starts on the client and destroys when it unmounts. Read once. */
  config?: LeadbeaconConfig;
  /** A tracker the app created itself: provided as it is, never destroyed here. */
  tracker?: Tracker;
  children?: ReactNode;
}

/**
 * The provider's tracker, created on first use in the browser (an effect or a handler, never
 * during render, so server rendering touches no browser API). StrictMode's unmount-and-mount
 * gives the same tracker back.
 */
function lazyTracker(config: LeadbeaconConfig | undefined, given: Tracker | undefined) {
  let t = given;
  let held = false;
  const hold = () => {
    t = acquire(config as LeadbeaconConfig);
    held = true;
  };
  const get = (): Tracker => (t || hold(), t as Tracker);
  const tracker: Tracker = {
    track: (name, props) => get().track(name, props),
    identify: (userId, traits) => get().identify(userId, traits),
    consent: (state) => get().consent(state),
    flush: () => get().flush(),
    page: () => get().page(),
    destroy: () => get().destroy(),
  };
  const start = () => {
    if (!given && !held) hold();
    return () => {
      if (held) {
        held = false;
        release(t as Tracker);
      }
    };
  };
  return { tracker, start };
}

/** Starts (or receives) the page's tracker and gives it to every component below. */
export function LeadbeaconProvider({ config, tracker, children }: LeadbeaconProviderProps): ReactElement {
  const [lazy] = useState(() => lazyTracker(config, tracker));
  useEffect(lazy.start, [lazy]);
  return createElement(Context.Provider, { value: lazy.tracker }, children);
}

/** The tracker of the nearest `LeadbeaconProvider`. */
export function useLeadbeacon(): Tracker {
  const t = useContext(Context);
  if (!t) throw new Error('useLeadbeacon() needs a <LeadbeaconProvider> above this component');
  return t;
}

/** A stable `track(name, props?)` for event handlers. */
export function useTrack(): (name: string, props?: Props) => void {
  return useLeadbeacon().track;
}

/**
 * Reports a route change once the router has committed it: pass what changes per route, e.g.
 * `usePageView(useLocation())` (React Router) or `usePageView(usePathname())` (Next.js).
 * A change the core already saw in `history` is not counted again.
 */
export function usePageView(route: unknown): void {
  const t = useLeadbeacon();
  useEffect(() => t.page(), [t, route]);
}
