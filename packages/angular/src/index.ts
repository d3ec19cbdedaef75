import {
  DestroyRef,
  InjectionToken,
  PLATFORM_ID,
  inject,
  makeEnvironmentProviders,
  provideEnvironmentInitializer,
  type EnvironmentProviders,
} from '@angular/core';
import { isPlatformServer } from '@angular/common';
import { NavigationEnd, Router } from '@angular/router';
import type { LeadbeaconConfig, Tracker } from 'leadbeacon';
import { ownTracker as own } from 'leadbeacon';

export type { LeadbeaconConfig, Tracker } from 'leadbeacon';

export const LEADBEACON = new InjectionToken<Tracker>('leadbeacon');

const noop = () => {};
/** On the server platform: nothing runs, whatever globals the server may fake. */
const inert = (): Tracker => ({ track: noop, identify: noop, consent: noop, page: noop, destroy: noop, flush: () => Promise.resolve() });

/**
 * `bootstrapApplication(App, { providers: [provideRouter(routes), provideLeadbeacon({ endpoint })] })`:
 * starts the page's tracker in the browser (or provides the app's own tracker), reports each
 * Router navigation once, and destroys the tracker with the environment injector.
 */
export function provideLeadbeacon(config: LeadbeaconConfig | Tracker): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: LEADBEACON,
      useFactory: (): Tracker => {
        if (isPlatformServer(inject(PLATFORM_ID))) return inert();
        const [t, done] = own(config);
        inject(DestroyRef).onDestroy(done);
        return t;
      },
    },
    provideEnvironmentInitializer(() => {
      const t = inject(LEADBEACON);
      const router = inject(Router, { optional: true });
      // NavigationEnd comes after the URL is updated; a navigation the core saw in `history` is not counted again.
      const sub = router && router.events.subscribe((e) => e instanceof NavigationEnd && t.page());
      if (sub) inject(DestroyRef).onDestroy(() => sub.unsubscribe());
    }),
  ]);
}

/** The tracker, in an injection context (a constructor, a field initialiser, `runInInjectionContext`). */
export function injectLeadbeacon(): Tracker {
  return inject(LEADBEACON);
}
