/**
 * The config file's call tracking (issue 23): `"numbers": {"pools": [...]}` and the providers'
 * secrets (`"twilio": {"authToken": "env:…"}`, `"telnyx": {"publicKey": "…"}`). Read from the
 * same file as the upload destinations; problems name the key, never a secret's value.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../uploads/config';

export interface PoolMatch {
  channel?: string[];
  source?: string[];
  medium?: string[];
  campaign?: string[];
}

export interface Pool {
  name: string;
  numbers: string[];
  businessNumber: string;
  /** Absent: every visitor (a static number per source is a pool of one). */
  match?: PoolMatch;
  holdMinutes: number;
  fallback?: string;
}

export interface NumbersConfig {
  pools: Pool[];
  /** A call counts as a conversion (becomes a `call` lead) when answered and at least this long. */
  countSeconds: number;
  /** Keep callers' numbers in clear beside their hash (off by default). */
  storeCallerNumbers: boolean;
  twilioAuthToken?: string;
  /** Telnyx's public key (Base64, Ed25519) for its webhook signatures. */
  telnyxPublicKey?: string;
}

export const DEFAULT_HOLD_MINUTES = 30;
export const DEFAULT_COUNT_SECONDS = 60;
const E164 = /^\+[1-9]\d{6,14}$/;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function secret(v: unknown, key: string, env: NodeJS.ProcessEnv): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v) throw new ConfigError(`${key} must be a string (or "env:NAME")`);
  if (!v.startsWith('env:')) return v;
  const value = env[v.slice(4)];
  if (!value) throw new ConfigError(`${key}: environment variable ${v.slice(4)} is not set`);
  return value;
}

function strings(v: unknown, key: string): string[] | undefined {
  if (v === undefined) return undefined;
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && s))
    throw new ConfigError(`${key} must be a string or a list of strings`);
  return list as string[];
}

function phone(v: unknown, key: string): string {
  if (typeof v !== 'string' || !E164.test(v)) throw new ConfigError(`${key} must be a phone number in E.164, like +842812345678`);
  return v;
}

function readMatch(m: unknown, at: string): PoolMatch | undefined {
  if (m === undefined) return undefined;
  if (!isObject(m)) throw new ConfigError(`${at}.match must be an object`);
  const keys = ['channel', 'source', 'medium', 'campaign'] as const;
  const unknown = Object.keys(m).filter((k) => !(keys as readonly string[]).includes(k));
  if (unknown.length) throw new ConfigError(`${at}.match: unknown key '${unknown[0]}' (channel, source, medium, campaign)`);
  const match: PoolMatch = {};
  for (const k of keys) {
    const list = strings(m[k], `${at}.match.${k}`);
    if (list) match[k] = list;
  }
  return match;
}

function readPool(p: unknown, i: number, names: Set<string>): Pool {
  const at = `numbers.pools[${i}]`;
  if (!isObject(p)) throw new ConfigError(`${at} must be an object`);
  if (typeof p.name !== 'string' || !/^[\w.-]{1,64}$/.test(p.name))
    throw new ConfigError(`${at}.name must be letters, digits, _ . - (at most 64)`);
  if (names.has(p.name)) throw new ConfigError(`${at}.name: pool '${p.name}' is named twice`);
  names.add(p.name);
  if (!Array.isArray(p.numbers) || !p.numbers.length) throw new ConfigError(`${at}.numbers must list the pool's numbers`);
  const numbers = p.numbers.map((n, j) => phone(n, `${at}.numbers[${j}]`));
  const hold = p.holdMinutes ?? DEFAULT_HOLD_MINUTES;
  if (typeof hold !== 'number' || !(hold >= 1) || hold > 24 * 60) throw new ConfigError(`${at}.holdMinutes must be 1 to 1440`);
  const match = readMatch(p.match, at);
  return {
    name: p.name,
    numbers,
    businessNumber: phone(p.businessNumber, `${at}.businessNumber`),
    ...(match ? { match } : {}),
    holdMinutes: hold,
    ...(p.fallback !== undefined ? { fallback: phone(p.fallback, `${at}.fallback`) } : {}),
  };
}

/** The file's call tracking, or undefined when it has none; a mistake throws ConfigError naming the key. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read the config file ${file}: ${(err as Error).message}`);
  }
}

export function readNumbersConfig(file: string, env: NodeJS.ProcessEnv = process.env): NumbersConfig | undefined {
  const raw = readJson(file);
  if (!isObject(raw) || (raw.numbers === undefined && raw.twilio === undefined && raw.telnyx === undefined)) return undefined;
  const n = raw.numbers ?? { pools: [] };
  if (!isObject(n) || !Array.isArray(n.pools)) throw new ConfigError(`${file}: expected "numbers": {"pools": [...]}`);
  const names = new Set<string>();
  const pools = n.pools.map((p, i) => readPool(p, i, names));
  const countSeconds = n.countSeconds ?? DEFAULT_COUNT_SECONDS;
  if (typeof countSeconds !== 'number' || !(countSeconds >= 0)) throw new ConfigError('numbers.countSeconds must be a number of seconds');
  return { pools, countSeconds, storeCallerNumbers: n.storeCallerNumbers === true, ...providers(raw, env) };
}

/** The providers' secrets: Twilio's auth token, Telnyx's public key. */
function providers(raw: Json, env: NodeJS.ProcessEnv): Pick<NumbersConfig, 'twilioAuthToken' | 'telnyxPublicKey'> {
  const twilio = isObject(raw.twilio) ? secret(raw.twilio.authToken, 'twilio.authToken', env) : undefined;
  const telnyx = isObject(raw.telnyx) ? secret(raw.telnyx.publicKey, 'telnyx.publicKey', env) : undefined;
  return { ...(twilio ? { twilioAuthToken: twilio } : {}), ...(telnyx ? { telnyxPublicKey: telnyx } : {}) };
}

/** Whether the pool serves a visit with this last touch. */
export function poolMatches(pool: Pool, touch: { channel: string; source: string; medium: string; campaign?: string }): boolean {
  const m = pool.match;
  if (!m) return true;
  const has = (list: string[] | undefined, v: string | undefined) =>
    !list || (v !== undefined && list.some((x) => x.toLowerCase() === v.toLowerCase()));
  return has(m.channel, touch.channel) && has(m.source, touch.source) && has(m.medium, touch.medium) && has(m.campaign, touch.campaign);
}
