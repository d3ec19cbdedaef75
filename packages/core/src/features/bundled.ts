import * as chat from '../detectors/chat/hooks';
import * as plugins from '../detectors/forms/plugins';
import * as hashing from '../detectors/forms/hashing';
import * as forwarding from '../forward';
import * as segment from '../transport/segment';
import * as channel from '../attribution/interpret';
import * as fields from '../detectors/forms/fields';
import { webVitals } from '../detectors/web-vitals';
import type { Features, Loader } from './features';

/** Every feature bundled: `createTracker` from `leadbeacon` hands each over at once. */
export const bundled: Loader = {
  load(name, use) {
    const features: Features = { chat, plugins, hashing, forwarding, segment, channel, fields, vitals: webVitals() };
    use(features[name]);
  },
  destroy() {},
};
