/**
 * Finds a Chromium for the browser tests and launches it headless through playwright-core.
 *
 * Order: CHROME_PATH; a Chrome or Chromium installed on the machine (Debian, Ubuntu, Google's
 * packages, snap, macOS); then the Chromium that ships inside the npm package @sparticuz/chromium
 * (a dev dependency: its binary is in the tarball, so nothing is downloaded at install or run time;
 * Linux x64 only). `LEADBEACON_BROWSER=npm` skips the first two, to prove the fallback.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, LaunchOptions } from 'playwright-core';
import { extractNpmChromium, npmChromiumSupported, type NpmChromium } from './npm-chromium';

export const SYSTEM_BROWSERS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export interface FoundBrowser {
  executablePath: string;
  /** Where it came from: `CHROME_PATH`, `system` or `npm` (@sparticuz/chromium). */
  origin: 'CHROME_PATH' | 'system' | 'npm';
  /** Environment the browser needs (the npm build brings its own fontconfig). */
  env: Record<string, string>;
}

export interface FindOptions {
  /** System locations to look at, in order (tests pass their own). */
  candidates?: readonly string[];
  /** `npm`: use the npm package's Chromium even when another is installed. */
  prefer?: 'npm';
  /** Unpacks the npm package's Chromium; tests pass one that fails. */
  npmChromium?: () => Promise<NpmChromium>;
}

const INSTALL_HINT =
  'Browser tests need one. `npm install` normally brings @sparticuz/chromium (Linux x64) for this; ' +
  'or install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: Google Chrome), ' +
  'or set CHROME_PATH=/path/to/chrome-or-chromium.';

/** The browser the tests will drive; throws a message that says how to get one. */
export async function findChromium(options: FindOptions = {}): Promise<FoundBrowser> {
  const preferNpm = options.prefer === 'npm' || process.env.LEADBEACON_BROWSER === 'npm';
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && !preferNpm) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist`);
    return { executablePath: fromEnv, origin: 'CHROME_PATH', env: {} };
  }
  const candidates = options.candidates ?? SYSTEM_BROWSERS;
  const installed = preferNpm ? undefined : candidates.find((path) => existsSync(path));
  if (installed) return { executablePath: installed, origin: 'system', env: {} };
  if (!npmChromiumSupported()) {
    throw new Error(`No Chromium found (looked at ${candidates.join(', ')}; the npm Chromium runs on Linux x64 only). ${INSTALL_HINT}`);
  }
  try {
    const unpacked = await (options.npmChromium ?? extractNpmChromium)();
    return { executablePath: unpacked.executablePath, origin: 'npm', env: unpacked.env };
  } catch (error) {
    throw new Error(
      `No Chromium found (looked at ${candidates.join(', ')}), and the npm Chromium could not be unpacked: ${String(error)}. ${INSTALL_HINT}`,
      { cause: error },
    );
  }
}

/**
 * Flags every browser test needs. The npm package's own defaults are for serverless functions
 * (single process, web security off); we pass ours instead, the same for every browser.
 * The background-networking flags keep Chromium from calling Google's hosts, which a closed
 * network refuses many times a second.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Runs first in every page of every context of a system Chromium: cancels the browser's own
 * handling of a link to another application (tel:, mailto:, sms:, whatsapp:), in the window's
 * capture phase, so before any listener that could stop the click. New headless Chromium
 * (Debian's 156) answers such a navigation with a tab-modal "Open xdg-open?" dialog that swallows
 * every later click and key press on the page. The headless shell inside `@sparticuz/chromium`
 * shows none, so it gets no such script: `npm test`'s second pass over the delivery and click
 * tests on that build keeps the real navigation to tel: and mailto: covered. The tracker reads
 * `defaultPrevented` for web links only, so both kinds of run see the same leads.
 */
export const NO_APP_DIALOGS = `(function () {
  function keepOnPage(e) {
    var path = e.composedPath();
    for (var i = 0; i < path.length; i++) {
      var el = path[i];
      if ((el.localName === 'a' || el.localName === 'area') && el.hasAttribute('href')) {
        if (!/^(https?|javascript|about|blob|data|file):/i.test(el.href)) e.preventDefault();
        return;
      }
    }
  }
  addEventListener('click', keepOnPage, true);
  addEventListener('auxclick', keepOnPage, true);
})();`;

/** Every context the browser makes (browser.newPage makes one too) gets NO_APP_DIALOGS. */
function withoutAppDialogs(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addInitScript(NO_APP_DIALOGS);
    return context;
  };
  return browser;
}

let found: Promise<FoundBrowser> | undefined;

/** The found browser, looked up once per process. */
export function foundChromium(): Promise<FoundBrowser> {
  found ??= findChromium();
  return found;
}

/**
 * Headless Chromium through playwright-core. Extra `options.args` are appended to the defaults.
 * With LEADBEACON_BROWSER_REPORT set to a file, each launch appends a line `<origin> <version>`
 * to it, so the test runner can prove which browser a run used.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const found: Pick<FoundBrowser, 'executablePath' | 'env'> & { origin?: FoundBrowser['origin'] } = options.executablePath
    ? { executablePath: options.executablePath, env: {} }
    : await foundChromium();
  const browser = await chromium.launch({
    headless: true,
    ...options,
    executablePath: found.executablePath,
    env: { ...process.env, ...found.env, ...options.env } as Record<string, string>,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  if (found.origin !== 'npm') withoutAppDialogs(browser);
  const report = process.env.LEADBEACON_BROWSER_REPORT;
  if (report) appendFileSync(report, `${found.origin ?? 'given'} ${browser.version()} ${found.executablePath}\n`);
  return browser;
}
