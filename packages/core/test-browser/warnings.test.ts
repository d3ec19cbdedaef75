/**
 * The two script-tag builds, in Chromium: leadbeacon.min.js gives each warning as a code, a link
 * and its arguments; leadbeacon.debug.js, which a developer swaps in, explains each in words (and
 * keeps `data-debug` logging). Same page, same bad options, same events recorded.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_NOT_JSON,
  BAD_CONFIG_VALUE,
  BAD_CONSENT,
  CURRENCY_DROPPED,
  NO_ENDPOINT,
  TEXTS,
  TRACK_WITHOUT_NAME,
  UNKNOWN_ATTRIBUTE,
  UNKNOWN_COMMAND,
  UNKNOWN_CONFIG_KEY,
} from '../src/warnings';
import { settleTime, startEnv, warningLine, type Env } from './env';

const STUB = readFileSync(fileURLToPath(new URL('./pages/stub.html', import.meta.url)), 'utf8');

/** A page with a misspelt attribute, a number and a JSON attribute that are none, and bad calls queued before the script. */
const page = (script: string, endpoint: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bad options</title>${STUB}
<script>
  leadbeacon('track');
  leadbeacon('destroy');
  leadbeacon('consent', 'maybe');
  leadbeacon('track', 'quote', { value: 10, currency: 'dollars' });
</script>
<script async src="/${script}" data-endpoint="${endpoint}" data-endpiont="typo" data-batch-delay="soon" data-headers="{not json" data-debug></script>
</head><body></body></html>`;

let env: Env;
beforeAll(async () => {
  env = await startEnv({
    'GET /blank.html': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A site</title></head><body></body></html>');
    },
    'GET /bad-options.html': (req, res) => {
      const debug = new URL(req.url!, 'http://x').searchParams.has('debug');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(debug ? 'leadbeacon.debug.js' : 'leadbeacon.min.js', env.endpoint));
    },
  });
});
afterAll(() => env?.close());

/** Opens the page with one build, as a new visitor: its console's warnings and debug lines (ours), and the events stored. */
async function visit(debug: boolean) {
  const tab = await (await env.context()).newPage();
  const warnings: string[] = [];
  const debugLines: string[] = [];
  const errors: string[] = [];
  tab.on('console', (m) => {
    if (!m.text().startsWith('[leadbeacon]')) return;
    if (m.type() === 'warning') warnings.push(m.text());
    if (m.type() === 'debug') debugLines.push(m.text());
  });
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`${env.site.url}/bad-options.html${debug ? '?debug' : ''}`);
  await tab.waitForFunction(() => !!localStorage.getItem('lb'));
  const aid = await tab.evaluate(() => JSON.parse(localStorage.getItem('lb')!).a as string);
  await tab.evaluate(() => (window as unknown as { leadbeacon: (c: string) => void }).leadbeacon('flush'));
  const mine = <E extends { anonymousId: string }>(es: E[]) => es.filter((e) => e.anonymousId === aid);
  await env.collector.waitForEvents((es) => mine(es).length >= 2, { timeout: 15_000 });
  await settleTime();
  const events = mine(await env.collector.events()).map((e) => [e.type, e.name, e.currency]);
  return { warnings, debugLines, errors, events };
}

/** The warnings the page causes, in order: each code and its arguments (as the console shows them). */
const EXPECTED: [code: keyof typeof TEXTS, text: string, args: string][] = [
  [UNKNOWN_ATTRIBUTE, 'unknown script attribute "data-endpiont" ignored', 'data-endpiont'],
  [ATTRIBUTE_NOT_JSON, 'script attribute "data-headers" is not valid JSON; ignored', 'data-headers'],
  [BAD_CONFIG_VALUE, 'config "batchDelay" must be number >= 0, got NaN; using the default', 'batchDelay number >= 0 NaN'],
  [
    BAD_CONFIG_VALUE,
    'config "consent" must be "granted", "denied", "pending" or { analytics, ads }, got "maybe"; using the default',
    'consent "granted", "denied", "pending" or { analytics, ads } "maybe"',
  ],
  [TRACK_WITHOUT_NAME, 'track(name, props?) needs a name', ''],
  [UNKNOWN_COMMAND, 'unknown command "destroy"', 'destroy'],
  [BAD_CONSENT, 'consent must be "granted", "denied", "pending" or { analytics, ads }, got "maybe"', '"maybe"'],
  [CURRENCY_DROPPED, 'event "quote": currency "dollars" is not allowed; sent without it', 'quote dollars'],
];

describe('leadbeacon.min.js and leadbeacon.debug.js', () => {
  it('the debug build explains each bad option and call where the production build gives its code; both record the same', async () => {
    const [min, debug] = [await visit(false), await visit(true)];
    expect(debug.warnings).toEqual(EXPECTED.map(([, text]) => `[leadbeacon] ${text}`));
    expect(min.warnings).toHaveLength(EXPECTED.length);
    EXPECTED.forEach(([code, , args], i) => {
      const escaped = args.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(min.warnings[i]).toMatch(warningLine(code, args ? escaped : undefined));
    });
    // No text of any warning reaches the console from the production build.
    const texts = Object.values(TEXTS)
      .map((t) => t.split('{')[0]!.trim())
      .filter((t) => t.length > 12);
    expect(min.warnings.filter((w) => texts.some((t) => w.includes(t)))).toEqual([]);
    // data-debug: the debug build logs each event; the production build has no debug logging.
    expect(debug.debugLines.length).toBeGreaterThan(0);
    expect(min.debugLines).toEqual([]);
    expect(min.events).toEqual([
      ['page_view', 'page_view', undefined],
      ['custom', 'quote', undefined],
    ]);
    expect(debug.events).toEqual(min.events);
    expect([...min.errors, ...debug.errors]).toEqual([]);
  });
});

describe('the npm package where no bundler replaced process.env.NODE_ENV', () => {
  it('runs on a page without `process` (rollup without the replace plugin) and gives codes', async () => {
    const bundle = await rollup({
      input: 'site',
      plugins: [
        {
          name: 'site',
          resolveId: (id) => (id === 'site' ? id : null),
          load: (id) =>
            id === 'site' ? "import { createTracker } from 'leadbeacon/core';\nwindow.createTracker = createTracker;\n" : null,
        },
        nodeResolve({ rootDir: fileURLToPath(new URL('../../..', import.meta.url)) }),
      ],
      onwarn: () => {},
    });
    const { output } = await bundle.generate({ format: 'iife', inlineDynamicImports: true });
    await bundle.close();
    expect(output[0].code).toContain('process.env.NODE_ENV');
    const tab = await (await env.context()).newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    tab.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(env.site.url + '/blank.html');
    await tab.addScriptTag({ content: output[0].code });
    const started = await tab.evaluate(() => {
      const w = window as unknown as { process?: unknown; createTracker(config: unknown): { flush(): unknown } };
      return { process: typeof w.process, tracker: typeof w.createTracker({ colour: 'red' }).flush };
    });
    expect(started).toEqual({ process: 'undefined', tracker: 'function' });
    expect(warnings).toEqual([
      expect.stringMatching(warningLine(UNKNOWN_CONFIG_KEY, 'colour')),
      expect.stringMatching(warningLine(NO_ENDPOINT)),
    ]);
    expect(errors).toEqual([]);
  });
});
