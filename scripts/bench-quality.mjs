#!/usr/bin/env node
// npm run bench:quality: how well the lead quality verdict tells people from bots (issue 22).
// Starts the built collector (a temporary SQLite file) and a page with a contact form (a CF7-style
// honeypot), a sign-in form and a tel: link on 127.0.0.1, then replays in headless Chromium the
// people's and bots' sessions of scripts/bench-quality-sessions.mjs, a few at a time, and prints
// scripts/bench-quality-report.mjs: per kind of session the flagged ones, recall (bots flagged),
// the people flagged (false positives), precision, and per rule the people it fired on and
// flagged and the bots it caught.
//   node scripts/bench-quality.mjs [--people <n>] [--bots <n>] [--workers <n>]   (default 160, 60, 4)
// BENCH_DEBUG=1 prints each session's leads' reasons too.
// Needs `npm run build` first.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOTS, CHROME, PEOPLE, directPost, sleep } from './bench-quality-sessions.mjs';
import { judgedSessions, report } from './bench-quality-report.mjs';
import { importSource } from './import-source.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function options(argv) {
  const o = { people: 160, bots: 60, workers: 4 };
  for (let i = 0; i < argv.length; i += 2) {
    const n = Number(argv[i + 1]);
    if (!['--people', '--bots', '--workers'].includes(argv[i]) || !Number.isInteger(n) || n < 1)
      throw new Error('--people <n> --bots <n> --workers <n>');
    o[argv[i].slice(2)] = n;
  }
  return o;
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
/** A browser context with an address of its own; a person's (and a stealth bot's) has a desktop UA and no webdriver flag. */
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

/** The jobs, people's and bots' interleaved by kind; each pushes `{kind, bot, aid}` to `sessions`. */
function jobs(o, { browser, site: s, collector, sessions }) {
  const run = async (bot, kind, fn) => {
    const c = await context(browser, !(bot && kind === 'headlessAtOnce'));
    const { page, aid } = await open(c, s.url);
    await fn(page, s.url);
    await sleep(800);
    await c.close();
    sessions.push({ kind, bot, aid });
  };
  const list = [];
  const people = Object.entries(PEOPLE);
  const bots = Object.entries(BOTS);
  for (let i = 0; i < o.people; i++) list.push(() => run(false, ...people[i % people.length]));
  for (let i = 0; i < o.bots; i++) {
    if (i % (bots.length + 1) === bots.length)
      list.push(async () => sessions.push({ kind: 'directPost', bot: true, aid: await directPost(collector.url, i, s.url) }));
    else list.push(() => run(true, ...bots[i % (bots.length + 1)]));
  }
  return list;
}

async function main() {
  const o = options(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-bench-quality-'));
  const { createCollector } = await import('@leadbeacon/collector');
  const rules = await importSource('packages/collector/src/quality/rules.ts', 'bench-quality-rules');
  const collector = await createCollector({ port: 0, db: join(dir, 'bench.sqlite'), log: () => {} });
  const s = await site(collector.url + '/collect');
  const browser = (await importSource('packages/test-utils/src/browser.ts', 'bench-quality-browser')).launchChromium();
  const sessions = [];
  try {
    const queue = jobs(o, { browser: await browser, site: s, collector, sessions });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: o.workers }, async () => {
        while (queue.length) await queue.shift()();
      }),
    );
    await sleep(1000);
    const judged = judgedSessions(sessions, await collector.store.leads());
    console.log(report(judged, rules).join('\n'));
    if (process.env.BENCH_DEBUG) for (const x of judged) console.log(x.kind, JSON.stringify(x.leads));
    console.log(`\n${sessions.length} sessions in ${((Date.now() - started) / 1000).toFixed(0)} s, ${o.workers} at a time`);
  } finally {
    await (await browser).close();
    s.close();
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
