/**
 * Optional built-in features that many pages never need. The script tag loads each from a lazy
 * file beside leadbeacon.min.js (`leadbeacon-<name>.min.js`), `leadbeacon/core` by dynamic
 * `import()` (a chunk of the site's bundle), and `createTracker` from `leadbeacon` has them
 * bundled. Only what interprets later signals lives here: every first action of the visitor is
 * captured by the main script.
 */
import type { FeatureName, Features } from '../types';
import { own } from '../util';

export type { Features, FeatureName } from '../types';

export interface Loader {
  /** Hands the feature to `use`, at once or when it arrives; when it cannot load (warned once), runs `failed`. */
  load<K extends FeatureName>(name: K, use: (feature: Features[K]) => void, failed?: () => void): void;
  /** Forgets every waiting `use` and removes what it added to the page. */
  destroy(): void;
}

/**
 * A loader over `get`, which loads each feature once and calls `arrived` or `failed`; `use`
 * callbacks wait for it in order. A feature that failed is not asked for again on this page.
 */
export function cachedLoader(
  get: <K extends FeatureName>(name: K, arrived: (feature: Features[K]) => void, failed: () => void) => void,
  destroy = () => {},
): Loader {
  const arrived: Partial<Features> = {};
  const lost: { [K in FeatureName]?: 1 } = {};
  const waiting: { [K in FeatureName]?: [use: (feature: Features[K]) => void, failed?: () => void][] } = {};
  return {
    load(name, use, failed) {
      if (own(arrived, name)) return use(arrived[name]!);
      if (own(lost, name)) return failed && failed();
      const queue = waiting[name];
      if (queue) return void queue.push([use, failed]);
      waiting[name] = [[use, failed]] as never;
      get(
        name,
        (feature) => {
          arrived[name] = feature;
          for (const [fn] of waiting[name]!.splice(0)) fn(feature as never);
        },
        () => {
          lost[name] = 1;
          for (const [, fn] of waiting[name]!.splice(0)) if (fn) fn();
        },
      );
    },
    destroy() {
      for (const name in waiting) waiting[name as FeatureName] = [];
      destroy();
    },
  };
}
