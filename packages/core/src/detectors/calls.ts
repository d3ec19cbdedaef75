import type { Detector } from '../types';
import { dedupe, onLinkClick } from './click';
import { toE164 } from './phone';

export interface CallOptions {
  /** ISO country for national numbers, e.g. "VN": `0901 234 567` -> `+84901234567`. */
  defaultCountry?: string;
}

/** `call_click` for `tel:` and `callto:` links. */
export function calls(options: CallOptions = {}): Detector {
  return {
    name: 'calls',
    setup(ctx) {
      const repeat = dedupe(() => Date.now());
      const country = options.defaultCountry || (ctx.config as { defaultCountry?: string }).defaultCountry;
      return onLinkClick(ctx, (_link, href) => {
        const m = /^(tel|callto):(?:\/\/)?(.*)$/i.exec(href);
        if (!m || repeat(href)) return;
        let written = m[2] || '';
        try {
          written = decodeURIComponent(written);
        } catch {
          /* keep it as written */
        }
        ctx.emit({ type: 'call_click', props: { phone: toE164(written, country), href } });
      });
    },
  };
}
