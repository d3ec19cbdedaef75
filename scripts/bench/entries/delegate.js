// For the SDKs without automatic form and tel:/mailto: tracking (Segment, RudderStack, Plausible):
// the two delegated listeners their docs suggest, calling the SDK's own track().
export function onLeads(track) {
  document.addEventListener(
    'submit',
    (e) => {
      const f = e.target;
      track('Form Submitted', { formId: f.id || f.getAttribute('name') || '' });
    },
    true,
  );
  document.addEventListener(
    'click',
    (e) => {
      const a = e.target && e.target.closest ? e.target.closest('a[href^="tel:"],a[href^="mailto:"]') : null;
      if (a) track(a.protocol === 'tel:' ? 'Call Click' : 'Email Click', { href: a.getAttribute('href') });
    },
    true,
  );
}
