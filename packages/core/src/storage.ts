import type { Logger } from './types';

/**
 * First-party key/value storage over `localStorage`, falling back to memory per key when
 * storage is unavailable or full, and kept in memory only while consent does not allow storing.
 * Reads go to `localStorage` every time (not a cache) because other tabs write there too.
 */
export interface Store {
  get<T>(key: string): T | undefined;
  /** Returns false when the value only lives in memory. */
  set(key: string, value: unknown): boolean;
  remove(key: string): void;
  /** Keys starting with `prefix`, in storage and in memory. */
  keys(prefix: string): string[];
  /** true: write through to localStorage (memory copied out); false: memory only. */
  persist(on: boolean): void;
}

export function createStore(area: Storage | null | (() => Storage | null), log: Logger, persisting: boolean): Store {
  let opened: Storage | null | undefined = typeof area === 'function' ? undefined : area;
  // `localStorage` is opened on first use, not when the tracker starts.
  const storage = (): Storage | null => (opened === undefined ? (opened = (area as () => Storage | null)()) : opened);
  const memory = new Map<string, string>();
  // Keys whose last write did not fit in storage: they live in memory from then on.
  const spilled = new Set<string>();
  let warned = false;
  const usable = (key: string) => persisting && !spilled.has(key) && storage();

  function write(key: string, raw: string): boolean {
    if (usable(key)) {
      try {
        storage()!.setItem(key, raw);
        memory.delete(key);
        return true;
      } catch (e) {
        spilled.add(key);
        if (!warned) log.warn('localStorage is full or blocked; keeping events in memory', e);
        warned = true;
      }
    }
    memory.set(key, raw);
    return false;
  }

  return {
    get<T>(key: string): T | undefined {
      let raw: string | null | undefined = memory.get(key);
      if (raw === undefined && usable(key)) {
        try {
          raw = storage()!.getItem(key);
        } catch {
          raw = null;
        }
      }
      if (raw == null) return undefined;
      try {
        return JSON.parse(raw) as T;
      } catch {
        log.warn(`stored "${key}" was not JSON; starting afresh`);
        return undefined;
      }
    },
    set: (key, value) => write(key, JSON.stringify(value)),
    remove(key) {
      memory.delete(key);
      try {
        storage()?.removeItem(key);
      } catch {
        /* nothing stored to remove */
      }
    },
    keys(prefix) {
      const out = new Set<string>();
      for (const k of memory.keys()) if (k.startsWith(prefix)) out.add(k);
      const area = persisting && storage();
      if (area) {
        try {
          for (let i = 0; i < area.length; i++) {
            const k = area.key(i);
            if (k && k.startsWith(prefix)) out.add(k);
          }
        } catch {
          /* unreadable: memory only */
        }
      }
      return [...out];
    },
    persist(on) {
      persisting = on;
      if (on) for (const [key, raw] of [...memory]) write(key, raw);
    },
  };
}
