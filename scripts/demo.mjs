#!/usr/bin/env node
// npm run demo: builds everything, starts the bundled collector in this process and serves
// examples/plain-html with the script tag pointed at it. Everything binds 127.0.0.1 only.
//
//   node scripts/demo.mjs            build, serve, print the URLs, run until Ctrl+C
//   node scripts/demo.mjs --smoke    build, serve, check the site and one batch end to end, exit
//   --no-build                       skip `npx rollup -c` (use the dist/ folders as they are)
//
// Environment: SITE_PORT (default 8080), COLLECTOR_PORT (default 8787), 0 picks a free port;
// LEADBEACON_DB (default .demo/leadbeacon.sqlite under the repo root, ':memory:' for none);
// LEADBEACON_ADMIN_TOKEN (default: a new random one each run); LEADBEACON_DEMO_CRM (where the
// sample CRM export is written, default examples/crm/hubspot-deals.csv; a booking made on the
// example site is added to it as a new deal, with the lead id its form's hidden field carried).
//
// The collector gets four weeks of sample traffic (once per database) and the demo writes the CRM
// export that goes with it: packages/collector/README.md walks through importing it and exporting
// for Google Ads and Meta.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDeal, readForm } from './demo-crm.mjs';
import { seedSample } from './demo-sample.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SITE_DIR = join(ROOT, 'examples', 'plain-html');
const CORE_DIST = join(ROOT, 'packages', 'core', 'dist');
const HOST = '127.0.0.1';
const PLACEHOLDER = '__LEADBEACON_ENDPOINT__';
const MAX_FORM_BODY = 1_000_000;
const FETCH_TIMEOUT_MS = 10_000;
/** The demo site is a shop in Saigon: the dashboard's days and the export files use its time zone. */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A failure with a message meant for the person running the demo (printed without a stack). */
class DemoError extends Error {}

const fail = (message) => {
  throw new DemoError(message);
};

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = { smoke: false, build: true };
  for (const arg of argv) {
    if (arg === '--smoke') opts.smoke = true;
    else if (arg === '--no-build') opts.build = false;
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node scripts/demo.mjs [--smoke] [--no-build]\n' +
          'env: SITE_PORT (8080), COLLECTOR_PORT (8787), LEADBEACON_DB (.demo/leadbeacon.sqlite)',
      );
      process.exit(0);
    } else fail(`unknown argument "${arg}" (try --help)`);
  }
  return opts;
}

function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${name} must be a port number from 0 to 65535, got "${raw}"`);
  return port;
}

function adminTokenFromEnv() {
  const raw = process.env.LEADBEACON_ADMIN_TOKEN;
  if (raw === undefined || raw === '') return `demo-${randomBytes(12).toString('hex')}`;
  if (raw.length < 16 || /\s/.test(raw)) fail('LEADBEACON_ADMIN_TOKEN must be at least 16 characters without spaces');
  return raw;
}

function crmPathFromEnv() {
  const raw = process.env.LEADBEACON_DEMO_CRM;
  return raw && raw.trim() ? resolve(raw) : join(ROOT, 'examples', 'crm', 'hubspot-deals.csv');
}

function dbPathFromEnv() {
  const raw = process.env.LEADBEACON_DB;
  if (raw === ':memory:') return raw;
  return raw && raw.trim() ? resolve(raw) : join(ROOT, '.demo', 'leadbeacon.sqlite');
}

// ---------------------------------------------------------------------------------------------
// Build and collector

function build() {
  console.log('demo: building (npx rollup -c)…');
  // rollup is a devDependency of the repo root; without it npx would try to download it.
  if (!existsSync(join(ROOT, 'node_modules', 'rollup', 'package.json'))) {
    fail('rollup is not installed: run npm install in the repo root first');
  }
  const result = spawnSync('npx', ['rollup', '-c'], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) fail(`could not run the build (npx rollup -c): ${result.error.message}`);
  if (result.status !== 0) {
    const how = result.status === null ? `was killed by ${result.signal}` : `exited with code ${result.status}`;
    fail(`the build failed: npx rollup -c ${how}. Fix the errors above, then run npm run demo again.`);
  }
  if (!existsSync(join(CORE_DIST, 'leadbeacon.min.js'))) {
    fail('the build finished but packages/core/dist/leadbeacon.min.js is missing');
  }
}

async function loadCollector() {
  let mod;
  try {
    mod = await import('@leadbeacon/collector');
  } catch (err) {
    fail(
      `could not load @leadbeacon/collector (packages/collector/dist): ${err.message}\n` +
        '  Is it built (npx rollup -c) and linked into node_modules (npm install)?',
    );
  }
  if (typeof mod.createCollector !== 'function') fail('@leadbeacon/collector does not export createCollector');
  return mod.createCollector;
}

async function startCollector(createCollector, { port, dbPath, corsOrigins, adminToken, log }) {
  if (dbPath !== ':memory:') await mkdir(dirname(dbPath), { recursive: true });
  try {
    return await createCollector({ port, host: HOST, dbPath, corsOrigins, adminToken, timeZone: TIME_ZONE, log });
  } catch (err) {
    if (isAddressError(err)) fail(portMessage(err, port, 'COLLECTOR_PORT'));
    fail(`could not start the collector: ${err && err.message ? err.message : err}`);
  }
}

const relativeToRoot = (path) => (path.startsWith(ROOT + sep) ? path.slice(ROOT.length + 1) : path);

const isAddressError = (err) => !!err && (['EADDRINUSE', 'EACCES'].includes(err.code) || /EADDRINUSE|EACCES/.test(String(err.message)));

function portMessage(err, port, envName) {
  const why = err.code === 'EACCES' || /EACCES/.test(String(err.message)) ? 'is not allowed' : 'is already in use';
  const other = port >= 65535 ? 0 : port + 1;
  return `port ${port} on ${HOST} ${why}: set ${envName} to a free port, e.g. ${envName}=${other} npm run demo`;
}

// ---------------------------------------------------------------------------------------------
// The static site server

const isInside = (base, full) => full === base || full.startsWith(base.endsWith(sep) ? base : base + sep);

/** The regular file `urlPath` names inside `base`, or null (missing, a directory, or escaping `base`). */
async function fileInside(base, urlPath) {
  const full = resolve(base, '.' + urlPath);
  if (!isInside(base, full)) return null;
  try {
    const real = await realpath(full);
    if (!isInside(await realpath(base), real)) return null; // a symlink pointing out of the folder
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Scripts (the tracker, its source map, any lazy chunk) come from packages/core/dist, the rest from the site. */
async function locate(urlPath) {
  if (urlPath.endsWith('/')) urlPath += 'index.html';
  if (/\.js(\.map)?$/.test(urlPath)) {
    const script = await fileInside(CORE_DIST, urlPath);
    if (script) return script;
  }
  return fileInside(SITE_DIR, urlPath);
}

/** Reads and discards a request body; false when it is larger than `limit`. */
async function drain(req, limit = MAX_FORM_BODY) {
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) return false;
  }
  return true;
}

function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text + '\n');
}

function createSiteServer({ endpoint, log, crmPath }) {
  async function serveFile(res, file, headOnly) {
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    let body = await readFile(file);
    if (extname(file).toLowerCase() === '.html') {
      body = Buffer.from(body.toString('utf8').replaceAll(PLACEHOLDER, endpoint()), 'utf8');
    }
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(headOnly ? undefined : body);
  }

  async function handle(req, res) {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname);
    } catch {
      return sendText(res, 400, 'bad request');
    }
    // No NUL bytes, backslashes or dot segments ("..", ".git", ".env"): nothing outside the folders.
    if (/[\0\\]/.test(urlPath) || urlPath.split('/').some((s) => s.startsWith('.'))) {
      return sendText(res, 404, 'not found');
    }
    const method = req.method ?? 'GET';

    // A native form post lands here: the browser then shows the thank-you page.
    if (method === 'POST' && urlPath === '/thanks.html') {
      const form = await readForm(req);
      if (!form) {
        res.setHeader('connection', 'close');
        return sendText(res, 413, 'form too large');
      }
      // The demo's CRM: the booking becomes a deal in the HubSpot export, with its lb_lead_id.
      const deal = await addDeal(crmPath, form, TIME_ZONE);
      if (deal) log(`site: booking ${deal.recordId} added to ${relativeToRoot(crmPath)} as a deal (lb_lead_id ${deal.leadId || 'none'})`);
      return serveFile(res, join(SITE_DIR, 'thanks.html'), false);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      await drain(req);
      return sendText(res, 405, 'method not allowed', { allow: urlPath === '/thanks.html' ? 'GET, HEAD, POST' : 'GET, HEAD' });
    }
    const file = await locate(urlPath);
    if (!file) return sendText(res, 404, 'not found');
    return serveFile(res, file, method === 'HEAD');
  }

  return createServer((req, res) => {
    handle(req, res)
      .catch((err) => {
        log(`site: ${req.method} ${req.url} failed: ${err && err.message}`);
        if (!res.headersSent) sendText(res, 500, 'internal error');
        else res.destroy();
      })
      .finally(() => log(`site: ${req.method} ${req.url} ${res.statusCode}`));
  });
}

function listen(server, port, envName) {
  return new Promise((resolvePromise, reject) => {
    const onError = (err) => reject(isAddressError(err) ? new DemoError(portMessage(err, port, envName)) : err);
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolvePromise(server.address().port);
    });
  });
}

function closeServer(server) {
  return new Promise((resolvePromise) => {
    if (!server.listening) return resolvePromise();
    server.close(() => resolvePromise());
    server.closeIdleConnections?.();
    // Keep-alive connections a browser still holds open must not keep the process alive.
    setTimeout(() => server.closeAllConnections?.(), 500).unref();
  });
}

// ---------------------------------------------------------------------------------------------
// Smoke check

const expect = (ok, message) => {
  if (!ok) throw new Error(message);
};

const request = (url, init = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });

async function step(what, fn) {
  try {
    return await fn();
  } catch (err) {
    fail(`smoke: ${what}: ${err && err.message ? err.message : err}`);
  }
}

/** A minimal valid wire-format v1 batch (contract §2): one page_view. */
function smokeBatch(siteUrl) {
  const now = new Date().toISOString();
  const landingPage = `${siteUrl}/`;
  const touch = { source: '(direct)', medium: '(none)', channel: 'Direct', landingPage, ts: now };
  return {
    v: 1,
    sentAt: now,
    sdk: { name: 'leadbeacon-demo-smoke', version: '0.0.0' },
    events: [
      {
        id: `smoke-${randomUUID()}`,
        type: 'page_view',
        name: 'page_view',
        ts: now,
        anonymousId: `smoke-anon-${randomUUID()}`,
        sessionId: `smoke-session-${randomUUID()}`,
        page: { url: landingPage, path: '/', title: 'Saigon Aircon Repair', referrer: '' },
        attribution: { first: touch, last: { ...touch } },
        props: {},
      },
    ],
  };
}

async function smoke({ siteUrl, siteOrigin, collector, adminToken }) {
  const endpoint = `${collector.url}/collect`;
  const auth = { authorization: `Bearer ${adminToken}` };

  await step(`GET ${siteUrl}/`, async () => {
    const res = await request(`${siteUrl}/`);
    expect(res.status === 200, `status ${res.status}`);
    expect(/^text\/html/.test(res.headers.get('content-type') ?? ''), `content-type ${res.headers.get('content-type')}`);
    const html = await res.text();
    expect(!html.includes(PLACEHOLDER), `${PLACEHOLDER} was not replaced`);
    expect(html.includes(`data-endpoint="${endpoint}"`), `the script tag does not point at ${endpoint}`);
    expect(html.includes('src="/leadbeacon.min.js"'), 'no script tag loading /leadbeacon.min.js');
  });

  await step(`GET ${siteUrl}/leadbeacon.min.js`, async () => {
    const res = await request(`${siteUrl}/leadbeacon.min.js`);
    expect(res.status === 200, `status ${res.status}`);
    expect(/^text\/javascript/.test(res.headers.get('content-type') ?? ''), `content-type ${res.headers.get('content-type')}`);
    const served = Buffer.from(await res.arrayBuffer());
    const onDisk = await readFile(join(CORE_DIST, 'leadbeacon.min.js'));
    expect(served.length > 0 && served.equals(onDisk), 'body differs from packages/core/dist/leadbeacon.min.js');
  });

  await step(`POST ${siteUrl}/thanks.html (a native form post)`, async () => {
    const res = await request(`${siteUrl}/thanks.html`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Lan&phone=0901234567&email=lan%40example.com&service=repair&message=',
    });
    expect(res.status === 200, `status ${res.status}`);
    expect(!(await res.text()).includes(PLACEHOLDER), `${PLACEHOLDER} was not replaced`);
  });

  const batch = smokeBatch(siteUrl);
  const id = batch.events[0].id;
  await step(`POST ${endpoint}`, async () => {
    const res = await request(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: siteOrigin },
      body: JSON.stringify(batch),
    });
    const text = await res.text();
    expect(res.ok, `status ${res.status}: ${text.slice(0, 500)}`);
    const allowed = res.headers.get('access-control-allow-origin');
    expect(allowed === siteOrigin || allowed === '*', `CORS: access-control-allow-origin is ${allowed}, not ${siteOrigin}`);
  });

  await step(`GET ${collector.url}/events`, async () => {
    // Newest first, so the check holds however many events earlier demo runs left in the file.
    const res = await request(`${collector.url}/events?type=page_view&order=desc&limit=100`, { headers: auth });
    expect(res.status === 200, `status ${res.status}`);
    const body = await res.json();
    const events = Array.isArray(body) ? body : body && body.events;
    expect(Array.isArray(events), `no events array in ${JSON.stringify(body).slice(0, 200)}`);
    const found = events.find((e) => e && e.id === id);
    expect(found, `event ${id} was accepted but is not listed`);
    expect(found.type === 'page_view' && found.anonymousId === batch.events[0].anonymousId, 'the listed event differs from the one sent');
  });

  await step(`GET ${collector.url}/health`, async () => {
    const res = await request(`${collector.url}/health`);
    expect(res.status === 200, `status ${res.status}`);
  });

  await step(`GET ${collector.url}/dashboard`, async () => {
    const refused = await request(`${collector.url}/dashboard`);
    expect(refused.status === 401, `without the token: status ${refused.status}, not 401`);
    const res = await request(`${collector.url}/dashboard`, { headers: auth });
    expect(res.status === 200, `with the token: status ${res.status}`);
    expect((await res.text()).includes('data-kpi="leads"'), 'no lead figures on the dashboard');
  });
}

// ---------------------------------------------------------------------------------------------

/** Where everything is, and what to try. */
function printWelcome({ siteUrl, collector, adminToken, dbPath, crmPath, sample }) {
  console.log(`
leadbeacon demo is running

  Site (Saigon Aircon Repair)   ${siteUrl}/
  Dashboard (signs you in)      ${collector.url}/login?token=${adminToken}
  Collector live page           ${collector.url}/
  Stored events (JSON)          ${collector.url}/events
  Admin token                   ${adminToken}
  Database                      ${dbPath}
  Sample CRM export             ${relativeToRoot(crmPath)}

${sample.seeded ? `Seeded ${sample.made.toISOString().slice(0, 10)}: 30 days of sample visits and leads.` : `Sample data from ${sample.made.toISOString().slice(0, 10)} (delete ${relativeToRoot(dbPath)} to start afresh).`}
Open the site, submit the booking form, click the phone, email, Zalo or WhatsApp links,
and watch the events arrive on the live page and the leads on the dashboard. To import the
CRM's outcomes and export them for Google Ads and Meta, follow packages/collector/README.md
("The loop, step by step"). Press Ctrl+C to stop.
`);
}

/** Ctrl+C (or SIGTERM) stops both servers; a second one, or a stop that hangs for 5 s, exits at once. */
function stopOnSignals(stop, isStopping) {
  const onSignal = (signal) => {
    if (isStopping()) {
      console.log(`demo: ${signal} again, exiting now`);
      process.exit(1);
    }
    console.log(`\ndemo: ${signal}, stopping…`);
    setTimeout(() => {
      console.error('demo: did not stop within 5 s, exiting');
      process.exit(1);
    }, 5000).unref();
    stop().then(
      () => {
        console.log('demo: stopped');
        process.exit(0);
      },
      (err) => {
        console.error(`demo: error while stopping: ${err && err.message ? err.message : err}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const sitePort = portFromEnv('SITE_PORT', 8080);
  const collectorPort = portFromEnv('COLLECTOR_PORT', 8787);
  const dbPath = dbPathFromEnv();
  const adminToken = adminTokenFromEnv();
  const crmPath = crmPathFromEnv();
  const log = opts.smoke ? () => {} : (line) => console.log(line);

  if (opts.build) build();
  const createCollector = await loadCollector();

  let collector;
  let stopping;
  const site = createSiteServer({ endpoint: () => (collector ? `${collector.url}/collect` : PLACEHOLDER), log, crmPath });
  const stop = () =>
    (stopping ??= Promise.allSettled([closeServer(site), collector ? collector.close() : undefined]).then((results) => {
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }));

  try {
    // The site first: with SITE_PORT=0 its origin (for the collector's CORS list) is known only now.
    const siteActualPort = await listen(site, sitePort, 'SITE_PORT');
    const siteUrl = `http://${HOST}:${siteActualPort}`;
    const siteOrigins = [siteUrl, `http://localhost:${siteActualPort}`];
    collector = await startCollector(createCollector, {
      port: collectorPort,
      dbPath,
      corsOrigins: siteOrigins,
      adminToken,
      log: (line) => log(`collector: ${line}`),
    });
    const sample = await seedSample({ store: collector.store, dbPath, crmPath, timeZone: TIME_ZONE });

    if (opts.smoke) {
      await smoke({ siteUrl, siteOrigin: siteUrl, collector, adminToken });
      await stop();
      console.log('demo smoke ok');
      return 'smoke-ok';
    }

    printWelcome({ siteUrl, collector, adminToken, dbPath, crmPath, sample });
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }

  stopOnSignals(stop, () => stopping !== undefined);
}

main().then(
  (outcome) => {
    // In demo mode the servers keep the process alive; a finished smoke run must not linger.
    if (outcome === 'smoke-ok') process.exit(0);
  },
  (err) => {
    console.error(err instanceof DemoError ? `demo: ${err.message}` : err);
    process.exit(1);
  },
);
