#!/usr/bin/env node
// Call tracking's GET /api/number under load: leases per second one collector sustains and the
// latency (p50, p99) of each answer, on SQLite and on PostgreSQL (a throwaway cluster with its
// durable defaults). Every request is a new visitor of a paid visit, so each takes a lease (a
// pool of 500 numbers, then the fallback, which is a lease too); a quarter are visitors coming
// back, whose lease is held longer. Runs on 127.0.0.1 and stops by itself.
//
//   node scripts/loadtest/numbers.mjs [--seconds <n>] [--connections <n>]
// Needs `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector } from '@leadbeacon/collector';
import { startPostgres } from '../../packages/test-utils/src/postgres-cluster.mjs';

const args = process.argv.slice(2);
const flag = (name, d) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const SECONDS = flag('--seconds', 10);
const CONNECTIONS = flag('--connections', 16);
const numbers = {
  pools: [
    {
      name: 'paid',
      numbers: Array.from({ length: 500 }, (_, i) => `+8428100${String(i).padStart(5, '0')}`),
      businessNumber: '+842812345678',
      match: { channel: ['Paid Search'] },
      holdMinutes: 30,
      fallback: '+842812345699',
    },
  ],
  countSeconds: 60,
  storeCallerNumbers: false,
};

function get(agent, port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

async function run(db, label) {
  const c = await createCollector({ port: 0, db, numbers, rateLimit: { rate: 0, burst: 0 }, log: () => {} });
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies = [];
  let failed = 0;
  let n = 0;
  const end = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const i = n++;
      const v = i % 4 === 3 ? `v${i - 3}` : `v${i}`;
      const t = process.hrtime.bigint();
      const status = await get(
        agent,
        c.port,
        `/api/number?visitor=${v}&session=s${v}&pool=paid&utm_source=google&utm_medium=cpc&gclid=G${i}`,
      );
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (status !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
  const leases = (await c.store.leases({})).length;
  await c.close();
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  const perS = Math.round(latencies.length / SECONDS);
  console.log(`| ${label} | ${perS} | ${q(0.5)} ms | ${q(0.99)} ms | ${failed} | ${leases} |`);
}

const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-numbers-load-'));
console.log(`GET /api/number, ${SECONDS} s, ${CONNECTIONS} connections, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
console.log('| database | answers/s | p50 | p99 | not 200 | leases stored |\n|---|---:|---:|---:|---:|---:|');
try {
  await run(join(dir, 'load.sqlite'), 'SQLite');
  const pg = await startPostgres({ durable: true });
  try {
    await run(await pg.createDatabase(), 'PostgreSQL');
  } finally {
    await pg.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
