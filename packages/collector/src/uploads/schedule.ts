/** `serve --sync-every 1h`: a sync pass on an interval inside the collector, never two at once. */
import type { EventStore } from '../store/types';
import type { DestinationsConfig } from './config-types';
import { channelsOf, runSync } from './sync';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `1h`, `90s`, `1d` in ms; undefined when it is not one. At least a minute apart, at most a day. */
export function parseDuration(raw: string): number | undefined {
  const m = /^(\d+)\s*([smhd])$/.exec(raw.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[m[2]!]!;
  return ms >= 60_000 && ms <= 86_400_000 ? ms : undefined;
}

/** Runs a pass now and every `everyMs`; resolves the returned stop() once a running pass is over. */
export function startSyncEvery(
  store: EventStore,
  config: DestinationsConfig,
  everyMs: number,
  log: (line: string) => void,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const channels = channelsOf({ store, config });
  const pass = () => {
    if (running) return;
    running = runSync({ store, config, channels })
      .then((tallies) => tallies.forEach((t) => log(`sync ${t.line()}`)))
      .catch((err: unknown) => log(`sync failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(pass, everyMs);
  timer.unref();
  pass();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
