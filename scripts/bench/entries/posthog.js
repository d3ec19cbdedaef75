// PostHog with autocapture (clicks and form submits) and page views; session recording is a
// different job and stays off.
import posthog from 'posthog-js';

posthog.init('phc_bench', {
  api_host: window.__SINK__,
  autocapture: true,
  capture_pageview: true,
  disable_session_recording: true,
});
