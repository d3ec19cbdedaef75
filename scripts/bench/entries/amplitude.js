// Amplitude's browser SDK with autocapture: page views, sessions, form interactions and element
// clicks (the @amplitude/plugin-autocapture-browser it depends on).
import * as amplitude from '@amplitude/analytics-browser';

amplitude.init('bench', undefined, {
  serverUrl: window.__SINK__ + '/2/httpapi',
  remoteConfig: { serverUrl: window.__SINK__ + '/config' },
  autocapture: {
    pageViews: true,
    sessions: true,
    formInteractions: true,
    elementInteractions: true,
    attribution: true,
    fileDownloads: false,
  },
  logLevel: 0,
});
