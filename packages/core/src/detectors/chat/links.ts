import type { Detector, Props } from '../../types';
import { decode } from '../../util';
import { leavesPage, onLink } from '../../helpers/link-clicks';
import { firstPerPageView } from '../../helpers/dedupe';

/**
 * [provider, pattern on the href: the first group that matched is the target (number or
 * handle)]. Share links without a recipient (`wa.me/?text=`, `t.me/share/…`, `sms:?body=`)
 * don't match: they are not a chat with the site.
 */
const LINKS: [string, RegExp][] = [
  [
    'whatsapp',
    /^(?:https?:\/\/wa\.me\/(?:message\/)?|(?:https?:\/\/(?:api|web)\.whatsapp\.com|whatsapp:\/)\/send\/?\?(?:.*&)?phone=)\+?([^/?&#]+)/i,
  ],
  ['messenger', /^(?:https?:\/\/(?:www\.)?(?:m\.me|messenger\.com\/t)\/|fb-messenger:\/\/user-thread\/)([^/?#]+)/i],
  ['zalo', /^https?:\/\/(?:www\.)?zalo\.me\/([^/?#]+)/i],
  [
    'telegram',
    /^(?:https?:\/\/(?:(?:www\.)?(?:t|telegram)\.(?:me|dog)\/(?!share\/)|(\w+)\.t\.me)|tg:\/\/resolve\?(?:.*&)?(?:domain|phone)=)([^/?&#]*)/i,
  ],
  ['viber', /^viber:\/\/(?:chat|contact|add|pa)\?(?:.*&)?(?:number|chatURI)=([^&#]+)/i],
  ['line', /^(?:https?:\/\/(?:line\.me\/(?:R\/)?(?:ti\/p|oaMessage)\/|lin\.ee\/)|line:\/\/ti\/p\/)([^/?#]+)/i],
  ['sms', /^sms:\/{0,2}([^?;,&]+)/i],
];

/** `chat_start` props of a click-to-chat href; undefined for any other link. */
export function chatLinkProps(href: string): Props | undefined {
  // Anchored patterns fail early on other links: all seven take well under a microsecond.
  for (const [provider, re] of LINKS) {
    const m = re.exec(href);
    const target = m && m.slice(1).find(Boolean);
    if (target) return { provider, via: 'link', target: decode(target), href };
  }
  return undefined;
}

/**
 * `chat_start` with `via: "link"` for WhatsApp, Messenger, Zalo, Telegram, Viber, LINE and
 * `sms:` links: once per provider and target per page view (a second click opens the same chat).
 */
export function chatLinks(): Detector {
  return {
    name: 'chat_links',
    setup(ctx) {
      const first = firstPerPageView(ctx);
      return onLink(ctx, (href, link, e) => {
        const props = chatLinkProps(href);
        if (props && first(props.provider + ' ' + props.target)) {
          ctx.emit({ type: 'chat_start', props, el: link, leaving: leavesPage(link, e, href) });
        }
      });
    },
  };
}
