import type { ConsentState, ConsentStates } from '../types';

const STATES: readonly ConsentState[] = ['granted', 'denied', 'pending'];
export const ALL_GRANTED: ConsentStates = { analytics: 'granted', ads: 'granted' };

/**
 * `input` applied over `base`: a plain state sets every category, an object the categories it
 * names. Null when the input is not one of those.
 */
export function applyConsent(base: ConsentStates, input: unknown): ConsentStates | null {
  if (STATES.includes(input as ConsentState)) return { analytics: input as ConsentState, ads: input as ConsentState };
  if (!input || typeof input !== 'object' || Array.isArray(input)) return null;
  const next = { ...base };
  for (const [k, v] of Object.entries(input as Partial<ConsentStates>)) {
    if ((k !== 'analytics' && k !== 'ads') || !STATES.includes(v)) return null;
    next[k] = v;
  }
  return next;
}

type ModeValue = 'granted' | 'denied' | undefined;

/**
 * Google Consent Mode v2 → our categories: `analytics_storage` → analytics; ads needs both
 * `ad_storage` and `ad_user_data` (a denied one denies ads). `ad_personalization` has no
 * bearing here: nothing is personalised. A `denied` in a `default` command means "not asked
 * yet" (sites deny by default until the banner is answered), so it becomes `pending`; in an
 * `update` it is the visitor's refusal. Returns the categories the command names.
 */
export function fromConsentMode(m: Record<string, ModeValue>, isDefault: boolean): Partial<ConsentStates> {
  const state = (v: ModeValue): ConsentState => (v === 'granted' ? v : isDefault ? 'pending' : 'denied');
  const out: Partial<ConsentStates> = {};
  if (m.analytics_storage) out.analytics = state(m.analytics_storage);
  const ad = [m.ad_storage, m.ad_user_data].filter(Boolean);
  if (ad.length) out.ads = state(ad.includes('denied') ? 'denied' : 'granted');
  return out;
}

/**
 * New consent commands in a gtag `dataLayer` from index `from`: entries are `arguments`
 * objects like `['consent', 'update', { ad_storage: 'granted', … }]`.
 */
export function consentModeUpdates(dataLayer: ArrayLike<unknown>, from: number): Partial<ConsentStates>[] {
  const out: Partial<ConsentStates>[] = [];
  for (let i = from; i < dataLayer.length; i++) {
    const entry = dataLayer[i] as ArrayLike<unknown> | undefined;
    if (entry && entry[0] === 'consent' && (entry[1] === 'default' || entry[1] === 'update') && entry[2] && typeof entry[2] === 'object') {
      out.push(fromConsentMode(entry[2] as Record<string, ModeValue>, entry[1] === 'default'));
    }
  }
  return out;
}
