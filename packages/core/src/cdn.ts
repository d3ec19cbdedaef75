/**
 * The script-tag entry (dist/leadbeacon.min.js): the only module with side effects.
 *
 *   <script async src="/leadbeacon.min.js" data-endpoint="https://collect.example.com/e"></script>
 *
 * Configures itself from its own tag's data-* attributes, replaces the stub queue
 * `window.leadbeacon.q`, runs the queued calls in order and exposes `window.leadbeacon(command, ...args)`.
 */
import { createTracker } from './index';
import { readAttributes } from './script-attributes';
import { createLogger } from './log';
import type { Tracker } from './types';

type Api = ((command: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: boolean; tracker?: Tracker };

const COMMANDS = ['track', 'identify', 'consent', 'flush', 'page'];
type Command = 'track' | 'identify' | 'consent' | 'flush' | 'page';

function boot() {
  const w = window as unknown as { leadbeacon?: Api };
  const existing = w.leadbeacon;
  // The tag twice on one page: the first one is running; this one does nothing.
  if (existing && existing.loaded) return;
  const log = createLogger(false);
  const doc = document;
  const script = (doc.currentScript as HTMLScriptElement | null) || doc.querySelector('script[data-endpoint]');
  const config = script ? readAttributes(script, log) : {};
  const queued = Array.from((existing && existing.q) || []);
  // A consent call queued before the script loaded applies before anything is stored.
  for (const args of queued) if (args[0] === 'consent' && typeof args[1] === 'string') config.consent = args[1];
  const tracker = createTracker(config as { endpoint: string });
  const api: Api = (command, ...args) => {
    if (!COMMANDS.includes(command)) return log.warn(`unknown command "${String(command)}"`);
    return (tracker[command as Command] as (...a: unknown[]) => unknown)(...args);
  };
  api.loaded = true;
  api.tracker = tracker;
  w.leadbeacon = api;
  for (const args of queued) api(...(Array.from(args) as [string, ...unknown[]]));
}

try {
  boot();
} catch (e) {
  createLogger(false).warn('could not start', e);
}
