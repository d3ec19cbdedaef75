import type { Runtime } from '../runtime';

const TAB = 'leadbeacon:tab:';

/**
 * Which tabs of this site are alive, and which one is the leader, from Web Locks: each tab
 * holds a lock named after itself for its lifetime (the browser releases it when the tab
 * goes), and one tab at a time holds the leader lock. Only the leader sends the queues of
 * tabs that are gone, so two live tabs never send the same event. Lock state is kept by the
 * browser process and is consistent across tabs, which localStorage is not.
 */
export interface Tabs {
  /** This tab may send queues of tabs that are gone (the first call asks for the leader lock; `onLeader` runs once granted). */
  leader(): boolean;
  /** Tells whether a tab (by id) is alive now; null where that cannot be known (the query failed). */
  alive(): Promise<((tabId: string) => boolean) | null>;
  destroy(): void;
}

/** Undefined where Web Locks are missing. */
export function createTabs(rt: Runtime, tabId: string, onLeader: () => void): Tabs | undefined {
  const locks = rt.locks;
  if (!locks) return;
  let leader = false;
  // Aborts the requests still waiting; `release` ends the ones granted.
  const ctrl = new AbortController();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const hold = (name: string, granted?: () => void) =>
    locks
      .request(name, { signal: ctrl.signal }, () => (granted && granted(), held))
      .catch(() => {
        /* aborted on destroy, or locks unusable here (opaque origin) */
      });
  hold(TAB + tabId);
  // The leader lock is asked for when this tab first has queues of others to send, not at start-up.
  let asked: unknown;
  const becomeLeader = () => {
    leader = true;
    onLeader();
  };
  return {
    leader: () => ((asked = asked || hold('leadbeacon:leader', becomeLeader)), leader),
    async alive() {
      try {
        const held = ((await locks.query()).held || []).map((lock) => lock.name);
        return (id) => held.includes(TAB + id);
      } catch {
        return null;
      }
    },
    destroy() {
      leader = false;
      ctrl.abort();
      release();
    },
  };
}
