import type { Detector } from '../types';
import { dedupe, onLinkClick } from './click';

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** `email_click` for `mailto:` links: the address lowercased, and the subject when present. */
export function emails(): Detector {
  return {
    name: 'emails',
    setup(ctx) {
      const repeat = dedupe(() => Date.now());
      return onLinkClick(ctx, (_link, href) => {
        const m = /^mailto:([^?]*)(?:\?(.*))?$/i.exec(href);
        if (!m || repeat(href)) return;
        const email = decode(m[1] || '').split(',')[0]!.trim().toLowerCase();
        const props: Record<string, unknown> = { email, href };
        const subject = new URLSearchParams(m[2] || '').get('subject');
        if (subject) props.subject = subject;
        ctx.emit({ type: 'email_click', props });
      });
    },
  };
}
