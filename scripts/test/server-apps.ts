/**
 * What the tests of real server-rendered apps (examples/sveltekit, examples/nextjs) share: the app
 * started as its host starts it, and visitors in headless Chromium whose events are read back from
 * the real collector.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StoredEvent } from '@leadbeacon/collector';
import { freePort, launchChromium, startCollector, type TestCollector } from '@leadbeacon/test-utils';

/** The example apps' site name, and a page's title as their pages set it. */
export const SITE_TITLE = 'Saigon Aircon Repair';
export const titleOf = (page: string) => `${page} · ${SITE_TITLE}`;

interface ServerApp {
  url: string;
  /** SIGTERM, resolved once it has exited. */
  stop(): Promise<void>;
}

interface ServerAppOptions {
  /** For errors: "the SvelteKit app". */
  name: string;
  cwd: string;
  /** The command line (after `node`) and extra environment, for the free 127.0.0.1 port it gets. */
  command(port: number): { args: string[]; env: Record<string, string> };
  /** What it prints once it listens. */
  ready: string;
}

/** Starts the app with `node` on a free port, resolved once it says it is ready (30 s at most). */
async function startServerApp(o: ServerAppOptions): Promise<ServerApp> {
  const port = await freePort();
  const { args, env } = o.command(port);
  const child = spawn('node', args, { cwd: o.cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${o.name} did not start:\n${out}`)), 30_000);
    const read = (d: Buffer) => {
      out += d;
      if (out.includes(o.ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`${o.name} exited with ${code}:\n${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Visitors of `appUrl`, each with its own storage, and their events as the collector stored them. */
function visitors(browser: () => Browser, collector: () => TestCollector, appUrl: () => string) {
  /** A new visitor on a fresh page, with page errors, failed responses and console warnings collected. */
  async function visit(path: string) {
    const page = await (await browser().newContext()).newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
    await page.goto(appUrl() + path);
    return { page, problems };
  }

  /** This visitor's events so far, in the order they happened (none before the tracker has started). */
  async function eventsOf(page: Page): Promise<StoredEvent[]> {
    const aid = await page.evaluate(() => JSON.parse(localStorage.getItem('lb') || '{}').a as string | undefined);
    if (!aid) return [];
    const events = await collector().events();
    return events.filter((e) => e.anonymousId === aid).sort((a, b) => a.ts.localeCompare(b.ts) || a.seq - b.seq);
  }

  /** Waits until `until` holds for this visitor's events, then 1.5 s more: anything doubled would arrive meanwhile. */
  async function settledEvents(page: Page, until: (events: StoredEvent[]) => boolean) {
    for (let deadline = Date.now() + 15_000; !until(await eventsOf(page)); await sleep(100)) {
      if (Date.now() > deadline) {
        const seen = (await eventsOf(page)).map((e) => `${e.type} ${e.page.path} ${JSON.stringify(e.page.title)}`);
        throw new Error(`the expected events did not arrive; this visitor's events: ${JSON.stringify(seen)}`);
      }
    }
    await sleep(1500);
    return eventsOf(page);
  }

  return { visit, eventsOf, settledEvents };
}

export interface AppSuiteOptions extends Omit<ServerAppOptions, 'command'> {
  /** A file the app's build writes: without it the suite says how to build. */
  built: string;
  /** The command line and environment for its port, with the collector's endpoint to post to. */
  command(port: number, endpoint: string): { args: string[]; env: Record<string, string> };
}

/**
 * Registers the suite's set-up (the real collector, the built app pointed at it, Chromium) and
 * tear-down, and returns the app's URL and its visitors' helpers.
 */
export function serverAppSuite(o: AppSuiteOptions) {
  let browser: Browser;
  let collector: TestCollector;
  let app: ServerApp;
  beforeAll(async () => {
    if (!existsSync(o.built)) throw new Error(`${o.built} is missing: run \`npm run build && npm run build:examples\` first`);
    collector = await startCollector();
    app = await startServerApp({ ...o, command: (port) => o.command(port, collector.url + '/collect') });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await collector?.close();
  });
  return {
    url: () => app.url,
    ...visitors(
      () => browser,
      () => collector,
      () => app.url,
    ),
  };
}

type Suite = Pick<ReturnType<typeof serverAppSuite>, 'visit' | 'settledEvents'>;

/**
 * The scenario both apps share: a visitor goes from `/` to `/services` to `/contact` by the
 * router's links; each page view must carry its own page's title (routers set it after
 * pushState), and the document must stay (client-side navigations).
 */
export async function navigationTitles(suite: Suite) {
  // Hydrated first (its page view stored): a click before hydration is a full page load, as it
  // was once in a full `npm test` on a loaded machine.
  const { page, problems } = await hydratedVisit(suite, '/', 'Aircon not cooling');
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.click('nav a[href="/services"]');
  await page.locator('h1', { hasText: 'Services' }).waitFor();
  await page.click('nav a[href="/contact"]');
  await page.locator('h1', { hasText: 'Contact us' }).waitFor();
  await page.waitForFunction((title) => document.title === title, titleOf('Contact'));
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  const events = await suite.settledEvents(page, (es) => es.some((e) => e.type === 'page_view' && e.page.path === '/contact'));
  expect(events.map((e) => [e.type, e.page.path, e.page.title])).toEqual([
    ['page_view', '/', SITE_TITLE],
    ['page_view', '/services', titleOf('Services & prices')],
    ['page_view', '/contact', titleOf('Contact')],
  ]);
  expect(problems).toEqual([]);
}

/** A new visitor on `path` once the app has hydrated: its heading shown and the tracker's page view stored. */
export async function hydratedVisit(suite: Suite, path: string, heading: string) {
  const visitor = await suite.visit(path);
  await visitor.page.locator('h1', { hasText: heading }).waitFor();
  await suite.settledEvents(visitor.page, (es) => es.some((e) => e.type === 'page_view'));
  return visitor;
}

/** What both apps' contact form is filled with: none of it may reach the collector. */
export const CONTACT_VALUES = { name: 'Tran Thi B', email: 'tran.b@example.com', message: 'Unit leaks water' };

/** The contact form's one lead after its page view: what the form is (`props`), never what was typed. */
export function expectContactLead(events: StoredEvent[], props: Record<string, unknown>) {
  expect(events.map((e) => `${e.type} ${e.page.path}`)).toEqual(['page_view /contact', 'form_submit /contact']);
  const form = events[1]!;
  expect(form.props).toMatchObject({ formId: 'contact', method: 'post', via: 'script', ...props });
  expect([...(form.props.fieldNames as string[])].sort()).toEqual(['email', 'message', 'name']);
  const raw = JSON.stringify(events);
  for (const value of Object.values(CONTACT_VALUES)) expect(raw).not.toContain(value);
}
