import type { Logger } from './types';
import { toJson } from './util';
import { STORAGE_UNAVAILABLE, STORED_NOT_JSON, warn } from './warnings';

/**
 * First-party key/value storage over `localStorage`, falling back to memory per key when
 * storage is unavailable or full, and kept in memory only while consent does not allow storing.
 * Reads go to `localStorage` every time (not a cache) because other tabs write there too.
 */
export interface Store {
  get<T>(key: string): T | undefined;
  /** Kept in memory when it cannot be stored. */
  set(key: string, value: unknown): void;
  remove(key: string): void;
  /** Keys starting with `prefix`, in storage and in memory. */
  keys(prefix: string): string[];
  /** true: write through to localStorage (memory copied out); false: memory only. */
  persist(on: boolean): void;
}

export function createStore(area: Storage | null | (() => Storage | null), log: Logger, persisting: boolean): Store {
  // A function opens `localStorage` on first use (the runtime keeps it), not when the tracker starts.
  const storage = () => (typeof area === 'function' ? area() : area);
  /** `localStorage` where storing is allowed and possible, else falsy. */
  const persisted = () => persisting && storage();
  // Values that could not be stored (full, blocked, or no consent) live here; a later write that fits moves them out.
  const memory = new Map<string, string>();
  let warned = false;

  function write(key: string, raw: string) {
    try {
      const area = persisted();
      if (area) {
        area.setItem(key, raw);
        memory.delete(key);
        return;
      }
    } catch (e) {
      if (!warned) warn(log, STORAGE_UNAVAILABLE, e);
      warned = true;
    }
    memory.set(key, raw);
  }

  return {
    get<T>(key: string): T | undefined {
      let raw: string | null | undefined = memory.get(key);
      try {
        const area = persisted();
        if (raw === undefined && area) raw = area.getItem(key);
      } catch {
        /* unreadable: nothing stored */
      }
      try {
        if (raw != null) return JSON.parse(raw) as T;
      } catch {
        warn(log, STORED_NOT_JSON, key);
      }
      return undefined;
    },
    set: (key, value) => write(key, toJson(value)),
    remove(key) {
      memory.delete(key);
      try {
        const area = storage();
        if (area) area.removeItem(key);
      } catch {
        /* nothing stored to remove */
      }
    },
    keys(prefix) {
      const all: (string | null)[] = [...memory.keys()];
      try {
        const area = persisted();
        for (let i = 0; area && i < area.length; i++) all.push(area.key(i));
      } catch {
        /* unreadable: memory only */
      }
      return [...new Set(all)].filter((k): k is string => !!k && k.startsWith(prefix));
    },
    persist(on) {
      persisting = on;
      if (on) for (const [key, raw] of memory) write(key, raw);
    },
  };
}
