import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Collector, CollectorOptions, StoredEvent } from '@leadbeacon/collector';
import { poll } from './http';

export interface EventFilter {
  type?: string | string[];
  since?: string | Date;
  until?: string | Date;
  limit?: number;
  after?: number;
}

export interface WaitOptions {
  /** Default 5000 ms. */
  timeout?: number;
  /** Poll interval, default 50 ms. */
  interval?: number;
  /** Narrows what is fetched (and counted) on each poll. */
  filter?: EventFilter;
}

export interface TestCollector extends Collector {
  /** The temporary SQLite file, removed on close(). */
  dbPath: string;
  /** GET /events with `filter`. */
  events(filter?: EventFilter): Promise<StoredEvent[]>;
  /** Polls /events until at least `count` events are there, or `predicate` holds; throws listing what it saw. */
  waitForEvents(until: number | ((events: StoredEvent[]) => boolean), options?: WaitOptions): Promise<StoredEvent[]>;
}

export type StartCollectorOptions = Omit<CollectorOptions, 'host' | 'dbPath' | 'store'>;

function eventsUrl(base: string, f: EventFilter = {}): string {
  const q = new URLSearchParams();
  if (f.type !== undefined) q.set('type', ([] as string[]).concat(f.type).join(','));
  if (f.since !== undefined) q.set('since', new Date(f.since).toISOString());
  if (f.until !== undefined) q.set('until', new Date(f.until).toISOString());
  if (f.limit !== undefined) q.set('limit', String(f.limit));
  if (f.after !== undefined) q.set('after', String(f.after));
  const qs = q.toString();
  return `${base}/events${qs ? `?${qs}` : ''}`;
}

function summary(events: StoredEvent[]): string {
  if (!events.length) return 'none';
  const lines = events
    .slice(-30)
    .map((e) => `  #${e.seq} ${e.type}${e.name !== e.type ? ` "${e.name}"` : ''} ${e.page?.path ?? ''} ${JSON.stringify(e.props)}`);
  return `${events.length}:\n${events.length > 30 ? '  …\n' : ''}${lines.join('\n')}`;
}

/**
 * Starts the real, built collector on 127.0.0.1 (free port by default) with a temporary
 * SQLite file. Needs `npm run build` first: browser tests run against what ships.
 */
export async function startCollector(options: StartCollectorOptions = {}): Promise<TestCollector> {
  let mod: typeof import('@leadbeacon/collector');
  try {
    mod = await import('@leadbeacon/collector');
  } catch (err) {
    throw new Error(
      `@leadbeacon/collector could not be loaded; run \`npm run build\` first (${err instanceof Error ? err.message : String(err)})`,
      { cause: err },
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-test-'));
  const dbPath = join(dir, 'events.sqlite');
  let collector: Collector;
  try {
    // No rate limit unless a test asks for one: every test's traffic comes from 127.0.0.1, and
    // delivery tests must see the tracker's own behaviour, not the abuse limit's.
    collector = await mod.createCollector({ port: 0, rateLimit: { rate: 0, burst: 0 }, ...options, host: '127.0.0.1', dbPath });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const events = async (filter?: EventFilter): Promise<StoredEvent[]> => {
    const res = await fetch(eventsUrl(collector.url, filter));
    if (!res.ok) throw new Error(`GET /events answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { events: StoredEvent[] }).events;
  };

  let closing: Promise<void> | undefined;
  return {
    url: collector.url,
    port: collector.port,
    store: collector.store,
    dbPath,
    events,
    async waitForEvents(until, { timeout = 5000, interval = 50, filter } = {}) {
      const done = typeof until === 'number' ? (es: StoredEvent[]) => es.length >= until : until;
      let seen: StoredEvent[] = [];
      return poll(
        async () => {
          seen = await events(filter);
          return done(seen) ? seen : undefined;
        },
        {
          timeout,
          interval,
          describe: () =>
            `waitForEvents: gave up after ${timeout} ms waiting for ${typeof until === 'number' ? `${until} event(s)` : 'the predicate'}` +
            `${filter ? ` matching ${JSON.stringify(filter)}` : ''}; saw ${summary(seen)}`,
        },
      );
    },
    close() {
      closing ??= collector.close().finally(() => rmSync(dir, { recursive: true, force: true }));
      return closing;
    },
  };
}
