import type { Store } from '../storage';
import type { Touch } from '../types';
import { uid } from '../util';
import { campaignKey, directTouch } from '../attribution/touch';

/** Everything about the visitor in one storage key, so start-up costs one read. */
interface State {
  /** anonymousId */
  a: string;
  /** sessionId */
  s: string;
  /** last activity (ms) */
  t: number;
  /** userId from identify */
  u?: string;
  /** first and last touch */
  f?: Touch;
  l?: Touch;
}

export const STATE_KEY = 'lb';
const FIRST_TOUCH_MS = 90 * 86_400_000;

export interface Visitor {
  /** Records the touch this page load carries (null: direct or internal). */
  land(touch: Touch | null, landingPage: string, now: number): void;
  /** Marks activity: rolls the session after the timeout, returns the current ids. */
  activity(now: number): { anonymousId: string; sessionId: string; userId?: string; first: Touch; last: Touch };
  setUser(userId: string): void;
  /** Writes the state out (after consent is granted). */
  save(): void;
}

export function createVisitor(store: Store, random: () => number, sessionMs: number): Visitor {
  const read = (): State | undefined => {
    const s = store.get<State>(STATE_KEY);
    return s && typeof s.a === 'string' && typeof s.s === 'string' ? s : undefined;
  };
  let st: State = read() || { a: uid(random), s: uid(random), t: 0 };
  let fresh = true;
  const save = () => store.set(STATE_KEY, st);
  return {
    land(touch, landingPage, now) {
      if (!st.f || now - Date.parse(st.f.ts) > FIRST_TOUCH_MS) st.f = touch || directTouch(landingPage, now);
      // A direct return keeps the last campaign; a new campaign starts a new session.
      if (touch) {
        if (campaignKey(touch) !== campaignKey(st.l)) st.t = 0;
        st.l = touch;
      }
      st.l = st.l || st.f;
    },
    activity(now) {
      // Other tabs keep the session alive too: look at what they wrote (not at start-up: one read only).
      if (!fresh) st = read() || st;
      fresh = false;
      if (now - st.t > sessionMs) st.s = uid(random);
      st.t = now;
      save();
      const first = st.f || directTouch('', now);
      const ids = { anonymousId: st.a, sessionId: st.s, first, last: st.l || first };
      return st.u ? { ...ids, userId: st.u } : ids;
    },
    setUser(userId) {
      st.u = userId;
      save();
    },
    save,
  };
}
