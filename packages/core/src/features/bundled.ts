import * as chat from '../detectors/chat/hooks';
import * as plugins from '../detectors/forms/plugins';
import * as hashing from '../detectors/forms/hashing';
import * as forwarding from '../forward';
import * as segment from '../transport/segment';
import * as channel from '../attribution/interpret';
import * as fields from '../detectors/forms/fields';
import { webVitals } from '../detectors/web-vitals';
import type { Features, Loader } from './features';

/**
 * Every feature bundled: `createTracker` from `leadbeacon` hands each over at once; call tracking's
 * swapping, which few sites use, stays a chunk of its own fetched when a pool is configured.
 */
export const bundled: Loader = {
  load(name, use, failed) {
    if (name === 'numbers')
      return void import('../numbers/numbers').then(
        (m) => (use as (f: Features['numbers']) => void)(m.numbers),
        () => failed && failed(),
      );
    const features: Omit<Features, 'numbers'> = { chat, plugins, hashing, forwarding, segment, channel, fields, vitals: webVitals() };
    use(features[name as Exclude<typeof name, 'numbers'>] as never);
  },
  destroy() {},
};
