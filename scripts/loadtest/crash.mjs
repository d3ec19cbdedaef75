// The crash check of `npm run loadtest`: a collector is killed with SIGKILL under load and
// restarted on the same port; afterwards every event that was answered 2xx must be in the
// database exactly once.
import Database from 'better-sqlite3';
import pg from 'pg';
import { runLoad } from './client.mjs';
import { startCollectorProcess } from './collectors.mjs';

/** The stored ids among `ids` and how often each is there (the unique constraint says once; this checks it). */
async function storedCounts(db, ids) {
  const counts = new Map();
  if (db.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      for (let i = 0; i < ids.length; i += 10_000) {
        const { rows } = await client.query('SELECT id, count(*)::int AS n FROM leadbeacon.events WHERE id = ANY($1) GROUP BY id', [
          ids.slice(i, i + 10_000),
        ]);
        for (const r of rows) counts.set(r.id, r.n);
      }
    } finally {
      await client.end();
    }
  } else {
    const sqlite = new Database(db, { readonly: true });
    const one = sqlite.prepare('SELECT count(*) AS n FROM events WHERE id = ?');
    for (const id of ids) {
      const n = one.get(id).n;
      if (n) counts.set(id, n);
    }
    sqlite.close();
  }
  return counts;
}

/** Loads one collector for `durationMs`, kills it at half time, restarts it at once, then checks the database. */
export async function crashCheck({ db, label, durationMs, dir, connections = 16, batchSize = 10 }) {
  let collector = await startCollectorProcess(['--port', '0', '--db', db], dir);
  const { port, url } = collector;
  const load = runLoad({ urls: [`${url}/collect`], connections, batchSize, durationMs, prefix: `crash-${label}`, keepIds: true });
  await new Promise((r) => setTimeout(r, durationMs / 2));
  const killedAt = performance.now();
  await collector.kill();
  collector = await startCollectorProcess(['--port', String(port), '--db', db], dir);
  const downMs = performance.now() - killedAt;
  const result = await load;
  await collector.stop();
  const counts = await storedCounts(db, result.acked);
  const lost = result.acked.filter((id) => !counts.has(id));
  const twice = [...counts.values()].filter((n) => n !== 1).length;
  return {
    label,
    acked: result.acked.length,
    lost: lost.length,
    twice,
    downMs,
    refused: result.statuses[0] ?? 0,
    statuses: result.statuses,
  };
}
