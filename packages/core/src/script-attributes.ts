import { optionKind, type OptionKind } from './config';
import { OPTIONS } from './detectors/defaults';
import type { Logger } from './types';
import { toArray } from './util';
import { ATTRIBUTE_NOT_JSON, UNKNOWN_ATTRIBUTE, warn } from './warnings';

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
// Attributes other tools put on script tags (consent managers, optimisers, Cloudflare).
const FOREIGN = /^(cf|no-|cookie|pagespeed|ot-|nitro|wp(fc|-)|rocket|category|src|type|nscript|loader|ezscr|ccm|usercentrics|consent-)/;

/** An attribute's value as an option of `kind`: booleans as ""/"true"/"false", numbers, JSON objects. */
function valueOf(kind: OptionKind | undefined, v: string): unknown {
  if (kind === 'boolean' || (kind === 'fields' && v[0] !== '{')) return v === 'false' ? false : v === '' || v === 'true' || v;
  if (kind === 'number') return v === '' ? v : Number(v);
  if (kind === 'string' || kind === 'format' || (kind === 'consent' && v[0] !== '{')) return v;
  return JSON.parse(v); // objects, arrays and consent objects
}

/** Reads options from `data-*` attributes: booleans as ""/"true"/"false", numbers, JSON objects. */
export function readAttributes(el: Element, log: Logger): Record<string, unknown> {
  const config: Record<string, unknown> = Object.create(null);
  for (const attr of toArray(el.attributes)) {
    if (!attr.name.startsWith('data-')) continue;
    const name = attr.name.slice(5);
    const key = camel(name);
    const kind = optionKind(OPTIONS, key);
    // Detectors cannot be given as an attribute.
    if (!kind || key === 'detectors') {
      if (!FOREIGN.test(name)) warn(log, UNKNOWN_ATTRIBUTE, attr.name);
      continue;
    }
    try {
      config[key] = valueOf(kind, attr.value.trim());
    } catch {
      warn(log, ATTRIBUTE_NOT_JSON, attr.name);
    }
  }
  return config;
}
