/**
 * The quality rules' thresholds: the defaults (rules.ts DEFAULT_QUALITY), the config file's
 * `"quality"` object, then the `--spam-…` flags, each checked so a mistake stops the collector at start.
 */
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { DEFAULT_QUALITY, type QualityConfig } from './rules';

const NUMBERS = ['minFormMs', 'minPageMs', 'maxRepeat', 'maxPerAddress', 'maxPerVisitor', 'minBetweenFormsMs', 'windowMs'] as const;
const LISTS = ['noHoneypotForms', 'exempt'] as const;

export class QualityConfigError extends Error {}

function checkRange(range: string): string {
  const [net = '', bits, ...rest] = range.split('/');
  const max = isIPv4(net) ? 32 : isIPv6(net) ? 128 : -1;
  const ok = max > 0 && !rest.length && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max));
  if (!ok) throw new QualityConfigError(`quality.exempt: '${range}' is not an address or range (e.g. 203.0.113.0/24)`);
  return range;
}

/** The defaults with `given` over them; throws QualityConfigError naming the bad key. */
export function qualityConfig(given: Record<string, unknown> = {}): QualityConfig {
  const config: QualityConfig = { ...DEFAULT_QUALITY, noHoneypotForms: [], exempt: [] };
  for (const [key, value] of Object.entries(given)) {
    if ((NUMBERS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw new QualityConfigError(`quality.${key} must be a number ≥ 0, got ${JSON.stringify(value)}`);
      config[key as (typeof NUMBERS)[number]] = value;
    } else if ((LISTS as readonly string[]).includes(key)) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        throw new QualityConfigError(`quality.${key} must be a list of strings`);
      config[key as (typeof LISTS)[number]] = key === 'exempt' ? value.map(checkRange) : [...value];
    } else throw new QualityConfigError(`quality: unknown key '${key}' (known: ${[...NUMBERS, ...LISTS].join(', ')})`);
  }
  return config;
}

/** The `"quality"` object of a config file, or {} when the file has none. */
export function readQualityConfig(file: string): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { quality?: unknown };
  if (raw.quality === undefined) return {};
  if (!raw.quality || typeof raw.quality !== 'object' || Array.isArray(raw.quality))
    throw new QualityConfigError('quality must be an object');
  return raw.quality as Record<string, unknown>;
}
