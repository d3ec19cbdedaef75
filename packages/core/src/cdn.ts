/**
 * The script-tag entry (dist/leadbeacon.min.js): the only module with side effects.
 *
 *   <script async src="/leadbeacon.min.js" data-endpoint="https://collect.example.com/e"></script>
 *
 * Configures itself from its own tag's data-* attributes, replaces the stub queue
 * `window.leadbeacon.q`, runs the queued calls in order and exposes `window.leadbeacon(command, ...args)`.
 */
import { createTracker, OPTIONS } from './index';
import type { OptionKind } from './config';
import { createLogger } from './log';
import type { Tracker } from './types';

type Api = ((command: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: boolean; tracker?: Tracker };

const COMMANDS = ['track', 'identify', 'consent', 'flush', 'page'];
type Command = 'track' | 'identify' | 'consent' | 'flush' | 'page';

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
// Attributes other tools put on script tags (consent managers, optimisers, Cloudflare).
const FOREIGN = /^(cf|no-|cookie|pagespeed|ot-|nitro|wpfc|rocket|wp-|category|src|type|nscript|loader|ezscr|ccm|usercentrics|consent-)/;

/** Reads options from `data-*` attributes: booleans as ""/"true"/"false", numbers, JSON objects. */
export function readAttributes(el: Element, log: ReturnType<typeof createLogger>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const attr of Array.from(el.attributes)) {
    if (attr.name.indexOf('data-') !== 0) continue;
    const name = attr.name.slice(5);
    const key = camel(name);
    const kind: OptionKind | undefined = OPTIONS[key];
    const v = attr.value.trim();
    if (!kind || key === 'detectors') {
      if (!FOREIGN.test(name)) log.warn(`unknown script attribute "${attr.name}" ignored`);
      continue;
    }
    try {
      config[key] =
        kind === 'boolean' ? (v === '' || v === 'true' ? true : v === 'false' ? false : v) :
        kind === 'number' ? (v === '' ? v : Number(v)) :
        kind === 'object' ? JSON.parse(v) :
        v;
    } catch {
      log.warn(`script attribute "${attr.name}" is not valid JSON; ignored`);
    }
  }
  return config;
}

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
