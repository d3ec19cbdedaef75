// Collector processes for `npm run loadtest`: the built CLI, as users run it, logging to a file
// (as under a process manager): a pipe back to this process would cost the load generator CPU.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../packages/collector/dist/cli.mjs', import.meta.url));
let started = 0;

/**
 * Starts `leadbeacon-collector` with `args` (no rate limit: the load comes from one address),
 * logging into `logDir`; resolves once it listens.
 */
export async function startCollectorProcess(args, logDir) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const log = join(logDir, `collector-${++started}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(process.execPath, [CLI, '--rate-limit', '0', ...args], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const until = Date.now() + 30_000;
  for (;;) {
    const m = /collect\s+(http:\/\/\S+)\/collect/.exec(readFileSync(log, 'utf8'));
    if (m) {
      const exited = () => child.exitCode !== null || child.signalCode !== null;
      const signal = (sig) => new Promise((r) => (exited() ? r() : (child.once('exit', () => r()), child.kill(sig))));
      return {
        url: m[1],
        port: Number(new URL(m[1]).port),
        /** SIGKILL: no chance to close anything. */
        kill: () => signal('SIGKILL'),
        stop: () => signal('SIGTERM'),
      };
    }
    if (child.exitCode !== null || Date.now() > until) throw new Error(`collector did not start:\n${readFileSync(log, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
