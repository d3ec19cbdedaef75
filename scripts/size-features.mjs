#!/usr/bin/env node
// `npm run size:features`: what each feature costs in the script-tag build and in `leadbeacon/core` + forms().
// Builds each bundle once whole and once per feature with that feature's module(s) replaced by an
// inert stand-in (same exports, no behaviour), and prints the brotli bytes the feature adds. The
// stand-ins exist only inside this measurement: nothing here ships or runs in a test.
// Bundled with esbuild (minified, IIFE, ES2019); shipped sizes (rollup + terser) are in `npm run size`.
import * as esbuild from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages/core/src');
const noop = (name) => `export function ${name}() { return { name: '${name}', setup() {} }; }`;

/** Feature -> { module path under src (no extension): stand-in source }. */
export const FEATURES = {
  'forms (AJAX requests, plugins, enhanced-conversion hashing)': {
    'detectors/forms': `${noop('forms')}\nexport const formId = () => ''; export const fieldNames = () => []; export const isLeadForm = () => false;`,
  },
  'enhanced-conversion hashing only': {
    'privacy/hash': "export const normalizeEmail = (s) => s; export const normalizePhone = (s) => s; export const sha256Hex = async () => '';",
  },
  'chat widgets (11 providers)': {
    'detectors/chat/widget': `${noop('chatWidgets')}\nexport const simple = () => ({});`,
    'detectors/chat/all': 'export const allWidgets = [];',
  },
  'chat links (WhatsApp, Zalo, Messenger, …)': {
    'detectors/chat/links': `${noop('chatLinks')}\nexport const chatLinkProps = () => undefined;`,
  },
  'copied phone numbers and emails': {
    'detectors/copy': `${noop('copies')}\nexport const copiedContact = () => undefined;`,
  },
  'data-leadbeacon-event elements (cta)': { 'detectors/cta': noop('cta') },
  'GA4 channel classification': { 'attribution/channel': "export const classifyChannel = () => 'Unassigned';" },
  'URL scrubbing (PII in query strings)': { 'privacy/scrub': 'export const scrubUrl = (href) => href;' },
  'forwarding to gtag / Meta Pixel / dataLayer': { forward: 'export function forward() {}' },
  'Google Consent Mode': {
    'privacy/consent':
      "export const ALL_GRANTED = { analytics: 'granted', ads: 'granted' };\n" +
      "export function applyConsent(b, i) { return i === 'granted' || i === 'denied' || i === 'pending' ? { analytics: i, ads: i } : typeof i === 'object' && i ? { ...b, ...i } : null; }\n" +
      'export const fromConsentMode = () => ({}); export const consentModeUpdates = () => [];',
  },
  'page views (load and SPA navigations)': { 'detectors/page-views': `export const pageViews = () => ({ name: 'page_views', check() {}, setup() {} });` },
  'first/last touch (UTM tags, referrer, click ids, channel)': {
    'attribution/touch':
      "export const host = () => ''; export const sameSite = () => false; export const landingTouch = () => null; export const campaignKey = () => '';\n" +
      "export const directTouch = (landingPage, ts) => ({ source: '(direct)', medium: '(none)', channel: 'Direct', landingPage, ts });",
  },
  'config validation (a warning naming each bad key)': {
    config:
      'export const CORE_OPTIONS = {};\n' +
      "export const resolveConfig = (i) => (i && i.endpoint ? { consent: 'granted', batchDelay: 5000, maxQueueEvents: 500, maxQueueBytes: 5e5, sessionTimeout: 30, pageViews: true, debug: false, detectors: [], values: {}, firstTouchDays: 90, referrerExclusions: [], scrubParams: [], respectGpc: true, consentMode: true, ...i } : null);",
  },
  'one sender across tabs (Web Locks leader, storage lease)': {
    'queue/tabs': 'export const createTabs = () => ({ leader: () => true, alive: async () => null, destroy() {} });',
    'queue/lock': 'export async function withStorageLease(rt, store, id, fn) { await fn(); return true; }',
  },
};

const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

export const ENTRIES = {
  script: { entryPoints: [join(SRC, 'cdn.ts')] },
  'core + forms()': {
    stdin: {
      contents: "import { createTracker } from './core';\nimport { forms } from './index';\ncreateTracker({ endpoint: '/e', detectors: [forms()] });\n",
      resolveDir: SRC,
      loader: 'ts',
    },
  },
};

export async function build(entry, stubs = {}) {
  const plugin = {
    name: 'stand-ins',
    setup(b) {
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
    format: 'iife',
    target: 'es2019',
    write: false,
    logLevel: 'error',
    define: { __DEBUG__: 'false', __VERSION__: '"0.0.0"' },
    plugins: [plugin],
  });
  return br(r.outputFiles[0].contents);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = Object.keys(ENTRIES);
  const whole = {};
  for (const n of names) whole[n] = await build(ENTRIES[n]);
  console.log(`| feature | ${names.map((n) => `${n} (${whole[n].toLocaleString('en')} B brotli whole)`).join(' | ')} |`);
  console.log(`|---|${names.map(() => '---:').join('|')}|`);
  for (const [feature, stubs] of Object.entries(FEATURES)) {
    const cells = [];
    for (const n of names) {
      const d = whole[n] - (await build(ENTRIES[n], stubs));
      cells.push(d > 0 ? `${d.toLocaleString('en')} B` : '—');
    }
    console.log(`| ${feature} | ${cells.join(' | ')} |`);
  }
  // What is left with every feature above inert: the tracker's own core (events, queue, delivery, storage, identity, consent).
  const all = Object.assign({}, ...Object.values(FEATURES));
  const rest = [];
  for (const n of names) rest.push(`${(await build(ENTRIES[n], all)).toLocaleString('en')} B left`);
  console.log(`| every feature above inert | ${rest.join(' | ')} |`);
  console.log('\nBytes each feature adds (the bundle minus the bundle with that feature inert); esbuild-minified, so within a few % of the shipped figures.');
}
