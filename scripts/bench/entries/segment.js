// Segment analytics-next: settings from the (local) CDN, page(), and track() for the leads.
import { AnalyticsBrowser } from '@segment/analytics-next';
import { onLeads } from './delegate.js';

const analytics = AnalyticsBrowser.load({ writeKey: 'bench', cdnURL: window.__SINK__ });
analytics.page();
onLeads((name, props) => analytics.track(name, props));
