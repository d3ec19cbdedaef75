// The sessions npm run bench:quality replays (scripts/bench-quality.mjs), on the page
// packages/core/test-browser/pages/quality.html: a contact form with a CF7-style honeypot, a
// sign-in form and a tel: link. Each session gets the opened page and the site's URL.
//   People (a desktop Chrome User-Agent, no webdriver flag, an address of their own): typing with
//     pauses; autofill then a click on Send; autofill then Enter at once; a password manager
//     filling the sign-in form first; keyboard only (Tab, Enter); pasted values then a quick click;
//     a screen reader activating the tel: link; a fast returning visitor tapping the number.
//   Bots: headless Chromium submitting at once; scripted fills of every field including the
//     honeypot (webdriver hidden); scripted fills that skip the honeypot but click by script; a
//     driven browser filling and clicking with trusted events right after the page loads (webdriver
//     hidden); click floods on the tel: link page after page; direct posts to the collector.
// The random delays come from one seeded generator, so a run replays the same sessions.

export const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const between = (a, b) => a + Math.floor(random() * (b - a));

const type = async (page, sel, text, delay) => (await page.click(sel), page.keyboard.type(text, { delay }));
/** What the browser's autofill does after a click in a field: the visible fields filled at once, no keystroke. */
async function autofill(p) {
  await p.click('#name');
  for (const [s, v] of [
    ['#name', 'Lan'],
    ['#email', 'lan@example.com'],
    ['#phone', '0901234567'],
  ])
    await p.fill(s, v);
}

export const PEOPLE = {
  async typing(p) {
    await sleep(between(800, 3000));
    await type(p, '#name', 'Lan Nguyen', between(40, 140));
    await sleep(between(200, 1500));
    await type(p, '#email', 'lan@example.com', between(30, 120));
    await type(p, '#phone', '0901234567', between(30, 120));
    await p.click('#send');
  },
  async autofill(p) {
    await sleep(between(1000, 3000));
    await autofill(p);
    await sleep(between(1000, 2500));
    await p.click('#send');
  },
  async autofillEnter(p) {
    await sleep(between(1000, 3000));
    await autofill(p);
    await sleep(between(100, 600));
    await p.keyboard.press('Enter');
  },
  async passwordManager(p) {
    await p.fill('#user', 'lan');
    await p.fill('#pw', 'secret');
    await sleep(between(800, 2000));
    await type(p, '#name', 'Lan', between(40, 100));
    await type(p, '#email', 'lan@example.com', between(30, 90));
    await p.click('#send');
  },
  async keyboardOnly(p) {
    await sleep(between(800, 2500));
    await p.focus('#name');
    await p.keyboard.type('Minh', { delay: between(40, 120) });
    await p.keyboard.press('Tab');
    await p.keyboard.type('minh@example.com', { delay: between(30, 100) });
    await p.keyboard.press('Enter');
  },
  async pasted(p) {
    // Values pasted from elsewhere: text arrives without a keystroke per character.
    await sleep(between(1000, 3000));
    await p.click('#name');
    await p.keyboard.insertText('Lan Nguyen');
    await p.click('#email');
    await p.keyboard.insertText('lan@example.com');
    await sleep(between(100, 500));
    await p.click('#send');
  },
  async screenReader(p) {
    // A screen reader in browse mode activates a link with a trusted click and no pointer or key
    // event before it reaching the page; emulated by keeping those events from the page.
    await p.evaluate(() => {
      for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'keydown'])
        window.addEventListener(t, (e) => e.stopImmediatePropagation(), true);
    });
    await sleep(between(2000, 6000));
    await p.click('#call');
  },
  async fastReturning(p) {
    // Knows the page: taps the number a second or so after it appears, once.
    await sleep(between(1600, 2500));
    await p.click('#call');
  },
};

export const BOTS = {
  async headlessAtOnce(p) {
    await p.evaluate(() => {
      for (const id of ['name', 'email', 'phone']) document.getElementById(id).value = 'bot@example.com';
      document.getElementById('contact').requestSubmit();
    });
  },
  async scriptedFillHoneypot(p) {
    await sleep(between(1500, 5000));
    await p.evaluate(() => {
      for (const input of document.querySelectorAll('#contact input')) input.value = 'spam@example.com';
      document.getElementById('send').click();
    });
  },
  async scriptedFillNoHoneypot(p) {
    await sleep(between(1500, 5000));
    await p.evaluate(() => {
      for (const id of ['name', 'email', 'phone']) document.getElementById(id).value = 'spam@example.com';
      document.getElementById('send').click();
    });
  },
  async trustedAtOnce(p) {
    for (const id of ['#name', '#email', '#phone']) await p.fill(id, 'spam@example.com');
    await p.click('#send');
  },
  async telFlood(p, url) {
    for (let i = 0; i < 8; i++) {
      if (i) await p.goto(url + '/quality.html');
      await p.click('#call');
    }
  },
};

/** A lead posted straight to the collector, without the page or the tracker's signals; returns its visitor id. */
export async function directPost(collectorUrl, i, siteUrl) {
  const now = new Date().toISOString();
  const touch = { landingPage: siteUrl + '/quality.html', ts: now };
  const lead = {
    v: 2,
    id: `direct-${i}`,
    type: 'form_submit',
    name: 'form_submit',
    ts: now,
    anonymousId: `direct-${i}`,
    sessionId: `direct-s${i}`,
    page: { url: siteUrl + '/quality.html', path: '/quality.html', title: 'Quality', referrer: '' },
    attribution: { first: touch, last: touch },
    props: { formId: 'contact', fieldNames: ['name', 'email'], via: 'script' },
  };
  await fetch(collectorUrl + '/collect', {
    method: 'POST',
    headers: { 'user-agent': CHROME, 'x-forwarded-for': `192.0.2.${i % 250}` },
    body: JSON.stringify({ v: 2, sentAt: now, sdk: { name: 'leadbeacon', version: '0.1.0' }, events: [lead] }),
  });
  return `direct-${i}`;
}
