// The floor: a hand-written minimal tracker, a few lines: it posts the page view at once and each
// form submit and tel:/mailto: click, with sendBeacon. No queue, retry, ids or attribution.
const url = window.__SINK__ + '/floor';
const send = (type, props) => navigator.sendBeacon(url, JSON.stringify({ type, props, url: location.href, ts: Date.now() }));
send('page_view');
document.addEventListener('submit', (e) => send('form_submit', { formId: e.target.id }), true);
document.addEventListener(
  'click',
  (e) => {
    const a = e.target.closest && e.target.closest('a[href^="tel:"],a[href^="mailto:"]');
    if (a) send(a.protocol === 'tel:' ? 'call_click' : 'email_click', { href: a.href });
  },
  true,
);
