// A throwaway PostgreSQL cluster for tests and the load test: initdb and postgres from the
// machine's PostgreSQL server package, in a temp dir, on a free 127.0.0.1 port, removed on stop().
// Plain JavaScript (types in postgres-cluster.d.mts) so the .mjs scripts can use it as well.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.mjs';

export const POSTGRES_INSTALL_HINT =
  'PostgreSQL server programs (initdb, postgres) were not found. Install them: ' +
  'Debian/Ubuntu `sudo apt-get install postgresql`, Fedora `sudo dnf install postgresql-server`, ' +
  'macOS `brew install postgresql@17`; or set LEADBEACON_PG_BIN to the folder that holds initdb.';

/** The folder holding initdb and postgres: LEADBEACON_PG_BIN, Debian's /usr/lib/postgresql/<newest>/bin, then PATH. */
export function findPostgresBin(env = process.env, debian = '/usr/lib/postgresql') {
  const has = (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (env.LEADBEACON_PG_BIN) {
    if (has(env.LEADBEACON_PG_BIN)) return env.LEADBEACON_PG_BIN;
    throw new Error(`LEADBEACON_PG_BIN=${env.LEADBEACON_PG_BIN} holds no initdb and postgres. ${POSTGRES_INSTALL_HINT}`);
  }
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (has(join(debian, v, 'bin'))) return join(debian, v, 'bin');
  for (const dir of (env.PATH ?? '').split(':')) if (dir && has(dir)) return dir;
  throw new Error(POSTGRES_INSTALL_HINT);
}

/** initdb refuses to run as root: as root, the cluster runs as the package's `postgres` user. */
function runAs() {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error(`running as root, and there is no 'postgres' user to run the cluster as. ${POSTGRES_INSTALL_HINT}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitReady(url, child, log, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > until)
        throw new Error(`postgres did not accept connections within ${timeoutMs} ms: ${err.message}\n${log()}`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/**
 * Creates the database `name` on the cluster whose `postgres` database `url` names (a plain
 * identifier: the tests make the names); returns the new database's URL.
 */
export async function createDatabaseAt(url, name) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return url.replace(/\/postgres$/, `/${name}`);
}

/**
 * Starts a cluster. `durable: false` (tests) turns fsync and synchronous commit off, as one does
 * for throwaway data; `durable: true` (the load test) keeps PostgreSQL's defaults.
 */
export async function startPostgres({ durable = false, maxConnections = 200 } = {}) {
  const bin = findPostgresBin();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-pg-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    ...user,
    encoding: 'utf8',
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.error?.message}`);
  }
  const port = await freePort();
  const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${dir}`, `max_connections=${maxConnections}`];
  if (!durable) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const child = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    ...user,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d) => (output = (output + d).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // If this process ends without stop(), the cluster goes with it.
  const onExit = () => child.kill('SIGQUIT');
  process.once('exit', onExit);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitReady(url, child, () => output, 30_000);
  } catch (err) {
    child.kill('SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let databases = 0;
  let stopping;
  return {
    url,
    port,
    bin,
    /** A new empty database; its URL. */
    createDatabase: (name = `db_${++databases}_${process.pid}`) => createDatabaseAt(url, name),
    /** Fast shutdown (open connections are ended), then the temp dir is removed. */
    stop() {
      stopping ??= new Promise((resolve) => {
        process.off('exit', onExit);
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGQUIT'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGINT');
      }).then(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
  };
}
