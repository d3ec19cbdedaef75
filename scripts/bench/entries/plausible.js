// Plausible's npm tracker: page views and form submissions built in; tel:/mailto: are not
// outbound links to it (no host), so they go through track().
import { init, track } from '@plausible-analytics/tracker';

init({
  domain: 'bench.example',
  endpoint: window.__SINK__ + '/api/event',
  autoCapturePageviews: true,
  formSubmissions: true,
  outboundLinks: true,
  captureOnLocalhost: true,
  logging: false,
});
document.addEventListener(
  'click',
  (e) => {
    const a = e.target.closest && e.target.closest('a[href^="tel:"],a[href^="mailto:"]');
    if (a) track(a.protocol === 'tel:' ? 'Call Click' : 'Email Click', { props: { href: a.getAttribute('href') } });
  },
  true,
);
