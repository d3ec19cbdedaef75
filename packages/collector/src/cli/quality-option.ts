import { existsSync } from 'node:fs';
import { qualityConfig, QualityConfigError, readQualityConfig } from '../quality/config';
import type { QualityConfig } from '../quality/rules';
import { CommandError, int } from './args';

/** The --spam-… flags of `serve`, as parsed. */
interface SpamFlags {
  'spam-min-form-ms'?: string;
  'spam-min-page-ms'?: string;
  'spam-max-per-address'?: string;
  'spam-max-per-visitor'?: string;
  'spam-exempt'?: string[];
  'spam-no-honeypot'?: string[];
}

/** The config file's "quality", then the --spam-… flags over it (quality/config.ts). */
export function qualityOption(file: string | undefined, values: SpamFlags): QualityConfig {
  try {
    const given = file && existsSync(file) ? readQualityConfig(file) : {};
    const flag = (name: 'spam-min-form-ms' | 'spam-min-page-ms' | 'spam-max-per-address' | 'spam-max-per-visitor') =>
      int(name, values[name], 0, 86_400_000);
    const flags = {
      minFormMs: flag('spam-min-form-ms'),
      minPageMs: flag('spam-min-page-ms'),
      maxPerAddress: flag('spam-max-per-address'),
      maxPerVisitor: flag('spam-max-per-visitor'),
      exempt: values['spam-exempt'],
      noHoneypotForms: values['spam-no-honeypot'],
    };
    return qualityConfig({ ...given, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) });
  } catch (err) {
    if (err instanceof QualityConfigError || err instanceof SyntaxError) throw new CommandError(err.message);
    throw err;
  }
}
