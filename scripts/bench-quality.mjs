#!/usr/bin/env node
// npm run bench:quality: how well the lead quality verdict tells people from bots (issue 22).
// Starts the built collector (a temporary SQLite file) and a page with a contact form (a CF7-style
// honeypot), a sign-in form and a tel: link on 127.0.0.1, then replays in headless Chromium:
//   people (each with a desktop Chrome User-Agent, no webdriver flag, an address of its own):
//     typing with random pauses, autofill (fields filled at once after a click), a password manager
//     filling the sign-in form first, keyboard only (Tab, Enter), a fast returning visitor;
//   bots: headless Chromium submitting at once, scripted fills of every field including the
//     honeypot (webdriver hidden), scripted fills that skip the honeypot but click by script,
//     click floods on the tel: link page after page, direct posts to the collector.
// A session is flagged when any of its leads is suspect or spam. Prints recall (bots flagged),
// the people flagged (false positives) and precision, per kind of session.
//   node scripts/bench-quality.mjs [--people <n>] [--bots <n>]     (default 30 and 30)
// Needs `npm run build` first.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const between = (a, b) => a + Math.floor(random() * (b - a));

function options(argv) {
  const o = { people: 30, bots: 30 };
  for (let i = 0; i < argv.length; i += 2) {
    const n = Number(argv[i + 1]);
    if (!['--people', '--bots'].includes(argv[i]) || !Number.isInteger(n) || n < 1) throw new Error('--people <n> --bots <n>');
    o[argv[i].slice(2)] = n;
  }
  return o;
}

async function launchChromium() {
  const { build } = await import('esbuild');
  const outfile = join(ROOT, 'node_modules', '.cache', 'leadbeacon-bench-quality', 'browser.mjs');
  await build({
    entryPoints: [join(ROOT, 'packages', 'test-utils', 'src', 'browser.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return (await import(pathToFileURL(outfile).href)).launchChromium();
}

function site(endpoint) {
  const script = readFileSync(join(ROOT, 'packages', 'core', 'dist', 'leadbeacon.min.js'), 'utf8');
  const page = readFileSync(join(ROOT, 'packages', 'core', 'test-browser', 'pages', 'quality.html'), 'utf8')
    .replace('<!--STUB-->', '')
    .replace('__ENDPOINT__', endpoint);
  const server = createServer((req, res) => {
    if (req.url === '/leadbeacon.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (req.method === 'POST') return res.writeHead(303, { location: '/thanks' }).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(req.url.startsWith('/quality') ? page : '<p>Thanks</p>');
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })),
  );
}

let addresses = 0;
async function context(browser, person) {
  const n = ++addresses;
  const extraHTTPHeaders = { 'x-forwarded-for': `10.${(n >> 8) & 255}.${n & 255}.1` };
  const c = await browser.newContext(person ? { userAgent: CHROME, extraHTTPHeaders } : { extraHTTPHeaders });
  if (person) await c.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  return c;
}

async function open(c, url) {
  const page = await c.newPage();
  await page.goto(url + '/quality.html');
  await page.waitForFunction(() => !!localStorage.getItem('lb'));
  return { page, aid: await page.evaluate(() => JSON.parse(localStorage.getItem('lb')).a) };
}

const type = async (page, sel, text, delay) => (await page.click(sel), page.keyboard.type(text, { delay }));

/** People: each returns its visitor id. `stealth` contexts are people-like for the bots. */
const PEOPLE = {
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
    await p.click('#name');
    for (const [s, v] of [
      ['#name', 'Lan'],
      ['#email', 'lan@example.com'],
      ['#phone', '0901234567'],
    ])
      await p.fill(s, v);
    await sleep(between(1000, 2500));
    await p.click('#send');
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
  async fastReturning(p) {
    // Knows the page: taps the number a second or so after it appears, once.
    await sleep(between(1600, 2500));
    await p.click('#call');
  },
};

const BOTS = {
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
  async telFlood(p, url) {
    for (let i = 0; i < 8; i++) {
      if (i) await p.goto(url + '/quality.html');
      await p.click('#call');
    }
  },
};

async function directPost(collectorUrl, i, siteUrl) {
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

async function main() {
  const o = options(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-bench-quality-'));
  const { createCollector } = await import('@leadbeacon/collector');
  const collector = await createCollector({ port: 0, db: join(dir, 'bench.sqlite'), log: () => {} });
  const s = await site(collector.url + '/collect');
  const browser = await launchChromium();
  const sessions = []; // { kind, bot, aid }
  try {
    const run = async (bot, kind, fn) => {
      const c = await context(browser, !(bot && kind === 'headlessAtOnce'));
      const { page, aid } = await open(c, s.url);
      await fn(page, s.url);
      await sleep(800);
      await c.close();
      sessions.push({ kind, bot, aid });
    };
    const jobs = [];
    const people = Object.entries(PEOPLE);
    const bots = Object.entries(BOTS);
    for (let i = 0; i < o.people; i++) jobs.push(() => run(false, ...people[i % people.length]));
    for (let i = 0; i < o.bots; i++) {
      if (i % (bots.length + 1) === bots.length)
        jobs.push(async () => sessions.push({ kind: 'directPost', bot: true, aid: await directPost(collector.url, i, s.url) }));
      else jobs.push(() => run(true, ...bots[i % (bots.length + 1)]));
    }
    const workers = Math.max(2, cpus().length);
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (jobs.length) await jobs.shift()();
      }),
    );
    await sleep(1000);
    const leads = await collector.store.leads();
    const flagged = new Map();
    for (const l of leads) if (l.quality && l.quality.verdict !== 'ok') flagged.set(l.anonymousId, l.quality.reasons);
    const rows = new Map();
    for (const x of sessions) {
      const r = rows.get(x.kind) ?? { bot: x.bot, n: 0, flagged: 0, noLead: 0 };
      r.n++;
      if (flagged.has(x.aid)) r.flagged++;
      if (!leads.some((l) => l.anonymousId === x.aid)) r.noLead++;
      rows.set(x.kind, r);
    }
    const sum = (bot, k) => [...rows.values()].filter((r) => r.bot === bot).reduce((a, r) => a + r[k], 0);
    const tp = sum(true, 'flagged'),
      fp = sum(false, 'flagged');
    console.log('| session | kind | sessions | flagged |\n|---|---|---:|---:|');
    for (const [k, r] of rows)
      console.log(`| ${k} | ${r.bot ? 'bot' : 'person'} | ${r.n} | ${r.flagged}${r.noLead ? ` (${r.noLead} without a lead)` : ''} |`);
    console.log(`\nrecall (bots flagged): ${tp}/${sum(true, 'n')} = ${((100 * tp) / sum(true, 'n')).toFixed(1)}%`);
    console.log(`people flagged: ${fp}/${sum(false, 'n')} = ${((100 * fp) / sum(false, 'n')).toFixed(1)}%`);
    console.log(`precision: ${tp}/${tp + fp} = ${((100 * tp) / Math.max(1, tp + fp)).toFixed(1)}%`);
    console.log(
      `reasons of the flagged people: ${JSON.stringify(sessions.filter((x) => !x.bot && flagged.has(x.aid)).map((x) => flagged.get(x.aid)))}`,
    );
  } finally {
    await browser.close();
    s.close();
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
