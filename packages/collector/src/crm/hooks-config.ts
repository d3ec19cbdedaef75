/**
 * The webhooks of the config file (`--config`, beside `destinations`):
 * `"hooks": {"hubspot": {"map": {"recordId": "$.objectId", "status": "$.propertyValue", …},
 * "statuses": {"closedwon": "won"}, "secret": "env:HUBSPOT_CLIENT_SECRET", "signature": "hubspot-v3"}}`.
 * Each becomes `POST /api/hooks/<name>`. Problems name the hook and key, never a secret.
 */
import { readFileSync } from 'node:fs';
import { parsePath, type PathStep } from './json-path';
import { checkMapping, MappingError, type CrmMapping, type MapField } from './mapping';
import { SIGNATURES, type SignatureKind } from './signature';
import { isTimeZone, type DecimalMark } from './values';

export interface HookConfig {
  name: string;
  mapping: CrmMapping;
  /** Each mapped field's JSON paths, parsed. */
  paths: Partial<Record<MapField, PathStep[][]>>;
  signature: SignatureKind;
  secret: string;
  /** The URL the CRM calls, when a proxy in front changes it (HubSpot signs the URL). */
  url?: string;
  timeZone?: string;
  dateFormat?: string;
  decimal?: DecimalMark;
}

export type HookConfigs = Record<string, HookConfig>;

/** A hooks section that cannot be used: the collector does not start. */
export class HooksConfigError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function secretOf(raw: unknown, where: string, env: NodeJS.ProcessEnv): string {
  if (typeof raw !== 'string' || raw === '') throw new HooksConfigError(`${where}.secret is missing: e.g. "env:HUBSPOT_CLIENT_SECRET"`);
  if (!raw.startsWith('env:')) return raw;
  const value = env[raw.slice(4)];
  if (!value) throw new HooksConfigError(`${where}.secret: environment variable ${raw.slice(4)} is not set`);
  return value;
}

function optionalString(o: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v) throw new HooksConfigError(`${where}.${key} must be a string`);
  return v;
}

/** The hook's map (JSON paths) and statuses; record id and status must be mapped. */
function hookMapping(raw: Record<string, unknown>, where: string): Pick<HookConfig, 'mapping' | 'paths'> {
  let mapping: CrmMapping;
  const paths: HookConfig['paths'] = {};
  try {
    mapping = checkMapping(raw, where, 'map');
    for (const [field, value] of Object.entries(mapping.columns) as [MapField, string | string[]][])
      paths[field] = (Array.isArray(value) ? value : [value]).map(parsePath);
  } catch (err) {
    throw new HooksConfigError(err instanceof MappingError ? err.message : `${where}.map: ${(err as Error).message}`);
  }
  for (const field of ['recordId', 'status'] as const)
    if (!paths[field]) throw new HooksConfigError(`${where}.map.${field} is missing: deliveries are kept once per record id and status`);
  return { mapping, paths };
}

/** One hook's settings, checked. */
function readHook(name: string, raw: unknown, where: string, env: NodeJS.ProcessEnv): HookConfig {
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(name))
    throw new HooksConfigError(`${where}: a hook name is lowercase letters, digits, '-' or '_'`);
  if (!isObject(raw)) throw new HooksConfigError(`${where} must be an object`);
  const signature = raw.signature as SignatureKind;
  if (!SIGNATURES.includes(signature)) throw new HooksConfigError(`${where}.signature must be one of ${SIGNATURES.join(', ')}`);
  const timeZone = optionalString(raw, 'timezone', where);
  if (timeZone && !isTimeZone(timeZone)) throw new HooksConfigError(`${where}.timezone must be an IANA time zone`);
  const decimal = optionalString(raw, 'decimal', where);
  if (decimal && decimal !== ',' && decimal !== '.') throw new HooksConfigError(`${where}.decimal must be , or .`);
  const url = optionalString(raw, 'url', where);
  const dateFormat = optionalString(raw, 'dateFormat', where);
  return {
    name,
    ...hookMapping(raw, where),
    signature,
    secret: secretOf(raw.secret, where, env),
    ...(url ? { url } : {}),
    ...(timeZone ? { timeZone } : {}),
    ...(dateFormat ? { dateFormat } : {}),
    ...(decimal ? { decimal: decimal as DecimalMark } : {}),
  };
}

/** The `hooks` of a config file; none when it has no such key. */
export function readHooksConfig(file: string, env: NodeJS.ProcessEnv = process.env): HookConfigs {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new HooksConfigError(`cannot read the config file ${file}: ${why}`);
  }
  const hooks = isObject(raw) ? raw.hooks : undefined;
  if (hooks === undefined) return {};
  if (!isObject(hooks)) throw new HooksConfigError(`${file}: hooks must be an object of named hooks`);
  return Object.fromEntries(Object.entries(hooks).map(([name, hook]) => [name, readHook(name, hook, `${file}: hooks.${name}`, env)]));
}
