import type { Detector } from '../../types';
import { dedupe, leavesPage, onLinkClick } from '../click';

/** [provider, pattern on the href: group 1 is the target (number or handle)] */
const LINKS: [string, RegExp][] = [
  ['whatsapp', /^https?:\/\/(?:wa\.me|(?:api|web)\.whatsapp\.com\/send\/?\?(?:.*&)?phone=)\/?\+?([^/?&#]*)/i],
  ['whatsapp', /^whatsapp:\/\/send\/?\?(?:.*&)?phone=\+?([^&#]*)/i],
  ['messenger', /^https?:\/\/(?:www\.)?m\.me\/([^/?#]*)/i],
  ['zalo', /^https?:\/\/(?:www\.)?zalo\.me\/([^/?#]*)/i],
  ['telegram', /^(?:https?:\/\/(?:www\.)?t(?:elegram)?\.me\/|tg:\/\/resolve\?domain=)([^/?#&]*)/i],
  ['viber', /^viber:\/\/(?:chat|contact|add)\?(?:.*&)?number=([^&#]*)/i],
  ['line', /^https?:\/\/(?:line\.me\/R\/ti\/p\/|lin\.ee\/)([^/?#]*)/i],
  ['sms', /^sms:\/?\/?([^?;,&]*)/i],
];

/** `chat_start` with `via: "link"` for WhatsApp, Messenger, Zalo, Telegram, Viber, LINE and sms: links. */
export function chatLinks(): Detector {
  return {
    name: 'chat_links',
    setup(ctx) {
      const repeat = dedupe(() => Date.now());
      return onLinkClick(ctx, (link, href, e) => {
        for (const [provider, re] of LINKS) {
          const m = re.exec(href);
          if (!m) continue;
          if (repeat(href)) return;
          let target = m[1] || '';
          try {
            target = decodeURIComponent(target);
          } catch {
            /* as written */
          }
          ctx.emit({ type: 'chat_start', props: { provider, via: 'link', target, href }, leaving: leavesPage(link, e, href) });
          return;
        }
      });
    },
  };
}
