import { MAX_ID_LENGTH } from '@leadbeacon/wire';
import { campaignKey, directTouch } from '../attribution/touch';
import type { StoredVisitor as State } from '../outside';
import type { Store } from '../storage';
import type { Touch } from '../types';
import { iso, uid } from '../util';

export const STATE_KEY = 'lb';
const DAY = 86_400_000;

export interface VisitorIds {
  anonymousId: string;
  sessionId: string;
  userId?: string;
  first: Touch;
  last: Touch;
  score: number;
}

export interface Visitor {
  /** Records the touch this page load carries (null: direct or internal). */
  land(touch: Touch | null, landingPage: string, now: number): void;
  /**
   * Marks activity: rolls the session after the timeout, adds `value` to the score, returns the
   * ids. Undefined (and nothing marked) when `once` was recorded in this session already.
   */
  activity(now: number, value?: number, once?: string): VisitorIds | undefined;
  setUser(userId: string): void;
  /** The anonymous id and latest touch (after `land`), marking nothing (hidden fields). */
  peek(): { anonymousId: string; last: Touch };
  /** Writes the state out (after consent is granted). */
  save(): void;
}

/** An id the wire format accepts: anything else in storage (another script's key "lb") would get every event refused. */
const fits = (id: unknown) => typeof id === 'string' && !!id && id.length <= MAX_ID_LENGTH;

export function createVisitor(store: Store, random: () => number, sessionMs: number, firstTouchDays: number): Visitor {
  const read = (): State | undefined => {
    const s = store.get<State>(STATE_KEY);
    return s && fits(s.a) && fits(s.s) ? s : undefined;
  };
  let st: State = read() || { a: uid(random), s: uid(random), t: 0 };
  let fresh = true;
  const save = () => store.set(STATE_KEY, st);

  /**
   * A copy of the touch with each click id only while it is the latest of its name (a newer
   * click of the same platform replaces it), and when it was first seen where that was before
   * the touch: the collector keeps it while its platform's window lasts, counted from then.
   */
  const current = (t: Touch): Touch => {
    const { clickIds = {}, ...rest } = t;
    const out: Touch = rest;
    for (const [name, value] of Object.entries(clickIds)) {
      const [firstValue, firstSeen] = (st.k && st.k[name]) || [];
      if (firstValue !== value) continue;
      out.clickIds = { ...out.clickIds, [name]: value };
      if (firstSeen! < Date.parse(t.ts)) out.clickIdsSeen = { ...out.clickIdsSeen, [name]: iso(firstSeen!) };
    }
    return out;
  };

  return {
    land(touch, landingPage, now) {
      if (!st.f || now - Date.parse(st.f.ts) > firstTouchDays * DAY) st.f = touch || directTouch(landingPage, now);
      if (touch) {
        // A direct return keeps the last campaign; a new campaign starts a new session.
        if (campaignKey(touch) !== campaignKey(st.l)) st.t = 0;
        const k = (st.k = st.k || {});
        for (const [name, value] of Object.entries(touch.clickIds || {})) {
          const [seenValue] = k[name] || [];
          if (seenValue !== value) k[name] = [value, now];
        }
      }
      st.l = touch || st.l || st.f;
    },
    activity(now, value, once) {
      // Other tabs keep the session alive too: look at what they wrote (not at start-up: one read only).
      if (!fresh) st = read() || st;
      fresh = false;
      if (now - st.t > sessionMs) {
        st.s = uid(random);
        delete st.o;
      }
      if (once) {
        const keys = (st.o = Array.isArray(st.o) ? st.o : []);
        if (keys.includes(once)) return undefined;
        keys.push(once);
      }
      st.t = now;
      // A sum past the largest number would be sent as null, and the batch refused.
      if (value && isFinite((st.v || 0) + value)) st.v = (st.v || 0) + value;
      save();
      const first = current(st.f || directTouch('', now));
      return { anonymousId: st.a, sessionId: st.s, first, last: st.l ? current(st.l) : first, score: st.v || 0, userId: st.u };
    },
    peek: () => ({ anonymousId: st.a, last: current(st.l!) }),
    setUser(userId) {
      st.u = userId;
      save();
    },
    save,
  };
}
