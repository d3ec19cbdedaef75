#!/usr/bin/env node
// What the script tag's start-up costs, module by module: the same page as `npm run bench` (links,
// forms), leadbeacon's script-tag entry bundled unminified (so each function keeps its name and
// each module its `// packages/core/src/...` marker), inserted as an inline script, then a
// Chromium CPU profile (50 µs samples) over the 0.4 s from its insertion, and a sampling heap
// profile of what is still alive after a forced garbage collection.
//
//   node scripts/bench/profile-startup.mjs [--throttle 4] [--top 25] [--reps 5]
//
// Prints self time per module and per function, and the live bytes allocated per module (the
// module of the nearest function of ours on the allocating stack). Medians over --reps fresh
// pages. Nothing leaves the machine.
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const THROTTLE = Number(arg('--throttle', 1));
const TOP = Number(arg('--top', 25));
const REPS = Number(arg('--reps', 5));
const WINDOW_MS = 400;

async function bundle() {
  const version = JSON.parse(readFileSync(join(ROOT, 'packages/core/package.json'), 'utf8')).version;
  const out = await build({
    entryPoints: [join(ROOT, 'packages/core/src/cdn.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2019',
    minify: false,
    define: { __DEBUG__: 'false', __VERSION__: JSON.stringify(version) },
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** Line -> module, from esbuild's `// path` markers. */
function moduleLines(code) {
  const starts = [];
  code.split('\n').forEach((line, i) => {
    const m = /^\s*\/\/ (\S+\.(ts|js|mjs))$/.exec(line);
    if (m) starts.push([i, m[1].replace(/^.*packages\/core\/src\//, '').replace(/^.*node_modules\//, 'npm:')]);
  });
  return (line) => {
    let name = '(entry)';
    for (const [at, n] of starts) if (at <= line) name = n;
    return name;
  };
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Aircon repair in 2 hours</title></head><body>
<h1>Aircon repair in 2 hours</h1><nav>
${Array.from({ length: 6 }, (_, i) => `<a class="call" href="tel:+8490123450${i}">0901 234 50${i}</a> <a class="mail" href="mailto:sales${i}@example.com">sales${i}@example.com</a>`).join('\n')}
</nav>
${Array.from({ length: 6 }, (_, i) => `<form id="quote-${i}" action="/thanks" method="post"><input name="name"> <input name="email" type="email"> <input name="phone" type="tel"> <textarea name="message"></textarea> <button type="submit">Get a quote</button></form>`).join('\n')}
</body></html>`;

function chromiumPath() {
  const cache = join(ROOT, 'node_modules/.cache/leadbeacon-chromium');
  const installed = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (installed) return installed;
  const unpacked =
    existsSync(cache) &&
    readdirSync(cache)
      .map((v) => join(cache, v, 'chromium'))
      .find((p) => existsSync(p));
  if (!unpacked) throw new Error('No Chromium: set CHROME_PATH or run the browser tests once');
  return unpacked;
}

async function once(browser, url, code) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.goto(url);
  if (THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const before = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 256 });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await page.evaluate((text) => {
    const s = document.createElement('script');
    s.setAttribute('data-endpoint', location.origin + '/collect');
    s.textContent = text;
    document.head.appendChild(s);
  }, code);
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('HeapProfiler.collectGarbage');
  const { profile: heap } = await cdp.send('HeapProfiler.stopSampling');
  const after = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await page.close();
  return { profile, heap, grown: after - before };
}

/**
 * Self time (ms) per module and per function over the window, from the script's first sample on
 * (its tasks run back to back, so no idle sample reliably marks where its own task ends: the
 * bench's "own task" column measures that). Native and engine work is listed by its own name.
 */
function cpu(profile, moduleOf, scriptId) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const modules = new Map();
  const fns = new Map();
  let seenScript = false;
  const add = (map, key, dt) => map.set(key, (map.get(key) || 0) + dt);
  profile.samples.forEach((id, i) => {
    const f = nodes.get(id).callFrame;
    const dt = (profile.timeDeltas[i + 1] || 0) / 1000;
    if (f.functionName === '(idle)') return;
    const ours = f.scriptId === scriptId;
    seenScript = seenScript || ours;
    const key = ours ? moduleOf(f.lineNumber) : f.url ? 'page/other' : f.functionName || '(native)';
    if (seenScript) add(modules, key, dt);
    if (ours) add(fns, `${f.functionName || '(anonymous)'} [${key}]`, dt);
  });
  return { modules, fns };
}

/** Live bytes per module of the nearest function of ours on the allocating stack (else the top frame's name). */
function heapBy(heap, moduleOf, scriptId) {
  const out = new Map();
  const walk = (n, ours) => {
    const f = n.callFrame;
    const here = f.scriptId === scriptId ? `${moduleOf(f.lineNumber)}` : ours;
    const key = here || `(outside: ${f.functionName || f.url || 'root'})`;
    if (n.selfSize) out.set(key, (out.get(key) || 0) + n.selfSize);
    n.children.forEach((c) => walk(c, here));
  };
  walk(heap.head, undefined);
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};
function mergeMedian(maps) {
  const keys = new Set(maps.flatMap((m) => [...m.keys()]));
  return new Map([...keys].map((k) => [k, median(maps.map((m) => m.get(k) || 0))]));
}
const table = (title, map, unit, digits) => {
  const rows = [...map]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP);
  const total = [...map.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${title} (total ${total.toFixed(digits)} ${unit})`);
  for (const [k, v] of rows) console.log(`  ${v.toFixed(digits).padStart(8)} ${unit}  ${k}`);
};

async function main() {
  const code = await bundle();
  const moduleOf = moduleLines(code);
  const server = createServer((req, res) => {
    if (req.method === 'POST') return req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ headless: true, executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  const runs = [];
  try {
    for (let i = 0; i < REPS; i++) {
      const r = await once(browser, url, code);
      // The inline script's id: the one whose frames carry esbuild's IIFE lines.
      const ids = new Map();
      for (const n of r.profile.nodes)
        if (!n.callFrame.url || n.callFrame.url === url) ids.set(n.callFrame.scriptId, (ids.get(n.callFrame.scriptId) || 0) + 1);
      const scriptId = [...ids].filter(([id]) => id !== '0').sort((a, b) => b[1] - a[1])[0]?.[0];
      runs.push({ ...cpu(r.profile, moduleOf, scriptId), heap: heapBy(r.heap, moduleOf, scriptId), grown: r.grown });
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(
    `leadbeacon script tag (unminified bundle of src/cdn.ts), ${THROTTLE}x CPU, medians of ${REPS} pages, ${WINDOW_MS} ms window`,
  );
  table('CPU self time per module (native and engine work by name)', mergeMedian(runs.map((r) => r.modules)), 'ms', 2);
  table('CPU self time per function', mergeMedian(runs.map((r) => r.fns)), 'ms', 2);
  table('live heap after GC, by allocating module (sampled)', mergeMedian(runs.map((r) => r.heap)), 'B', 0);
  console.log(`\nheap used, after minus before (GC both times): median ${(median(runs.map((r) => r.grown)) / 1024).toFixed(1)} KB`);
}

await main();
