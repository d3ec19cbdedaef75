// RudderStack v3, the "bundled" build (its plugins in the bundle; the default build fetches them
// from RudderStack's CDN at run time). Source config from the (local) control plane.
import { RudderAnalytics } from '@rudderstack/analytics-js/bundled';
import { onLeads } from './delegate.js';

const analytics = new RudderAnalytics();
analytics.load('bench', window.__SINK__, { configUrl: window.__SINK__, logLevel: 'NONE' });
analytics.page();
onLeads((name, props) => analytics.track(name, props));
