#!/usr/bin/env node
// npm run bench:intake: what bad input costs the collector. The built collector runs in a process
// of its own (scripts/bench-intake-server.mjs); this script sends each kind of bad request
// --requests times over a keep-alive connection from 127.0.0.1 and reads the collector's own CPU
// time (process.cpuUsage) before and after: CPU per request, HTTP parsing included. Each case
// must be refused with its status and store nothing (schema-invalid events: a 200 naming each in
// `rejected`); valid batches are measured beside them.
//
//   node scripts/bench-intake.mjs              200 requests per case, prints the table
//   node scripts/bench-intake.mjs --write      ... and writes it into packages/collector/README.md
//   --requests <n>                             fewer requests (the test suite sends 20)
// Needs `npm run build` first.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeBetweenMarkers } from './readme-block.mjs';

const README = fileURLToPath(new URL('../packages/collector/README.md', import.meta.url));
const SERVER = fileURLToPath(new URL('./bench-intake-server.mjs', import.meta.url));
const START = '<!-- bench-intake:start -->';
const END = '<!-- bench-intake:end -->';
const LIMIT = 131_072;

let n = 0;
const touch = (ts) => ({
  source: 'google',
  medium: 'cpc',
  campaign: 'c',
  channel: 'Paid Search',
  landingPage: 'https://s.example/?gclid=x',
  ts,
  clickIds: { gclid: 'x' },
});
const event = (over = {}) => {
  const ts = new Date().toISOString();
  return {
    id: `bench-${process.pid}-${++n}`,
    type: 'page_view',
    name: 'page_view',
    ts,
    anonymousId: 'anon-1',
    sessionId: 'sess-1',
    page: { url: 'https://s.example/p', path: '/p', title: 'A page', referrer: '' },
    attribution: { first: touch(ts), last: touch(ts) },
    props: {},
    ...over,
  };
};
const batch = (events, over = {}) =>
  JSON.stringify({ v: 1, sentAt: new Date().toISOString(), sdk: { name: 'bench', version: '1' }, events, ...over });
const fill = (unit, bytes) => unit.repeat(Math.floor(bytes / unit.length));

/** Each case: what is sent, the status it must get, and which collector options it needs. */
const CASES = [
  { name: 'valid batch of 10 events (stored)', status: 200, body: () => batch(Array.from({ length: 10 }, () => event())) },
  {
    name: 'valid batch of 100 events, about the tracker’s largest (stored)',
    status: 200,
    body: () => batch(Array.from({ length: 100 }, () => event())),
  },
  { name: 'body over the limit, declared (1 MB Content-Length)', status: 413, body: () => 'x'.repeat(1_000_000) },
  { name: 'body over the limit, chunked (1 MB, no length)', status: 413, chunked: true, body: () => 'x'.repeat(1_000_000) },
  { name: 'JSON nested 128 K levels deep (128 KB of [)', status: 400, body: () => '['.repeat(LIMIT - 1) },
  {
    name: 'very large JSON: 128 KB object of 14,000 keys',
    status: 400,
    body: () => `{${Array.from({ length: 14_000 }, (_, i) => `"k${i}":1`).join(',')}}`.slice(0, LIMIT - 2) + '}',
  },
  { name: 'very large JSON: 128 KB array of 64,000 numbers', status: 400, body: () => `[${fill('0,', LIMIT - 4)}0]` },
  {
    name: 'invalid UTF-8 (128 KB)',
    status: 400,
    body: () => Buffer.concat([Buffer.from('{"v":"'), Buffer.alloc(LIMIT - 10, 0xff), Buffer.from('"}')]),
  },
  { name: 'NUL character in a string', status: 400, body: () => batch([event({ name: 'a\u0000b', type: 'custom' })]) },
  {
    name: 'wrong content type (a form post, 100 KB)',
    status: 415,
    type: 'application/x-www-form-urlencoded',
    body: () => fill('a=1&', 100_000),
  },
  {
    name: 'more events than the limit (501 small events)',
    status: 413,
    body: () => batch(Array.from({ length: 501 }, () => ({ id: 'x' }))),
  },
  // Refused one by one since issue 19: a 200 that names each in `rejected`, and stores none.
  {
    name: 'schema-invalid: 500 events missing every field (each rejected)',
    status: 200,
    storesNothing: true,
    body: () => batch(Array.from({ length: 500 }, () => ({}))),
  },
  {
    name: 'schema-invalid: 80 events with one bad field each (each rejected)',
    status: 200,
    storesNothing: true,
    body: () => batch(Array.from({ length: 80 }, () => event({ ts: 'yesterday' }))),
  },
  { name: 'unknown origin', status: 403, origin: 'https://evil.example', body: () => batch([event()]) },
  {
    name: 'wrong write key',
    status: 401,
    options: { writeKeys: ['the-right-key-123'] },
    body: () => batch([event()], { writeKey: 'a-wrong-key-1234' }),
  },
  {
    name: 'over the rate limit (429)',
    status: 429,
    options: { rateLimit: { rate: 1, burst: 1 } },
    warmup: 3,
    body: () => batch([event()]),
  },
];

function post(agent, url, c, body) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': c.type ?? 'text/plain;charset=UTF-8', ...(c.origin ? { origin: c.origin } : {}) };
    if (!c.chunked) headers['content-length'] = Buffer.byteLength(body);
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function collector(options) {
  const child = fork(SERVER, [JSON.stringify({ corsOrigins: ['https://site.example'], rateLimit: { rate: 0, burst: 0 }, ...options })]);
  const ask = (m, key) => new Promise((r) => child.once('message', (x) => r(x[key])).send(m));
  const url = await new Promise((r) => child.once('message', (m) => r(m.url)));
  return {
    url,
    cpu: () => ask('cpu', 'cpu'),
    count: () => ask('count', 'count'),
    stop: () => new Promise((r) => (child.once('exit', r), child.send('stop'))),
  };
}

async function measure(c, requests) {
  const server = await collector(c.options ?? {});
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = `${server.url}/collect`;
  const bodies = Array.from({ length: requests + (c.warmup ?? 5) }, c.body);
  try {
    for (const body of bodies.splice(0, c.warmup ?? 5)) await post(agent, url, c, body); // warm-up (and empty the bucket)
    const before = await server.count();
    const cpu0 = await server.cpu();
    const statuses = new Set();
    for (const body of bodies) statuses.add(await post(agent, url, c, body));
    const cpu1 = await server.cpu();
    const stored = (await server.count()) - before;
    const us = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / requests;
    if (statuses.size !== 1 || !statuses.has(c.status)) throw new Error(`${c.name}: expected ${c.status}, got ${[...statuses].join(', ')}`);
    if ((c.status !== 200 || c.storesNothing) && stored !== 0) throw new Error(`${c.name}: ${stored} event(s) stored`);
    return { ...c, ms: us / 1000, bytes: Buffer.byteLength(bodies[0]) };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

function table(results, requests, load) {
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
  const size = (b) => (b >= 1024 ? `${Math.round(b / 1024)} KB` : `${b} B`);
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}: the collector's CPU time per request (user + system, HTTP parsing included), mean of ${requests} requests per case, default limits (1-minute load average ${load} before the run).`,
    '',
    '| request | answer | body | collector CPU per request |',
    '|---|---|---|---|',
    ...results.map((r) => `| ${r.name} | ${r.status} | ${size(r.bytes)} | ${r.ms.toFixed(2)} ms |`),
  ].join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  let requests = 200;
  let write = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--write') write = true;
    else if (args[i] === '--requests' && Number.isInteger(Number(args[i + 1])) && Number(args[i + 1]) > 0) requests = Number(args[++i]);
    else throw new Error(`unknown argument ${args[i]} (--requests <n>, --write)`);
  }
  const load = loadavg()[0].toFixed(1);
  const results = [];
  for (const c of CASES) results.push(await measure(c, requests));
  const text = table(results, requests, load);
  console.log(text);
  if (write) {
    writeBetweenMarkers(README, START, END, text);
    console.log('\nwrote the table into packages/collector/README.md');
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
