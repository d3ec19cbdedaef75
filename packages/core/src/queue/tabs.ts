import type { Runtime } from '../runtime';

const TAB = 'leadbeacon:tab:';
const LEADER = 'leadbeacon:leader';

/**
 * Which tabs of this site are alive, and which one is the leader, from Web Locks: each tab
 * holds a lock named after itself for its lifetime (the browser releases it when the tab
 * goes), and one tab at a time holds the leader lock. Only the leader sends the queues of
 * tabs that are gone, so two live tabs never send the same event. Lock state is kept by the
 * browser process and is consistent across tabs, which localStorage is not.
 */
export interface Tabs {
  /** This tab may send queues of tabs that are gone. True everywhere Web Locks are missing. */
  leader(): boolean;
  /** Ids of the tabs alive now; null where that cannot be known (no Web Locks). */
  alive(): Promise<Set<string> | null>;
  destroy(): void;
}

export function createTabs(rt: Runtime, tabId: string, onLeader: () => void): Tabs {
  const locks = rt.locks;
  if (!locks) return { leader: () => true, alive: async () => null, destroy() {} };
  let leader = false;
  const releases: (() => void)[] = [];
  const hold = (name: string, granted?: () => void) => {
    const ctrl = new AbortController();
    let release: (() => void) | undefined;
    locks
      .request(name, { signal: ctrl.signal }, () => {
        if (granted) granted();
        return new Promise<void>((r) => (release = r));
      })
      .catch(() => {
        /* aborted on destroy, or locks unusable here (opaque origin) */
      });
    releases.push(() => (ctrl.abort(), release && release()));
  };
  hold(TAB + tabId);
  hold(LEADER, () => {
    leader = true;
    onLeader();
  });
  return {
    leader: () => leader,
    async alive() {
      try {
        const { held = [] } = await locks.query();
        return new Set(held.map((l) => l.name || '').filter((n) => n.startsWith(TAB)).map((n) => n.slice(TAB.length)));
      } catch {
        return null;
      }
    },
    destroy() {
      leader = false;
      for (const r of releases.splice(0)) r();
    },
  };
}
