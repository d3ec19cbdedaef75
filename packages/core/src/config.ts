import type { ConsentInput, Logger, TrackerConfig } from './types';
import { ALL_GRANTED, applyConsent } from './privacy/consent';
import { isObject, own, toJson } from './util';
import { BAD_CONFIG_VALUE, BAD_ENDPOINT, BATCH_DELAY_CAPPED, CONFIG_NOT_OBJECT, NO_ENDPOINT, UNKNOWN_CONFIG_KEY, warn } from './warnings';

/** Option types, for validation and for reading `data-*` attributes of the script tag. */
export type OptionKind = 'string' | 'boolean' | 'number' | 'object' | 'array' | 'consent' | 'format' | 'fields';

export interface ResolvedConfig extends TrackerConfig {
  headers: Record<string, string> | undefined;
  consent: ConsentInput;
  batchDelay: number;
  maxQueueEvents: number;
  maxQueueBytes: number;
  sessionTimeout: number;
  pageViews: boolean;
  debug: boolean;
  detectors: NonNullable<TrackerConfig['detectors']>;
  values: Record<string, number>;
  firstTouchDays: number;
  referrerExclusions: string[];
  scrubParams: string[];
  respectGpc: boolean;
  consentMode: boolean;
}

const DEFAULTS = {
  consent: 'granted',
  batchDelay: 5000,
  maxQueueEvents: 500,
  maxQueueBytes: 500_000,
  sessionTimeout: 30,
  pageViews: true,
  debug: false,
  detectors: [],
  values: {},
  firstTouchDays: 90,
  referrerExclusions: [],
  scrubParams: [],
  respectGpc: true,
  consentMode: true,
} as const;

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** The core options and their kinds; an option with a default is of its default's kind. */
export const CORE_OPTIONS: Record<string, OptionKind> = {
  ...Object.fromEntries(Object.entries(DEFAULTS).map(([key, value]) => [key, kindOf(value)])),
  consent: 'consent',
  endpoint: 'string',
  writeKey: 'string',
  format: 'format',
  channel: 'boolean',
  fillFields: 'fields',
  headers: 'object',
  currency: 'string',
  dataLayer: 'boolean',
  gtagConversions: 'object',
  metaPixel: 'object',
};

/** Own keys only: `constructor` is no option. */
export const optionKind = (options: Record<string, OptionKind>, key: string): OptionKind | undefined =>
  own(options, key) ? options[key] : undefined;

/** Why `value` is no `kind`, or undefined when it is one. */
function wrongValue(kind: OptionKind, value: unknown): string | undefined {
  if (kind === 'consent') return applyConsent(ALL_GRANTED, value) ? undefined : '"granted", "denied", "pending" or { analytics, ads }';
  if (kind === 'format') return value === 'native' || value === 'segment' ? undefined : '"native" or "segment"';
  if (kind === 'fields') return typeof value === 'boolean' || value === 'add' || isObject(value) ? undefined : 'true, "add" or object';
  if (kind === 'number') return typeof value === 'number' && value >= 0 && isFinite(value) ? undefined : 'number >= 0';
  return kindOf(value) !== kind ? kind : undefined;
}

/** The endpoint, when it is a URL; else null after one clear warning. */
function checkEndpoint(endpoint: unknown, log: Logger): string | null {
  if (!endpoint) {
    warn(log, NO_ENDPOINT);
    return null;
  }
  try {
    new URL(endpoint as string, 'http://x');
    return endpoint as string;
  } catch {
    warn(log, BAD_ENDPOINT, endpoint);
    return null;
  }
}

/**
 * Checks every key against `options`: an unknown key or a value of the wrong type gives one
 * warning naming it and is ignored (the default applies). Returns null, after one clear
 * warning, when there is no usable endpoint: the tracker then stays inert.
 */
export function resolveConfig(input: unknown, log: Logger, options: Record<string, OptionKind> = CORE_OPTIONS): ResolvedConfig | null {
  const raw = isObject(input) ? input : {};
  if (!isObject(input)) warn(log, CONFIG_NOT_OBJECT, kindOf(input));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const kind = optionKind(options, key);
    const wrong = kind && wrongValue(kind, value);
    if (!kind) warn(log, UNKNOWN_CONFIG_KEY, key);
    else if (wrong) warn(log, BAD_CONFIG_VALUE, key, wrong, typeof value === 'number' ? value : toJson(value));
    else out[key] = value;
  }
  if (!checkEndpoint(out.endpoint, log)) return null;
  // No prototype: an option the page added to Object.prototype is never read as ours.
  const cfg = Object.assign(Object.create(null), DEFAULTS, out) as ResolvedConfig;
  // "Sent within 5 s" is a promise to the site owner; a larger delay would break it.
  if (cfg.batchDelay > 5000) {
    warn(log, BATCH_DELAY_CAPPED);
    cfg.batchDelay = 5000;
  }
  return cfg;
}
