import type { ConsentState, ConsentStates } from '../types';
import { isObject } from '../util';

const STATES: readonly ConsentState[] = ['granted', 'denied', 'pending'];
export const ALL_GRANTED: ConsentStates = { analytics: 'granted', ads: 'granted' };

/**
 * `input` applied over `base`: a plain state sets every category, an object the categories it
 * names. Null when the input is not one of those.
 */
export function applyConsent(base: ConsentStates, input: unknown): ConsentStates | null {
  if (STATES.includes(input as ConsentState)) return { analytics: input as ConsentState, ads: input as ConsentState };
  if (!isObject(input)) return null;
  const next = { ...base };
  for (const [k, v] of Object.entries(input)) {
    if ((k !== 'analytics' && k !== 'ads') || !STATES.includes(v as ConsentState)) return null;
    next[k] = v as ConsentState;
  }
  return next;
}

type ModeValue = 'granted' | 'denied' | undefined;

/** One Consent Mode command's states as an update of our categories. */
function modeUpdate(command: 'default' | 'update', m: Record<string, ModeValue>): Partial<ConsentStates> {
  const { analytics_storage, ad_storage, ad_user_data } = m;
  const refused: ConsentState = command === 'default' ? 'pending' : 'denied';
  const update: Partial<ConsentStates> = {};
  if (analytics_storage) update.analytics = analytics_storage === 'granted' ? 'granted' : refused;
  if (ad_storage || ad_user_data) update.ads = ad_storage === 'denied' || ad_user_data === 'denied' ? refused : 'granted';
  return update;
}

/**
 * Google Consent Mode v2 commands in a gtag `dataLayer` from index `from`, as updates of our
 * categories. Entries are `arguments` objects like `['consent', 'update', { ad_storage: 'granted', … }]`.
 * `analytics_storage` → analytics; ads needs both `ad_storage` and `ad_user_data` (a denied one
 * denies ads). `ad_personalization` has no bearing here: nothing is personalised. A `denied` in a
 * `default` command means "not asked yet" (sites deny by default until the banner is answered),
 * so it becomes `pending`; in an `update` it is the visitor's refusal. Each update holds the
 * categories its command names.
 */
export function consentModeUpdates(dataLayer: ArrayLike<unknown>, from: number): Partial<ConsentStates>[] {
  const out: Partial<ConsentStates>[] = [];
  for (let i = from; i < dataLayer.length; i++) {
    const entry = dataLayer[i] as Iterable<unknown> | null | undefined;
    // gtag('consent', 'default' | 'update', { …states }) pushes its arguments object; GTM pushes plain objects.
    const [name, command, m] = entry != null && typeof entry[Symbol.iterator] === 'function' ? entry : [];
    if (name !== 'consent') continue;
    if ((command !== 'default' && command !== 'update') || !m || typeof m !== 'object') continue;
    out.push(modeUpdate(command, m as Record<string, ModeValue>));
  }
  return out;
}
