import type { Metric } from 'web-vitals';
import type { Detector } from '../types';
import { VITALS_NOT_LOADED, warn } from '../warnings';

/**
 * `web_vital` events: LCP, INP, CLS, FCP and TTFB through Google's `web-vitals`, each reported
 * once per page view (`reportAllChanges: false`): FCP and TTFB as soon as they are final, LCP at
 * the first input or when the page is hidden, CLS and INP when the page is hidden. web-vitals
 * listens to `visibilitychange` in the capture phase on `window`, so its reports are queued
 * before the tracker's own listener (on `document`) beacons the queue.
 *
 * `web-vitals` is imported dynamically: through a bundler it becomes a separate chunk that a
 * page loads only when this detector runs. Its observers are `buffered`, so loading late
 * misses nothing that happened before.
 */
export function webVitals(): Detector {
  return {
    name: 'webVitals',
    setup(ctx) {
      let live = true;
      const report = ctx.guard((m: Metric) => {
        if (!live) return;
        ctx.emit({
          type: 'web_vital',
          props: {
            metric: m.name,
            // CLS is a unitless score; the others are milliseconds.
            value: m.name === 'CLS' ? Math.round(m.value * 1e4) / 1e4 : Math.round(m.value),
            rating: m.rating,
            navigationType: m.navigationType,
          },
        });
      });
      import('web-vitals').then(
        ctx.guard((v: typeof import('web-vitals')) => {
          if (!live) return;
          for (const on of [v.onLCP, v.onINP, v.onCLS, v.onFCP, v.onTTFB]) on(report, { reportAllChanges: false });
        }),
        (e) => warn(ctx.log, VITALS_NOT_LOADED, e),
      );
      // web-vitals has no way to unsubscribe: after teardown its reports are dropped here.
      return () => {
        live = false;
      };
    },
  };
}
