/**
 * The destinations config file (issue 20's Interface): which Google Ads account and conversion
 * actions, which Meta pixel and event names, and the credentials to reach them. Secrets may be
 * written `env:NAME` to be read from the environment. Nothing read here is logged or stored:
 * problems name the key, never its value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isValueSource, type ValueSource } from '../advice/apply';

export const GOOGLE_API_URL = 'https://datamanager.googleapis.com';
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const GOOGLE_ADS_API_URL = 'https://googleads.googleapis.com';
/** The Google Ads API version retractions go to: each lives about a year; `apiVersion` overrides it. */
export const GOOGLE_ADS_API_VERSION = 'v23';
export const META_API_URL = 'https://graph.facebook.com';
export const META_API_VERSION = 'v24.0';
export const CONFIG_FILE_NAME = 'leadbeacon.config.json';

import type {
  DestinationEntry,
  DestinationsConfig,
  GoogleConfig,
  GoogleCredentials,
  GoogleRetractionConfig,
  MetaConfig,
} from './config-types';

/** A config file that cannot be read at all; the message names the file or key. */
export class ConfigError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config file to use: --config, else leadbeacon.config.json beside a SQLite database when there is one. */
export function configPath(flag: string | undefined, sqlitePath?: string): string | undefined {
  if (flag !== undefined) return resolve(flag);
  if (!sqlitePath) return undefined;
  const beside = join(dirname(resolve(sqlitePath)), CONFIG_FILE_NAME);
  return existsSync(beside) ? beside : undefined;
}

/** Reads and checks the config file; each destination's problems are collected, not thrown. */
export function readDestinationsConfig(file: string, env: NodeJS.ProcessEnv = process.env): DestinationsConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError(`cannot read the config file ${file}: ${why}`);
  }
  if (!isObject(raw) || !isObject(raw.destinations))
    throw new ConfigError(`${file}: expected {"destinations": {"google": {…}, "meta": {…}}}`);
  const known = ['google', 'meta'];
  const unknown = Object.keys(raw.destinations).filter((k) => !known.includes(k));
  if (unknown.length) throw new ConfigError(`${file}: unknown destination ${unknown.map((k) => `'${k}'`).join(', ')} (google, meta)`);
  const reader = new Reader(env, dirname(file));
  const out: DestinationsConfig = { file };
  const { google, meta } = raw.destinations;
  if (google !== undefined) out.google = reader.entry('destinations.google', google, (o) => reader.google(o));
  if (meta !== undefined) out.meta = reader.entry('destinations.meta', meta, (o) => reader.meta(o));
  return out;
}

/** Reads one destination, collecting each problem under its key path. */
class Reader {
  private problems: string[] = [];
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly base: string,
  ) {}

  entry<T>(path: string, value: unknown, read: (o: Json) => T): DestinationEntry<T> {
    this.problems = [];
    if (!isObject(value)) return { problems: [`${path} must be an object`] };
    const config = read(value);
    const problems = this.problems.map((p) => `${path}.${p}`);
    return problems.length ? { problems } : { config, problems };
  }

  /** Prepended to each problem's key while a nested object is read (`retractions.`). */
  private prefix = '';

  private problem(message: string): string {
    this.problems.push(`${this.prefix}${message}`);
    return '';
  }

  private within<T>(key: string, read: () => T): T {
    this.prefix = `${key}.`;
    try {
      return read();
    } finally {
      this.prefix = '';
    }
  }

  /** A string, or `env:NAME` read from the environment (the message names the variable, never a value). */
  private string(o: Json, key: string, rule: { required?: boolean; pattern?: RegExp; hint?: string } = {}): string | undefined {
    const { required = false, pattern, hint = '' } = rule;
    const v = o[key];
    if (v === undefined || v === '') return required ? this.problem(`${key} is missing${hint ? `: ${hint}` : ''}`) : undefined;
    if (typeof v !== 'string') return this.problem(`${key} must be a string`);
    let value = v;
    if (v.startsWith('env:')) {
      const name = v.slice(4);
      const fromEnv = this.env[name];
      if (!fromEnv) return this.problem(`${key}: environment variable ${name} is not set`);
      value = fromEnv;
    }
    if (pattern && !pattern.test(value)) return this.problem(`${key} ${hint}`);
    return value;
  }

  private url(o: Json, key: string, fallback: string): string {
    const v = this.string(o, key) ?? fallback;
    if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol)) return this.problem(`${key} must be an http(s) URL`);
    return v.replace(/\/+$/, '');
  }

  /** Step → id or name; each value a non-empty string matching `pattern`. */
  private steps(o: Json, key: string, pattern: RegExp, hint: string): Record<string, string> {
    const v = o[key];
    if (!isObject(v) || Object.keys(v).length === 0) {
      this.problem(`${key} is missing: map each step to send, e.g. {"form_submit": …, "won": …}`);
      return {};
    }
    const out: Record<string, string> = {};
    for (const [step, value] of Object.entries(v)) {
      if (typeof value !== 'string' || !pattern.test(value)) this.problem(`${key}.${step} ${hint}`);
      else out[step.toLowerCase()] = value;
    }
    return out;
  }

  google(o: Json): GoogleConfig {
    const account = /^\d{10}$/;
    const accountHint = 'must be the 10-digit Google Ads customer id, without dashes';
    const operatingAccountId = this.string(o, 'operatingAccountId', { required: true, pattern: account, hint: accountHint }) ?? '';
    const loginAccountId = this.string(o, 'loginAccountId', { pattern: account, hint: accountHint });
    return {
      operatingAccountId,
      ...(loginAccountId ? { loginAccountId } : {}),
      conversionActions: this.conversionActions(o),
      credentials: this.googleCredentials(o),
      apiUrl: this.url(o, 'apiUrl', GOOGLE_API_URL),
      ...this.valueSource(o),
      ...this.retractions(o),
    };
  }

  /** `retractions`: {developerToken, apiUrl?, apiVersion?}, or left out. */
  private retractions(o: Json): { retractions?: GoogleRetractionConfig } {
    const r = o.retractions;
    if (r === undefined) return {};
    if (!isObject(r)) return (this.problem('retractions must be an object'), {});
    return {
      retractions: this.within('retractions', () => ({
        developerToken:
          this.string(r, 'developerToken', {
            required: true,
            hint: 'the Google Ads API developer token, e.g. "env:GOOGLE_ADS_DEVELOPER_TOKEN"',
          }) ?? '',
        apiUrl: this.url(r, 'apiUrl', GOOGLE_ADS_API_URL),
        apiVersion: this.string(r, 'apiVersion', { pattern: /^v\d+$/, hint: 'must look like v23' }) ?? GOOGLE_ADS_API_VERSION,
      })),
    };
  }

  /** `values`: "configured" (the default, left out) or "learned". */
  private valueSource(o: Json): { values?: ValueSource } {
    const v = o.values ?? 'configured';
    if (!isValueSource(v)) this.problem('values must be "configured" or "learned"');
    return v === 'learned' ? { values: v } : {};
  }

  /** At most 10 steps: one Data Manager request takes 10 destinations [D-LIM], one per step. */
  private conversionActions(o: Json): Record<string, string> {
    const actions = this.steps(o, 'conversionActions', /^\d+$/, 'must be a conversion action id (digits)');
    if (Object.keys(actions).length > 10) this.problem('conversionActions: at most 10 steps (one request takes 10 destinations)');
    return actions;
  }

  private googleCredentials(o: Json): GoogleCredentials {
    const c = o.credentials;
    const none = { kind: 'refresh_token', clientId: '', clientSecret: '', refreshToken: '', tokenUri: '' } as const;
    if (isObject(c)) {
      const tokenUri = this.url(c, 'tokenUri', GOOGLE_TOKEN_URI);
      const [clientId, clientSecret, refreshToken] = ['clientId', 'clientSecret', 'refreshToken'].map(
        (k) => this.string(c, k, { required: true }) ?? '',
      ) as [string, string, string];
      if (!clientId || !clientSecret || !refreshToken) this.problem('credentials needs clientId, clientSecret and refreshToken');
      return { kind: 'refresh_token', clientId, clientSecret, refreshToken, tokenUri };
    }
    const path = this.string(o, 'credentials', {
      required: true,
      hint: 'a service account key file, or {clientId, clientSecret, refreshToken}',
    });
    if (!path) return none;
    return this.serviceAccount(resolve(this.base, path)) ?? none;
  }

  private serviceAccount(file: string): GoogleCredentials | undefined {
    let key: unknown;
    try {
      key = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not JSON';
      this.problem(`credentials: cannot read the service account key file ${file} (${why})`);
      return undefined;
    }
    const k = isObject(key) ? key : {};
    const ok = ['client_email', 'private_key', 'token_uri'].every((f) => typeof k[f] === 'string' && k[f] !== '');
    if (!ok || k.type !== 'service_account') {
      this.problem(`credentials: ${file} is not a service account key file (type, client_email, private_key, token_uri)`);
      return undefined;
    }
    return {
      kind: 'service_account',
      file,
      clientEmail: k.client_email as string,
      privateKey: k.private_key as string,
      tokenUri: k.token_uri as string,
    };
  }

  meta(o: Json): MetaConfig {
    const testEventCode = this.string(o, 'testEventCode');
    return {
      pixelId: this.string(o, 'pixelId', { required: true, pattern: /^\d+$/, hint: 'must be the dataset (pixel) id, digits only' }) ?? '',
      accessToken:
        this.string(o, 'accessToken', { required: true, hint: 'a system user access token, e.g. "env:META_ACCESS_TOKEN"' }) ?? '',
      apiVersion: this.string(o, 'apiVersion', { pattern: /^v\d+\.\d+$/, hint: 'must look like v24.0' }) ?? META_API_VERSION,
      events: this.steps(o, 'events', /^\S.{0,99}$/, 'must be an event name such as Lead or Purchase'),
      apiUrl: this.url(o, 'apiUrl', META_API_URL),
      ...this.valueSource(o),
      ...(testEventCode ? { testEventCode } : {}),
    };
  }
}
