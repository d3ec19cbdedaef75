// Snowplow's browser tracker with its form and link click plugins (persisted event queue).
import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import { FormTrackingPlugin, enableFormTracking } from '@snowplow/browser-plugin-form-tracking';
import { LinkClickTrackingPlugin, enableLinkClickTracking } from '@snowplow/browser-plugin-link-click-tracking';

newTracker('sp', window.__SINK__, {
  appId: 'bench',
  plugins: [FormTrackingPlugin(), LinkClickTrackingPlugin()],
});
trackPageView();
enableFormTracking();
enableLinkClickTracking();
