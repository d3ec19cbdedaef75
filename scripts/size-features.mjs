#!/usr/bin/env node
// `npm run size:features`: what each feature costs in the script-tag build and in `leadbeacon/core` + forms().
// Fails when README's features block differs from what it measures; `-- --write` rewrites that block.
// Builds each bundle once whole and once per feature with that feature's module(s) replaced by an
// inert stand-in (same exports, no behaviour), and prints the brotli bytes the feature adds. The
// stand-ins exist only inside this measurement and never ship.
// Bundled with esbuild (minified, ES2019, dynamic imports inlined); shipped sizes (rollup + terser) are in `npm run size`.
// Three columns: the script with every optional feature in one file (what each would cost every page:
// the measure for choosing the lazy files), leadbeacon.min.js as shipped (lazy features cost it
// nothing), and `leadbeacon/core` + forms() through a bundler (lazy features are chunks of their own).
import * as esbuild from 'esbuild';
import { readmeBlock, SIZE_DOC } from './size.mjs';
import { brotliCompressSync, constants } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages/core/src');
const noop = (name) => `export function ${name}() { return { name: '${name}', setup() {} }; }`;

/** Feature -> { module path under src (no extension): stand-in source }. */
export const FEATURES = {
  'forms (submissions, evidence from requests, plugins, hashing)': {
    'detectors/forms': `${noop('forms')}\nexport const formId = () => ''; export const fieldNames = () => []; export const isLeadForm = () => false;`,
  },
  'form plugins (CF7, Elementor, WPForms, Gravity, HubSpot signals)': {
    'detectors/forms/plugins': 'export const watchPlugins = () => ({ hook() {}, off() {} });',
  },
  'enhanced-conversion hashing': {
    'detectors/forms/hashing':
      'export const watchHashes = () => ({ read: () => undefined, withHashes: (v, l, send) => send({}), off() {} });',
    'privacy/hash':
      "export const normalizeEmail = (s) => s; export const normalizePhone = (s) => s; export const sha256Hex = async () => '';",
  },
  'hidden fields (lazy: data-fill-fields, fillFields; lb_lead_id and the ids into lead forms)': {
    'detectors/forms/fields': 'export const watchFields = () => ({ fill: () => undefined, spent() {}, off() {} });',
  },
  'chat widgets (11 providers)': {
    'detectors/chat/hooks': `export const allWidgets = []; ${noop('chatWidgets')}`,
    'detectors/chat/lazy': noop('lazyChatWidgets'),
  },
  'chat links (WhatsApp, Zalo, Messenger, …)': {
    'detectors/chat/links': `${noop('chatLinks')}\nexport const chatLinkProps = () => undefined;`,
  },
  'copied phone numbers and emails': {
    'detectors/copy': `${noop('copies')}\nexport const copiedContact = () => undefined;`,
  },
  'data-leadbeacon-event elements (cta)': { 'detectors/cta': noop('cta') },
  'GA4 channel classification (lazy: data-channel, channel: true; the collector names it anyway)': {
    'attribution/channel': "export const classifyChannel = () => 'Unassigned';",
  },
  'URL scrubbing (PII in query strings)': { 'privacy/scrub': 'export const scrubUrl = (href) => href;' },
  'forwarding to gtag / Meta Pixel / dataLayer': { forward: 'export function forward() {}' },
  'Google Consent Mode': {
    'privacy/consent':
      "export const ALL_GRANTED = { analytics: 'granted', ads: 'granted' };\n" +
      "export function applyConsent(b, i) { return i === 'granted' || i === 'denied' || i === 'pending' ? { analytics: i, ads: i } : typeof i === 'object' && i ? { ...b, ...i } : null; }\n" +
      'export const consentModeUpdates = () => [];',
  },
  'page views (load and SPA navigations)': {
    'detectors/page-views': `export const pageViews = () => ({ name: 'page_views', check() {}, setup() {} });`,
  },
  'first/last touch (UTM tags, referrer, click ids: the facts)': {
    'attribution/touch':
      "export const landingTouch = () => null; export const campaignKey = () => '';\n" +
      'export const directTouch = (landingPage, ts) => ({ landingPage, ts });',
  },
  'config validation (a warning for each bad key: its code and the key)': {
    config:
      'export const CORE_OPTIONS = {};\n' +
      'export const optionKind = (o, k) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);\n' +
      "export const resolveConfig = (i) => (i && i.endpoint ? { consent: 'granted', batchDelay: 5000, maxQueueEvents: 500, maxQueueBytes: 5e5, sessionTimeout: 30, pageViews: true, debug: false, detectors: [], values: {}, firstTouchDays: 90, referrerExclusions: [], scrubParams: [], respectGpc: true, consentMode: true, ...i } : null);",
  },
  'one sender across tabs (Web Locks leader, storage lease, adopting queues)': {
    'queue/tabs': 'export const createTabs = () => undefined;',
    'queue/adopt': 'export const ABANDONED_MS = 0, ADOPT_GRACE_MS = 0; export async function adoptOthers() {}',
  },
};

/**
 * The script with every optional feature bundled into it, as if nothing were lazy: what each
 * feature would cost every page. The lazy files' loader is swapped for one that has them all
 * (web vitals stay out: they were always lazy).
 */
const ONE_FILE = {
  'features/script-files':
    "import * as chat from '../detectors/chat/hooks'; import * as plugins from '../detectors/forms/plugins';\n" +
    "import * as hashing from '../detectors/forms/hashing'; import * as forwarding from '../forward';\n" +
    "import * as channel from '../attribution/interpret'; import * as fields from '../detectors/forms/fields';\n" +
    'export const scriptFiles = () => ({ load: (name, use) => use({ chat, plugins, hashing, forwarding, channel, fields }[name]), destroy() {} });',
};

const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

export const ENTRIES = {
  script: { entryPoints: [join(SRC, 'cdn.ts')], stubs: ONE_FILE },
  'leadbeacon.min.js': { entryPoints: [join(SRC, 'cdn.ts')] },
  'core + forms()': {
    stdin: {
      contents: "import { createTracker, forms } from './core';\ncreateTracker({ endpoint: '/e', detectors: [forms()] });\n",
      resolveDir: SRC,
      loader: 'ts',
    },
  },
};

export async function build({ stubs: base = {}, ...entry }, more = {}) {
  const stubs = { ...base, ...more };
  const plugin = {
    name: 'stand-ins',
    setup(b) {
      // A dynamic import is a chunk of its own, loaded only when used: not part of the bundle measured.
      b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const rel = args.path.slice(SRC.length + 1).replace(/\.ts$/, '');
        return rel in stubs ? { contents: stubs[rel], loader: 'ts' } : undefined;
      });
    },
  };
  const r = await esbuild.build({
    ...entry,
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: false,
    target: 'es2019',
    write: false,
    logLevel: 'error',
    // As shipped: no debug logging, warnings as codes (a production build drops their texts).
    define: { __DEBUG__: 'false', __VERSION__: '"0.0.0"', 'process.env.NODE_ENV': '"production"' },
    plugins: [plugin],
  });
  return br(r.outputFiles[0].contents);
}

/** The table, as printed and as README quotes it between the features markers. */
export async function table() {
  const names = Object.keys(ENTRIES);
  const whole = {};
  for (const n of names) whole[n] = await build(ENTRIES[n]);
  const out = [
    `| feature | ${names.map((n) => `${n} (${whole[n].toLocaleString('en')} B brotli whole)`).join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|`,
  ];
  for (const [feature, stubs] of Object.entries(FEATURES)) {
    const cells = [];
    for (const n of names) {
      const d = whole[n] - (await build(ENTRIES[n], stubs));
      cells.push(d > 0 ? `${d.toLocaleString('en')} B` : '—');
    }
    out.push(`| ${feature} | ${cells.join(' | ')} |`);
  }
  // What is left with every feature above inert: the tracker's own core (events, queue, delivery, storage, identity, consent).
  const all = Object.assign({}, ...Object.values(FEATURES));
  const rest = [];
  for (const n of names) rest.push(`${(await build(ENTRIES[n], all)).toLocaleString('en')} B left`);
  out.push(`| every feature above inert | ${rest.join(' | ')} |`);
  out.push(
    '',
    'Bytes each feature adds: the bundle minus the same bundle with that feature inert (esbuild, minified, brotli',
    'quality 11; within a few % of the shipped figures, which `npm run size` measures). "script": every optional',
    'feature bundled into one file; `leadbeacon.min.js`: as shipped, with the lazy files apart.',
  );
  return out.join('\n');
}

export const START = '<!-- features:start -->';
export const END = '<!-- features:end -->';
const README = SIZE_DOC;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await table();
  console.log(text);
  const readme = readFileSync(README, 'utf8');
  const quoted = readmeBlock(readme, START, END);
  const block = `${START}\n${text}\n${END}`;
  if (process.argv.includes('--write')) {
    if (quoted === null) throw new Error(`README has no ${START} … ${END} block`);
    writeFileSync(
      README,
      readme.replace(quoted, () => block),
    );
    console.log('\nwrote the features block to docs/size-and-speed.md');
  } else if (quoted !== block) {
    console.error('\nREADME quotes other feature costs than measured: run `npm run size:features -- --write`');
    process.exitCode = 1;
  }
}
