/**
 * One site + fault proxy + real collector + Chromium for a browser test file.
 * The site (127.0.0.1:A) posts cross-origin to the proxy (127.0.0.1:B) in front of the collector.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  serveStatic,
  startCollector,
  startFaultProxy,
  type FaultProxy,
  type RouteHandler,
  type StaticServer,
  type TestCollector,
} from '@leadbeacon/test-utils';
import { WARNINGS_URL } from '../src/warnings';

const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SCRIPT = DIST + 'leadbeacon.min.js';
const DEBUG_SCRIPT = DIST + 'leadbeacon.debug.js';
const STUB = readFileSync(PAGES + 'stub.html', 'utf8');

/** The script tag's built files: leadbeacon.min.js and the lazy files beside it. */
export function scriptFiles(): Record<string, string> {
  const names = readdirSync(DIST).filter((f) => /^leadbeacon(-[a-z]+)?\.min\.js$/.test(f));
  return Object.fromEntries(names.map((f) => [f, readFileSync(DIST + f, 'utf8')]));
}

export interface Env {
  collector: TestCollector;
  proxy: FaultProxy;
  site: StaticServer;
  browser: Browser;
  endpoint: string;
  /** A fresh browser profile: its own localStorage, like a new visitor. */
  context(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** `routes`: extra routes of the site for one test file (served before files, beside the built-in ones). */
export async function startEnv(routes: Record<string, RouteHandler> = {}): Promise<Env> {
  const collector = await startCollector();
  const proxy = await startFaultProxy({ target: collector.url });
  const endpoint = proxy.url + '/collect';
  let script: string;
  let debugScript: string;
  try {
    script = readFileSync(SCRIPT, 'utf8');
    debugScript = readFileSync(DEBUG_SCRIPT, 'utf8');
  } catch {
    throw new Error(`${SCRIPT} or ${DEBUG_SCRIPT} is missing: run \`npm run build\` first`);
  }
  const files = scriptFiles();
  const js = (body: string) => (res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  // Every built file at the root, as a site hosts them side by side; under /slow/ the same after 400 ms.
  const served: Record<string, RouteHandler> = {};
  for (const [name, body] of Object.entries({ ...files, 'leadbeacon.min.js': script, 'leadbeacon.debug.js': debugScript })) {
    served[`GET /${name}`] = (_req, res) => js(body)(res);
    served[`GET /slow/${name}`] = async (_req, res) => {
      await new Promise((r) => setTimeout(r, 400));
      js(body)(res);
    };
  }
  const site = await serveStatic(PAGES, {
    transformHtml: (html) => html.replace('<!--STUB-->', STUB).replaceAll('__ENDPOINT__', endpoint),
    routes: {
      // The script (and under /slow/, arriving late so the page's calls queue in the stub first).
      ...served,
      'POST /thanks.html': (_req, res) => {
        res.writeHead(303, { location: '/thanks.html' });
        res.end();
      },
      'POST /api/contact': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
      ...routes,
    },
  });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    collector,
    proxy,
    site,
    browser,
    endpoint,
    async context() {
      const c = await browser.newContext();
      contexts.push(c);
      return c;
    },
    async close() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close();
      await Promise.allSettled([site.close(), proxy.close(), collector.close()]);
    },
  };
}

/** Console warnings and page errors, so a test can assert the page was never broken. */
export function watch(page: Page) {
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { warnings, errors };
}

/**
 * The console line of warning `code` from the production script (leadbeacon.min.js): the code,
 * the link that explains it, then the warning's arguments, which `args` (a RegExp source) matches
 * when given.
 */
export function warningLine(code: number, args?: string): RegExp {
  const link = (WARNINGS_URL + code).replace(/[.?/]/g, '\\$&');
  return new RegExp(`^\\[leadbeacon\\] W${code} ${link}${args === undefined ? '(?: [\\s\\S]*)?$' : ` ${args}$`}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How long a test waits, after what it expects has arrived, for anything that should not (a
 * doubled lead, a late retry). At least a second: these tests run on busy 2-core machines.
 */
export const SETTLE_MS = 1000;

/** Waits SETTLE_MS: anything doubled or late would arrive meanwhile. */
export const settleTime = () => sleep(SETTLE_MS);

/** A new page at `path` once its tracker has stored the visitor: the page, its watch and the visitor's anonymous id. */
export async function openPage(env: Env, path: string) {
  const page = await (await env.context()).newPage();
  const seen = watch(page);
  await page.goto(env.site.url + path);
  await page.waitForFunction(() => !!localStorage.getItem('lb'));
  const aid = await page.evaluate(() => JSON.parse(localStorage.getItem('lb')!).a as string);
  return { page, seen, aid };
}

/** Event ids in the request bodies the proxy received (POST /collect); with `answeredBy`, only of those it answered in that mode. */
export function idsPerRequest(proxy: FaultProxy, answeredBy?: string): string[][] {
  return proxy.requests
    .filter((r) => r.method === 'POST' && (answeredBy === undefined || r.answer?.mode === answeredBy))
    .map((r) => {
      try {
        return (JSON.parse(r.body) as { events: { id: string }[] }).events.map((e) => e.id);
      } catch {
        return [];
      }
    });
}
