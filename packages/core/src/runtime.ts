/**
 * Everything the tracker takes from the browser besides the DOM, in one place so that
 * tests inject fakes (storage, fetch, beacon, clock, locks) and a real tracker runs on them.
 */
export interface Runtime {
  window: Window & typeof globalThis;
  /** `localStorage`, or null when the browser refuses it (privacy modes, sandboxed frames). */
  storage: Storage | null;
  fetch: typeof fetch;
  sendBeacon: ((url: string, data: Blob | string) => boolean) | null;
  now: () => number;
  random: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (id: unknown) => void;
  locks: LockManager | null;
}

export function browserRuntime(win: Window & typeof globalThis, overrides?: Partial<Runtime>): Runtime {
  const nav = win.navigator;
  let storage: Storage | null | undefined;
  return {
    window: win,
    // Read on first use: opening `localStorage` is a blocking call to the browser process, kept
    // out of the script's start-up task. It throws in some sandboxed iframes and with cookies blocked.
    get storage() {
      if (storage === undefined) {
        try {
          storage = win.localStorage;
        } catch {
          storage = null;
        }
      }
      return storage;
    },
    fetch: (...args) => win.fetch(...args),
    sendBeacon: nav && nav.sendBeacon ? (url, data) => nav.sendBeacon(url, data) : null,
    now: () => Date.now(),
    random: Math.random,
    setTimeout: (fn, ms) => win.setTimeout(fn, ms),
    clearTimeout: (id) => win.clearTimeout(id as number),
    locks: (nav && nav.locks) || null,
    ...overrides,
  };
}
