#!/usr/bin/env node
// `npm run bench`: leadbeacon against its peers, the same job in each (page view, form submits,
// tel:/mailto: clicks, posting to a local sink), measured in one run of headless Chromium.
//
//   node scripts/bench/run.mjs            10 alternating repetitions, with and without 4x CPU throttling
//   node scripts/bench/run.mjs --quick    3 repetitions (a smoke run while developing)
//   --reps N, --only id,id                (the control and the floor always run)
//   BENCH_DEBUG=1                         also prints which events each delivery request carried
//
// Writes the markdown tables to stdout and scripts/bench/results.md. Nothing leaves the machine:
// every SDK is configured to post to the local sink, every other request is aborted (and listed),
// and Chromium resolves no host but 127.0.0.1. Needs `npm run build` first (leadbeacon from dist).
//
// How each figure is taken (medians over the repetitions; "added" = tracker minus control) is
// written out under "How it is measured" at the end of results.md (see resultsMarkdown()).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { measure as measureOwnSizes, sizes } from '../size.mjs';
import { syncReadme } from './readme.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const argv = process.argv.slice(2);
const arg = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = argv.includes('--quick');
const REPS = Number(arg('--reps') || (QUICK ? 3 : 10));
const ONLY = arg('--only')?.split(',');
const STARTUP_WINDOW = 400;
const ACTION_WINDOW = 250;
const CLICKS = 12;
const SUBMITS = 6;
const GAP = 2;
const STEADY_ROUNDS = 5;
const STEADY_BATCH = 12;

const TRACKERS = [
  { id: 'control', label: 'page alone (control)' },
  { id: 'floor', label: 'hand-written minimal tracker (floor)', entry: 'floor.js' },
  // What ships for the script tag, as built (rollup + terser), configured by its data-endpoint.
  {
    id: 'leadbeacon',
    label: 'leadbeacon.min.js (script tag, every detector)',
    file: 'packages/core/dist/leadbeacon.min.js',
    pkg: 'leadbeacon',
    attrs: { 'data-endpoint': '/collect' },
  },
  { id: 'plausible', label: 'Plausible tracker', entry: 'plausible.js', pkg: '@plausible-analytics/tracker' },
  { id: 'snowplow', label: 'Snowplow + form & link plugins', entry: 'snowplow.js', pkg: '@snowplow/browser-tracker' },
  { id: 'segment', label: 'Segment analytics-next', entry: 'segment.js', pkg: '@segment/analytics-next' },
  { id: 'rudderstack', label: 'RudderStack v3 (bundled)', entry: 'rudderstack.js', pkg: '@rudderstack/analytics-js' },
  { id: 'amplitude', label: 'Amplitude + autocapture', entry: 'amplitude.js', pkg: '@amplitude/analytics-browser' },
  { id: 'posthog', label: 'PostHog (autocapture)', entry: 'posthog.js', pkg: 'posthog-js' },
].filter((t) => !ONLY || t.id === 'control' || t.id === 'floor' || ONLY.includes(t.id));
/** Sizes only: leadbeacon from npm, bundled like the peers. */
const SIZE_ONLY = [
  { id: 'leadbeacon-npm', label: 'leadbeacon from npm: `createTracker`, every detector', entry: 'leadbeacon.js', pkg: 'leadbeacon' },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const version = (pkg) => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;

// ---------------------------------------------------------------------------------------------
// Bundles

async function bundleAll() {
  for (const t of [...TRACKERS, ...SIZE_ONLY]) {
    t.version = t.pkg ? version(t.pkg) : '';
    if (t.file) {
      if (!existsSync(join(ROOT, t.file))) throw new Error(`${t.file} is missing: run \`npm run build\` first`);
      t.code = readFileSync(join(ROOT, t.file), 'utf8');
      t.size = sizes(t.code);
      continue;
    }
    if (!t.entry) {
      t.code = '';
      continue;
    }
    const out = await build({
      entryPoints: [join(HERE, 'entries', t.entry)],
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      legalComments: 'none',
      logLevel: 'error',
      define: { 'process.env.NODE_ENV': '"production"' },
      absWorkingDir: ROOT,
    });
    t.code = out.outputFiles[0].text;
    t.size = sizes(t.code);
  }
}

// ---------------------------------------------------------------------------------------------
// The page and the sink (two origins on 127.0.0.1, like a site and its analytics host)

const page = (sink) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Aircon repair in 2 hours</title>
<style>
  body { font: 14px sans-serif; margin: 8px; }
  nav a { display: inline-block; margin: 4px 8px; }
  form { display: inline-block; margin: 4px; padding: 4px; border: 1px solid #ccc; }
  input, textarea { width: 90px; }
</style>
<script>
window.__SINK__ = ${JSON.stringify(sink)};
window.__lt = []; window.__ltd = [];
try { new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { __lt.push(e.startTime); __ltd.push(Math.round(e.duration)); }); }).observe({ type: 'longtask', buffered: true }); } catch (e) {}
// Before anything else: every click and submit is timed from the first listener (window,
// capture phase) to the last one (window, bubble phase, added during this very dispatch, so it
// runs after every listener registered before), i.e. the time all listeners took together.
// The last one also keeps the browser from launching a tel:/mailto: handler.
window.__ev = [];
['click', 'submit'].forEach(function (type) {
  window.addEventListener(type, function (e) {
    var t0 = performance.now();
    function last(e2) {
      if (e2 !== e) return;
      window.removeEventListener(type, last);
      var link = type === 'click' && e.target.closest && e.target.closest('a[href^="tel:"],a[href^="mailto:"]');
      if (link) e.preventDefault();
      __ev.push({ type: type, tag: e.target.tagName, ms: performance.now() - t0, trusted: e.isTrusted });
    }
    window.addEventListener(type, last);
  }, true);
});
</script>
</head>
<body>
<h1>Aircon repair in 2 hours</h1>
<p>Same-day repair and cleaning. Call, email or send the form.</p>
<nav>
${Array.from({ length: CLICKS / 2 }, (_, i) => `<a class="call" href="tel:+8490123450${i}">0901 234 50${i}</a> <a class="mail" href="mailto:sales${i}@example.com">sales${i}@example.com</a>`).join('\n')}
</nav>
${Array.from(
  { length: SUBMITS },
  (_, i) => `<form id="quote-${i}" action="/thanks" method="post">
  <input name="name" value="An Nguyen"> <input name="email" type="email" value="an${i}@example.com">
  <input name="phone" type="tel" value="0901234567"> <textarea name="message" rows="1">Two units.</textarea>
  <button type="submit">Get a quote</button>
</form>`,
).join('\n')}
<script>
  // The page's own handlers (what the control page runs alone): a click counter, and forms sent
  // by script to the site's own API (an AJAX form, the common case). The request starts in the
  // next task: a fetch() inside the handler costs 0.5-4 ms with a large spread, which would drown
  // the trackers' own time in the difference to the control page.
  var clicks = 0, submits = 0;
  document.addEventListener('click', function () { clicks++; });
  document.addEventListener('submit', function (e) {
    e.preventDefault();
    submits++;
    var body = new FormData(e.target);
    setTimeout(function () { fetch('/api/contact', { method: 'POST', body: body }); }, 0);
  });
</script>
</body>
</html>`;

const POSTHOG_CONFIG = {
  // A PostHog project with autocapture on and the optional extras (recordings, surveys, heatmaps,
  // dead clicks, web vitals, exception capture) off: the same job as the others.
  token: 'phc_bench',
  supportedCompression: ['gzip', 'gzip-js'],
  hasFeatureFlags: false,
  autocapture_opt_out: false,
  autocaptureExceptions: false,
  captureDeadClicks: false,
  capturePerformance: false,
  elementsChainAsString: true,
  sessionRecording: false,
  heatmaps: false,
  surveys: false,
  defaultIdentifiedOnly: true,
  siteApps: [],
};

/** What the sink answers: 200 for data, and the config each SDK fetches from its own hosts. */
function answer(method, url, current, sinkUrl) {
  const p = url.pathname;
  const json = (v) => ({ status: 200, type: 'application/json', out: JSON.stringify(v), kind: 'fetched' });
  if (method === 'OPTIONS') return { status: 204, type: 'text/plain', out: '', kind: 'preflight' };
  if (/^\/array\/[^/]+\/config\.js$/.test(p)) {
    return {
      status: 200,
      type: 'text/javascript',
      out: `(window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{})[${JSON.stringify(POSTHOG_CONFIG.token)}]=${JSON.stringify({ config: POSTHOG_CONFIG, siteApps: [] })};`,
      kind: 'fetched',
    };
  }
  if (/^\/array\/[^/]+\/config$/.test(p)) return json(POSTHOG_CONFIG);
  if (p.startsWith('/flags') || p.startsWith('/decide')) {
    return {
      ...json({
        ...(url.searchParams.get('config') === 'true' ? POSTHOG_CONFIG : {}),
        featureFlags: {},
        featureFlagPayloads: {},
        flags: {},
        errorsWhileComputingFlags: false,
        requestId: 'bench',
      }),
      kind: 'data',
    };
  }
  if (method === 'GET' || method === 'HEAD') {
    const js = /([\w.-]+\.js)$/.exec(p);
    if (js) {
      // Code an SDK loads lazily from its CDN: served from its own npm package when it ships it.
      const file = current && current.pkg ? join(ROOT, 'node_modules', current.pkg, 'dist', js[1]) : '';
      return file && existsSync(file)
        ? { status: 200, type: 'text/javascript', out: readFileSync(file), kind: 'fetched' }
        : { status: 404, type: 'text/plain', out: 'not found', kind: 'fetched' };
    }
    if (p.includes('/settings')) {
      // Segment's CDN settings for a source with only its own destination.
      return json({
        integrations: { 'Segment.io': { apiKey: 'bench', apiHost: sinkUrl.replace(/^https?:\/\//, '') + '/v1', protocol: 'http' } },
        plan: { track: { __default: { enabled: true } } },
        edgeFunction: {},
        analyticsNextEnabled: true,
        middlewareSettings: {},
        enabledMiddleware: {},
        metrics: { sampleRate: 0 },
        legacyVideoPluginsEnabled: false,
        remotePlugins: [],
      });
    }
    if (p.includes('/sourceConfig')) {
      // RudderStack's control plane: a source with no destinations.
      return json({
        isHosted: true,
        source: {
          id: 'bench-source',
          name: 'bench',
          writeKey: 'bench',
          workspaceId: 'bench-workspace',
          enabled: true,
          config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
          destinations: [],
        },
      });
    }
    return json({});
  }
  return { status: 200, type: 'application/json', out: '{}', kind: 'data' };
}

/** The benchmark page, each tracker's code, and the page's own form endpoint. */
function servePage(req, res, sinkUrl) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/') {
    // Speed runs: a cross-origin isolated page, for performance.now() at 5 µs instead of 100 µs
    // ("credentialless" lets every SDK's requests through, without cookies on no-cors ones).
    // Delivery runs: a plain page, as sites are.
    const isolated = url.searchParams.has('isolated')
      ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'credentialless' }
      : {};
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...isolated });
    return res.end(page(sinkUrl));
  }
  if (url.pathname === '/api/contact') {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end('{"ok":true}');
  }
  const m = /^\/code\/([\w-]+)\.js$/.exec(url.pathname);
  const t = m && TRACKERS.find((x) => x.id === m[1]);
  if (t) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    return res.end(t.code);
  }
  res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404);
  res.end();
}

/** Bytes of the request line and headers as they went over the wire. */
function headerBytes(req) {
  let bytes = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`.length + 2;
  for (let i = 0; i < req.rawHeaders.length; i += 2) bytes += req.rawHeaders[i].length + 2 + req.rawHeaders[i + 1].length + 2;
  return bytes;
}

/** CORS headers that let any SDK's request through, credentials included. */
function corsHeaders(req) {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] || '*',
  };
}

/**
 * The sink every SDK posts to: answers as the SDK's backend would and records each request (its
 * bytes each way) for the tracker whose delivery session is running (`state.current`).
 */
function sinkHandler(state, sink) {
  return (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, 'http://x');
      const { current, sinkUrl } = state;
      let { status, type, out, kind } = answer(req.method, url, current, sinkUrl);
      if (req.method === 'OPTIONS') status = 204;
      const outBuf = Buffer.isBuffer(out) ? out : Buffer.from(out);
      const down = status === 204 ? 0 : outBuf.length;
      res.writeHead(status, { ...corsHeaders(req), 'content-type': type, 'content-length': down, 'cache-control': 'no-store' });
      res.end(status === 204 ? undefined : outBuf);
      if (!current) return;
      sink.requests.push({
        tracker: current.id,
        method: req.method,
        path: url.pathname,
        kind,
        up: headerBytes(req) + body.length,
        down,
        status,
        body: process.env.BENCH_DEBUG ? body.toString() : undefined,
      });
    });
  };
}

function startServers() {
  // The tracker whose delivery session is running, and the sink's URL once it listens.
  const state = { current: null, sinkUrl: '' };
  const sink = { requests: [] };
  const pageServer = createServer((req, res) => servePage(req, res, state.sinkUrl));
  const sinkServer = createServer(sinkHandler(state, sink));
  return Promise.all([listen(pageServer), listen(sinkServer)]).then(([pageUrl, sinkUrl]) => {
    state.sinkUrl = sinkUrl;
    return {
      pageUrl,
      sinkUrl,
      sink,
      setCurrent: (t) => (state.current = t),
      close: () => Promise.all([pageServer, sinkServer].map(closeServer)),
    };
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(resolve);
  });
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

// ---------------------------------------------------------------------------------------------
// The browser

// The figures in README come from an installed Chromium (Debian's). Without one, the bench takes
// the npm package's Chromium that the browser tests unpack (npm test does that first), and says so.
const NPM_CHROMIUM_CACHE = join(ROOT, 'node_modules', '.cache', 'leadbeacon-chromium');

function chromiumPath() {
  const installed = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    (p) => p && existsSync(p),
  );
  if (installed) return installed;
  const unpacked = existsSync(NPM_CHROMIUM_CACHE)
    ? readdirSync(NPM_CHROMIUM_CACHE)
        .map((v) => join(NPM_CHROMIUM_CACHE, v, 'chromium'))
        .find((p) => existsSync(p))
    : undefined;
  if (!unpacked)
    throw new Error(
      "No Chromium found: `sudo apt-get install chromium`, set CHROME_PATH, or run `npm test` once (it unpacks the npm package's Chromium)",
    );
  console.error(`(no installed Chromium: using the npm package's, ${unpacked}; its figures are not those of README's machine)`);
  return unpacked;
}

const userAgent = (browser) =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;

const isLocal = (url) => /^(https?|wss?):\/\/127\.0\.0\.1(:\d+)?\//.test(url) || /^(data|blob|about):/.test(url);

async function newPage(browser, servers, blocked, isolated) {
  // A desktop Chrome user agent and no navigator.webdriver, so no SDK takes the page for a bot
  // (PostHog and Plausible drop a headless or automated browser's events).
  const context = await browser.newContext({ userAgent: userAgent(browser), viewport: { width: 1280, height: 900 } });
  // Anything not local fails fast and is listed: a peer fetching remote config shows up here.
  await context.route(
    (url) => !isLocal(url.href),
    (route) => {
      const r = route.request();
      blocked.push({ url: r.url(), bytes: Buffer.byteLength(r.postData() || '') });
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(servers.pageUrl + (isolated ? '/?isolated' : '/'));
  if (isolated && !(await page.evaluate(() => window.crossOriginIsolated)))
    errors.push('the page is not cross-origin isolated: timings at 100 µs');
  return { context, page, cdp, errors };
}

/** Centres of the links and the submit buttons, all inside the viewport (no scrolling). */
async function positions(page) {
  const at = await page.evaluate(() => {
    const c = (el) => {
      const r = el.getBoundingClientRect();
      return [r.x + r.width / 2, r.y + r.height / 2, r.bottom <= innerHeight && r.right <= innerWidth];
    };
    return {
      links: Array.from(document.querySelectorAll('a.call, a.mail'), c),
      buttons: Array.from(document.forms, (f) => c(f.querySelector('button'))),
    };
  });
  if (![...at.links, ...at.buttons].every((p) => p[2])) throw new Error('bench page: a target is outside the viewport');
  return at;
}

async function clickAt(cdp, [x, y]) {
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
}

async function taskMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
}

/**
 * In the page: ms per dispatched click on the page's tel:/mailto: links and per dispatched submit
 * of its forms (each cancelable; the page's own listeners prevent their default), the median
 * over `rounds` batches of `batch` events, a task apart so deferred work runs between batches.
 */
async function steadyState({ rounds, batch }) {
  const links = [...document.querySelectorAll('nav a')];
  const forms = [...document.forms];
  const clicks = [];
  const submits = [];
  const pause = () => new Promise((r) => setTimeout(r, 20));
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    for (let i = 0; i < batch; i++)
      links[i % links.length].dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, view: window }));
    clicks.push((performance.now() - t0) / batch);
    await pause();
    t0 = performance.now();
    for (let i = 0; i < batch; i++) forms[i % forms.length].dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    submits.push((performance.now() - t0) / batch);
    await pause();
  }
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  return { click: med(clicks), submit: med(submits) };
}

/**
 * Injects a tracker's bundle as an inline script. Returns the ms of its own task (`own`: compile,
 * evaluation and initialisation) and of its evaluation and initialisation alone (`run`: marks
 * just inside the script's first and after its last statement, so compiling is not in it).
 */
async function insert(page, t) {
  await page.evaluate(async (id) => {
    window.__code = await (await fetch('/code/' + id + '.js')).text();
  }, t.id);
  return page.evaluate((attrs) => {
    const s = document.createElement('script');
    for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v[0] === '/' ? window.__SINK__ + v : v);
    const code = window.__code;
    // After a leading "use strict" directive, which must stay first to keep the script strict.
    const strict = /^\s*(['"])use strict\1;?/.exec(code);
    const at = strict ? strict[0].length : 0;
    window.__e0 = window.__e1 = NaN;
    s.textContent = code.slice(0, at) + 'window.__e0=performance.now();' + code.slice(at) + '\n;window.__e1=performance.now();';
    const t0 = performance.now();
    document.head.appendChild(s);
    const t1 = performance.now();
    window.__t0 = t0;
    return { own: t1 - t0, run: window.__e1 - window.__e0 };
  }, t.attrs || {});
}

async function measureOnce(browser, servers, t, throttle) {
  const blocked = [];
  const { context, page, cdp, errors } = await newPage(browser, servers, blocked, true);
  try {
    // Throttled from here on: the page itself loads at full speed (it is the same for everyone).
    if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await sleep(150);
    const before = await taskMs(cdp);
    const { own: startup, run: startupRun } = await insert(page, t);
    await sleep(STARTUP_WINDOW);
    const startupTasks = (await taskMs(cdp)) - before;
    // The forced garbage collection is the benchmark's, not the tracker's: long tasks in it do not count.
    const gcFrom = await page.evaluate(() => performance.now());
    await cdp.send('HeapProfiler.collectGarbage');
    const gcTo = await page.evaluate(() => performance.now());
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const actionsBefore = await taskMs(cdp);
    // Real input (CDP mouse events, so every event is trusted), each action its own task: CLICKS
    // link clicks, then SUBMITS submit-button clicks; the page times each dispatch (see page()).
    const targets = await positions(page);
    for (const xy of [...targets.links, ...targets.buttons]) {
      await clickAt(cdp, xy);
      await sleep(GAP);
    }
    await sleep(ACTION_WINDOW);
    const actionTasks = ((await taskMs(cdp)) - actionsBefore) / (CLICKS + SUBMITS);
    if (process.env.BENCH_DEBUG) {
      const lt = await page.evaluate(() => window.__lt.map((s, i) => [Math.round(s - window.__t0), window.__ltd[i]]));
      const gc = await page.evaluate(([a, b]) => [a, b].map((x) => Math.round(x - window.__t0)), [gcFrom, gcTo]);
      process.stderr.write(
        `  ${t.id}${throttle ? ' 4x' : ''}: own task ${startup.toFixed(1)} ms; other long tasks [start - insertion ms, duration ms] ${JSON.stringify(lt)}; forced GC ${JSON.stringify(gc)}\n`,
      );
    }
    const {
      ev,
      longTasks: later,
      handled,
    } = await page.evaluate(
      (gc) => ({
        ev: window.__ev,
        longTasks: window.__lt.filter((s) => s >= window.__t0 && !(s >= gc[0] && s <= gc[1])).length,
        handled: [window.clicks, window.submits],
      }),
      [gcFrom, gcTo],
    );
    // The script's own task: its long task entry starts with the task that inserts it (before the
    // insertion's mark, with the harness's evaluate in it), so it is judged by its own duration.
    const longTasks = later + (startup > 50 ? 1 : 0);
    const linkClicks = ev.filter((e) => e.type === 'click' && e.tag === 'A').map((e) => e.ms);
    const buttonClicks = ev.filter((e) => e.type === 'click' && e.tag === 'BUTTON').map((e) => e.ms);
    const submits = ev.filter((e) => e.type === 'submit').map((e) => e.ms);
    if (linkClicks.length !== CLICKS || submits.length !== SUBMITS || buttonClicks.length !== SUBMITS || !ev.every((e) => e.trusted)) {
      errors.push(
        `expected ${CLICKS} link clicks, ${SUBMITS} button clicks and submits, all trusted; saw ${linkClicks.length}, ${buttonClicks.length}, ${submits.length}`,
      );
    }
    if (handled[0] !== CLICKS + SUBMITS || handled[1] !== SUBMITS) errors.push(`the page's own handlers ran ${handled} times`);
    // Steady state (after the long tasks were read): the same listeners on many dispatched events,
    // timed in batches, so first-call compilation, a garbage collection landing in one dispatch and
    // the spread of single trusted inputs average out. What is left is the handlers' own cost.
    const steady = await page.evaluate(steadyState, { rounds: STEADY_ROUNDS, batch: STEADY_BATCH });
    return {
      startup,
      startupRun,
      startupTasks,
      heap,
      click: median(linkClicks),
      // A form sent with its button: the button's click and the form's submit, together.
      submit: median(submits.map((ms, i) => ms + (buttonClicks[i] ?? NaN))),
      actionTasks,
      steadyClick: steady.click,
      steadySubmit: steady.submit,
      longTasks,
      errors,
      blocked: blocked.length,
    };
  } finally {
    await context.close();
  }
}

/** 1 page view and 3 lead actions, then the page is left: what goes over the wire. */
async function deliverySession(browser, servers, t) {
  const blocked = [];
  servers.setCurrent(t);
  const { context, page, cdp, errors } = await newPage(browser, servers, blocked, false);
  try {
    await insert(page, t);
    await sleep(600);
    const targets = await positions(page);
    for (const xy of [targets.buttons[0], targets.links[0], targets.links[1]]) {
      await clickAt(cdp, xy);
      await sleep(200);
    }
    await sleep(600);
    await page.goto('about:blank'); // the page is hidden and unloaded: beacons go now
    await sleep(800);
  } finally {
    await context.close();
    await sleep(200);
    servers.setCurrent(null);
  }
  const reqs = servers.sink.requests.filter((r) => r.tracker === t.id);
  if (process.env.BENCH_DEBUG) {
    for (const r of reqs)
      if (r.kind === 'data')
        process.stderr.write(`  ${t.id} ${r.method} ${r.path} ${(r.body || '').match(/"(type|event_type|e)":"[^"]+"/g)}\n`);
  }
  const data = reqs.filter((r) => r.kind === 'data');
  const fetched = reqs.filter((r) => r.kind === 'fetched');
  return {
    requests: data.length,
    preflights: reqs.filter((r) => r.kind === 'preflight').length,
    bytesUp: reqs.filter((r) => r.kind !== 'fetched').reduce((a, r) => a + r.up, 0),
    fetched: fetched.map((r) => `\`${r.path}\`${r.status === 404 ? ' (404)' : ''}`),
    fetchedBytes: fetched.reduce((a, r) => a + r.down, 0),
    blocked: blocked.map((b) => new URL(b.url).host),
    errors,
    paths: [...new Set(data.map((r) => `${r.method} ${r.path}`))],
  };
}

// ---------------------------------------------------------------------------------------------
// Tables

const fmt = (v, d = 2) => (typeof v === 'number' && isFinite(v) ? v.toFixed(d) : '—');
const B = (v) => (typeof v === 'number' ? v.toLocaleString('en-US') : '—');
const kb = (v) => (v / 1024).toFixed(1);

function sizeTable(own) {
  const ref = TRACKERS.find((t) => t.id === 'leadbeacon').size.brotli;
  const lines = [
    '| tracker | version | minified | gzip | brotli | × leadbeacon.min.js | fetched at run time |',
    '|---|---|---:|---:|---:|---:|---|',
  ];
  const row = (label, v, z, fetched) =>
    lines.push(`| ${label} | ${v} | ${B(z.min)} | ${B(z.gzip)} | ${B(z.brotli)} | ${(z.brotli / ref).toFixed(1)} | ${fetched} |`);
  const leads = own.find((r) => r.id === 'core-leads');
  const vitals = own.find((r) => r.id === 'vitals');
  for (const t of TRACKERS) {
    if (!t.size) continue;
    const d = t.delivery;
    let fetched = d
      ? (d.fetched.length ? `${d.fetched.join(', ')} (${B(d.fetchedBytes)} B)` : 'nothing') +
        (d.blocked.length ? `; blocked: ${[...new Set(d.blocked)].join(', ')}` : '')
      : '';
    if (t.id === 'leadbeacon' && vitals)
      fetched += ` (\`leadbeacon-vitals.min.js\`, ${B(vitals.brotli)} B brotli, only with \`data-web-vitals\`)`;
    row(t.label, t.version, t.size, fetched);
    if (t.id === 'leadbeacon') {
      for (const x of SIZE_ONLY) if (x.size) row(x.label, x.version, x.size, 'nothing');
      if (leads) row('leadbeacon from npm: `leadbeacon/core` + `forms()`, `calls()`, `emails()`', t.version, leads, 'nothing');
    }
  }
  return lines.join('\n');
}

function speedTable(throttle) {
  const key = throttle ? 'slow' : 'fast';
  const control = TRACKERS.find((t) => t.id === 'control')[key];
  const lines = [
    `| tracker | start-up, own task (ms) | of which evaluation + initialisation (ms) | start-up, all tasks in ${STARTUP_WINDOW / 1000} s (ms) | per click (ms) | per submit (ms) | per action, all tasks (ms) | per click / submit, steady state (ms) | long tasks | heap after start-up (KB) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const t of TRACKERS) {
    const m = t[key];
    if (!m) continue;
    const add = (k) => (t.id === 'control' ? m[k] : m[k] - control[k]);
    const heap = t.id === 'control' ? `${kb(m.heap)} (page)` : `+${kb(m.heap - control.heap)}`;
    lines.push(
      `| ${t.label} | ${fmt(add('startup'))} | ${fmt(add('startupRun'))} | ${fmt(add('startupTasks'), 1)} | ${fmt(add('click'), 3)} | ${fmt(add('submit'), 3)} | ${fmt(add('actionTasks'), 3)} | ${fmt(add('steadyClick'), 3)} / ${fmt(add('steadySubmit'), 3)} | ${fmt(m.longTasks, 0)} | ${heap} |`,
    );
  }
  return lines.join('\n');
}

function deliveryTable() {
  const lines = ['| tracker | requests | CORS preflights | bytes sent | endpoints hit |', '|---|---:|---:|---:|---|'];
  for (const t of TRACKERS) {
    const d = t.delivery;
    if (!d) continue;
    lines.push(`| ${t.label} | ${d.requests} | ${d.preflights} | ${B(d.bytesUp)} | ${d.paths.join(', ')} |`);
  }
  return lines.join('\n');
}

const tracker = (id) => TRACKERS.find((t) => t.id === id);
const verdict = (met) => `**${met ? 'met' : 'not met'}**`;

/** The size targets: against Snowplow (the script tag) and Plausible (the npm entry points). */
function sizeTargets(own) {
  const out = [];
  const script = tracker('leadbeacon')?.size;
  const leads = own.find((r) => r.id === 'core-leads');
  const snow = tracker('snowplow');
  const plaus = tracker('plausible');
  if (script && snow?.size) {
    const x = snow.size.brotli / script.brotli;
    out.push(
      `- Size: Snowplow + plugins ${B(snow.size.brotli)} B brotli is ${x.toFixed(1)}x leadbeacon.min.js (${B(script.brotli)} B); target at least 4x: ${verdict(x >= 4)}.`,
    );
  }
  if (leads && plaus?.size) {
    out.push(
      `- Size: leadbeacon/core + forms, calls, emails ${B(leads.brotli)} B brotli vs Plausible ${B(plaus.size.brotli)} B; aim under Plausible: ${verdict(leads.brotli < plaus.size.brotli)}.`,
    );
  }
  return out;
}

/** The speed targets at one CPU speed (`key` 'fast' or 'slow'): start-up against the floor, per action, long tasks. */
function speedTargets(key) {
  const c = tracker('control')[key];
  const lb = tracker('leadbeacon')?.[key];
  const floor = tracker('floor')?.[key];
  if (!c || !lb || !floor) return [];
  const out = [];
  const note = key === 'slow' ? ' (4x throttled)' : '';
  for (const [what, k] of [
    ['own task', 'startup'],
    ['evaluation + initialisation', 'startupRun'],
  ]) {
    const l = lb[k] - c[k];
    const f = floor[k] - c[k];
    out.push(
      `- Start-up${note}, ${what}: leadbeacon ${fmt(l)} ms vs the floor ${fmt(f)} ms = ${fmt(l / f, 1)}x; target within 2x: ${verdict(l <= 2 * f)}.`,
    );
  }
  const click = Math.max(lb.click - c.click, lb.submit - c.submit);
  const steady = Math.max(lb.steadyClick - c.steadyClick, lb.steadySubmit - c.steadySubmit);
  out.push(
    `- Per click/submit${note}: leadbeacon ${fmt(click, 3)} ms at most with real input, ${fmt(steady, 3)} ms in steady state; target well under 0.1 ms: ${verdict(click < 0.1)} with real input, ${verdict(steady < 0.1)} in steady state. Long tasks: ${lb.longTasks} (target 0): ${verdict(lb.longTasks === 0)}.`,
  );
  return out;
}

function targets(own) {
  return [...sizeTargets(own), ...speedTargets('fast'), ...speedTargets('slow')].join('\n');
}

// ---------------------------------------------------------------------------------------------

/** What each speed measurement records: the medians over the repetitions are the figures. */
const MEASURED = [
  'startup',
  'startupRun',
  'startupTasks',
  'heap',
  'click',
  'submit',
  'actionTasks',
  'steadyClick',
  'steadySubmit',
  'longTasks',
];

/** Headless Chromium that resolves no host but 127.0.0.1: nothing leaves the machine. */
function launchBrowser() {
  return chromium.launch({
    headless: true,
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      '--disable-blink-features=AutomationControlled',
    ],
  });
}

/** One delivery session per tracker, one after the other, so the sink attributes every request. */
async function measureDelivery(browser, servers, problems) {
  for (const t of TRACKERS) {
    if (t.id === 'control') continue;
    t.delivery = await deliverySession(browser, servers, t);
    if (t.delivery.errors.length) problems.push(`${t.id} (delivery): ${t.delivery.errors.join('; ')}`);
    process.stderr.write(`delivery ${t.id}: ${t.delivery.requests} request(s), ${t.delivery.bytesUp} B\n`);
  }
}

/** REPS repetitions of every tracker at one CPU speed; the medians go to each tracker's `fast` or `slow`. */
async function measureSpeed(browser, servers, throttle, { problems, started }) {
  const runs = new Map(TRACKERS.map((t) => [t.id, []]));
  for (let rep = 0; rep < REPS; rep++) {
    // Alternating: each repetition runs every tracker once, starting one further along.
    for (let i = 0; i < TRACKERS.length; i++) {
      const t = TRACKERS[(i + rep) % TRACKERS.length];
      const r = await measureOnce(browser, servers, t, throttle);
      if (r.errors.length) problems.push(`${t.id}${throttle ? ' (4x)' : ''}: ${[...new Set(r.errors)].join('; ')}`);
      runs.get(t.id).push(r);
    }
    process.stderr.write(
      `${throttle ? '4x throttled' : 'unthrottled'}: repetition ${rep + 1}/${REPS} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  }
  for (const t of TRACKERS) {
    const rs = runs.get(t.id);
    t[throttle ? 'slow' : 'fast'] = Object.fromEntries(MEASURED.map((k) => [k, median(rs.map((r) => r[k]))]));
  }
}

function cpuName() {
  try {
    return /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))[1].trim();
  } catch {
    return cpus()[0]?.model || 'unknown CPU';
  }
}

/** results.md: the tables of this run, the targets, and how each figure is taken. */
function resultsMarkdown(own, chromeVersion) {
  const cpu = cpuName();
  const date = new Date().toISOString().slice(0, 10);
  return [
    `# leadbeacon benchmark`,
    '',
    `${date} · ${cpu}, ${cpus().length} cores · Chromium ${chromeVersion} (headless) · Node ${process.version} · ${REPS} alternating repetitions, medians${QUICK ? ' (--quick)' : ''} · \`npm run bench\``,
    '',
    'Every figure below comes from this run. "Added" figures are the tracker\'s page minus the control page (the same page with no tracker); the control row shows the page alone.',
    '',
    '## Size',
    '',
    sizeTable(own),
    '',
    'Each bundled from npm with esbuild (minified IIFE, browser); gzip level 9, brotli quality 11. "Fetched at run time": what the SDK requested from its (local) hosts in the delivery session below; "blocked": requests to other hosts, aborted here.',
    '',
    '## Speed, no throttling (added to the page)',
    '',
    speedTable(false),
    '',
    '## Speed, 4x CPU throttling (a mid-range phone; added to the page)',
    '',
    speedTable(true),
    '',
    '## Delivery: 1 page view, 1 form submit, 1 call click, 1 email click, then the page is left',
    '',
    deliveryTable(),
    '',
    'Bytes sent: request line, headers (cookies included) and body of every request to the sink, preflights included.',
    '',
    '## Targets',
    '',
    targets(own),
    '',
    '## How it is measured',
    '',
    `- Start-up, own task: \`performance.now()\` around appending the bundle as an inline \`<script>\`: compile, evaluation and initialisation in that one task; no network for anyone. Of which evaluation + initialisation: \`performance.now()\` marks added inside that script, before its first statement (after a leading \`"use strict"\`) and after its last, so the compile is left out: the part the issue's start-up target names (evaluation plus initialisation). All tasks: CDP \`Performance.getMetrics\` TaskDuration over ${STARTUP_WINDOW} ms from insertion, so work deferred to timers, promises and idle callbacks counts too.`,
    `- Per click / per submit: real mouse input through CDP (\`Input.dispatchMouseEvent\`, so every event is trusted), one action per task ${GAP} ms apart: ${CLICKS} clicks on distinct tel:/mailto: links, then ${SUBMITS} clicks on the submit buttons of distinct forms. The page's first listener (window, capture) and last listener (window, bubble, added during that dispatch) time every listener of each click and submit at 5 µs resolution (the page is cross-origin isolated); a submit counts its button's click plus the submit event. Median per page. The page's own handlers (a click counter, a form sent by \`fetch\` from the next task) run on every page, and the control page runs them alone. Per action, all tasks: TaskDuration from the first action to ${ACTION_WINDOW} ms after the last, divided by ${CLICKS + SUBMITS}: sends, deferred work and input handling (the control's is the browser's own).`,
    `- Per click / submit, steady state: then, on the same page, ${STEADY_ROUNDS} batches of ${STEADY_BATCH} \`click\` events dispatched on the tel:/mailto: links and ${STEADY_BATCH} \`submit\` events on the forms (script events, \`isTrusted\` false; cancelable, the page prevents their default), timed per batch and divided by ${STEADY_BATCH}, batches 20 ms apart so deferred work runs in between; the median batch. First-call compilation, a garbage collection that lands in one dispatch and the spread of single inputs average out: what remains is the listeners' own cost. A tracker that ignores script events would look cheaper here; the real-input columns are the ones to compare peers on.`,
    "- Long tasks: the script's own task when it took over 50 ms, plus `PerformanceObserver` entries (> 50 ms) that start after the insertion, to the end of the real-input actions, except during the benchmark's own forced garbage collection. Heap: `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage` after start-up.",
    '- Each measurement is a fresh browser context (new renderer, empty storage and caches); trackers run in rotating order in every repetition. Every request to a host other than 127.0.0.1 is aborted and listed.',
    '',
  ].join('\n');
}

/** Writes the results (results.md and README's figures only after a full run) and prints the tables. */
function writeResults(md, problems, started) {
  const seen = [...new Set(problems)];
  if (seen.length) console.error(`\nproblems seen:\n${seen.map((p) => `  - ${p}`).join('\n')}`);
  // Only a full run (every tracker, at least 10 repetitions) replaces the results README quotes.
  const full = !ONLY && !QUICK && REPS >= 10;
  const out = full ? join(HERE, 'results.md') : join(tmpdir(), 'leadbeacon-bench-partial.md');
  const results = md + (seen.length ? `\n## Problems seen in this run\n\n${seen.map((p) => `- ${p}`).join('\n')}\n` : '');
  writeFileSync(out, results);
  console.log(md);
  console.error(`\nwrote ${full ? 'scripts/bench/results.md' : out} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (full)
    console.error(
      syncReadme(results, true) === 'missing'
        ? 'docs/size-and-speed.md has no bench block to update'
        : 'and its figures into docs/size-and-speed.md',
    );
}

async function main() {
  const started = Date.now();
  await bundleAll();
  let own = [];
  try {
    own = await measureOwnSizes();
  } catch (e) {
    console.error(`(leadbeacon's own size rows skipped: ${e.message})`);
  }
  const servers = await startServers();
  const browser = await launchBrowser();
  const chromeVersion = browser.version();
  const problems = [];
  try {
    await measureDelivery(browser, servers, problems);
    for (const throttle of [false, true]) await measureSpeed(browser, servers, throttle, { problems, started });
  } finally {
    await browser.close();
    await servers.close();
  }
  writeResults(resultsMarkdown(own, chromeVersion), problems, started);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
