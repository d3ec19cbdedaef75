#!/usr/bin/env node
// npm run bench:dashboard: how long the dashboard takes over a database of 100,000 events.
// Seeds a temporary SQLite file with sample traffic (90 days of visits, leads and CRM outcomes),
// starts the built collector on 127.0.0.1, then measures GET /dashboard
//   - on the server: its Server-Timing header (reading and aggregating, rendering the HTML);
//   - in headless Chromium: the page load (navigation start to the end of the load event).
// A warm-up load first, then --runs loads per range; median and slowest are reported.
//
//   node scripts/bench-dashboard.mjs                 100,000 events, 10 runs, prints the table
//   node scripts/bench-dashboard.mjs --write         ... and writes it into packages/collector/README.md
//   --events <n>  --runs <n>                         smaller runs (the test suite runs 3,000 events)
// Needs `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSource } from './import-source.mjs';
import { writeBetweenMarkers } from './readme-block.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = join(ROOT, 'packages', 'collector', 'README.md');
const START = '<!-- dashboard-bench:start -->';
const END = '<!-- dashboard-bench:end -->';
const TOKEN = 'bench-dashboard-token-0123456789';
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Sample events per visit (page views and the odd lead), measured on the generator. */
const EVENTS_PER_VISIT = 2.08;

function options(argv) {
  const o = { events: 100_000, runs: 10, write: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--write') o.write = true;
    else if (a === '--events' || a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} takes a whole number`);
      o[a.slice(2)] = n;
    } else throw new Error(`unknown argument ${a} (--events <n>, --runs <n>, --write)`);
  }
  return o;
}

async function seed(store, count, now) {
  const { sampleData } = await import('@leadbeacon/collector/sample');
  const { parseOutcome, BUILT_IN_STATUSES } = await import('@leadbeacon/collector');
  const data = sampleData({ now, days: 90, visits: Math.ceil((count / EVENTS_PER_VISIT) * 1.05), seed: 3 });
  const events = data.events.slice(-count);
  for (let i = 0; i < events.length; i += 500) await store.insert(events.slice(i, i + 500), { receivedAt: now, userAgent: 'bench' });
  const outcomes = [];
  for (const row of data.outcomes) {
    const parsed = await parseOutcome(row, BUILT_IN_STATUSES);
    if (parsed.ok) outcomes.push(parsed.outcome);
  }
  for (let i = 0; i < outcomes.length; i += 1000) await store.saveOutcomes(outcomes.slice(i, i + 1000), { receivedAt: now });
  return { events: events.length, leads: (await store.leads()).length, outcomes: outcomes.length };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;

/** One page load in Chromium: the navigation's timing and the server's own. */
async function load(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const server = nav.serverTiming.reduce((n, t) => n + t.duration, 0);
    return { server, load: nav.loadEventEnd - nav.startTime, bytes: nav.transferSize || nav.encodedBodySize };
  });
}

/**
 * The tests' browser launcher (packages/test-utils/src/browser.ts: a system Chromium, else the one
 * in the @sparticuz/chromium package), compiled with esbuild since Node runs no TypeScript.
 */
async function launchChromium() {
  return (await importSource('packages/test-utils/src/browser.ts', 'bench-dashboard-browser')).launchChromium();
}

async function measure(collector, ranges, runs) {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${collector.url}/login?token=${TOKEN}`);
    const results = [];
    for (const range of ranges) {
      const url = `${collector.url}/dashboard?from=${range.from}&to=${range.to}`;
      await load(page, url); // warm-up: statements prepared, pages of the file in the OS cache
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await load(page, url));
      results.push({ range, samples });
    }
    return results;
  } finally {
    await browser.close();
  }
}

function table(results, seeded, runs) {
  const rows = [
    '| range | server: read + render (median / slowest) | page load in Chromium (median / slowest) | page size |',
    '|---|---|---|---|',
    ...results.map(({ range, samples }) => {
      const s = samples.map((x) => x.server);
      const l = samples.map((x) => x.load);
      return `| ${range.label} | ${ms(median(s))} / ${ms(Math.max(...s))} | ${ms(median(l))} / ${ms(Math.max(...l))} | ${(median(samples.map((x) => x.bytes)) / 1024).toFixed(0)} KB |`;
    }),
  ];
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}: ${seeded.events.toLocaleString('en-US')} events over 90 days ` +
      `(${seeded.leads.toLocaleString('en-US')} leads, ${seeded.outcomes.toLocaleString('en-US')} CRM outcomes) in SQLite, ${runs} loads per range after a warm-up.`,
    '',
    ...rows,
  ].join('\n');
}

async function main() {
  const o = options(process.argv.slice(2));
  const { createCollector } = await import('@leadbeacon/collector');
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-bench-dashboard-'));
  const now = new Date();
  const collector = await createCollector({
    port: 0,
    host: '127.0.0.1',
    dbPath: join(dir, 'bench.sqlite'),
    adminToken: TOKEN,
    timeZone: TIME_ZONE,
  });
  try {
    console.log(`seeding ${o.events.toLocaleString('en-US')} events…`);
    const seeded = await seed(collector.store, o.events, now);
    const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(d);
    const today = day(now);
    const ranges = [
      { label: 'last 30 days (the default)', from: day(new Date(now.getTime() - 29 * 86_400_000)), to: today },
      { label: 'all 90 days', from: day(new Date(now.getTime() - 90 * 86_400_000)), to: today },
    ];
    const results = await measure(collector, ranges, o.runs);
    const text = table(results, seeded, o.runs);
    console.log('\n' + text);
    if (o.write) {
      writeBetweenMarkers(README, START, END, text);
      console.log('\nwrote the table into packages/collector/README.md');
    }
  } finally {
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:dashboard: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
