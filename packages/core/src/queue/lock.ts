import type { Runtime } from '../runtime';
import type { Store } from '../storage';

const LEASE_KEY = 'lb_lk';
const LEASE_MS = 25_000;
/** Long enough for a competing tab's lease write to land before we read ours back. */
const SETTLE_MS = 30;

/**
 * Where Web Locks are missing: runs `fn` while no other tab holds the storage lease, else
 * returns false without running it. localStorage is not atomic across tabs, so the lease is
 * written, left to settle, and read back before it counts.
 */
export async function withStorageLease(rt: Runtime, store: Store, tabId: string, fn: () => Promise<void>): Promise<boolean> {
  type Lease = [string, number];
  const holder = () => {
    const l = store.get<Lease>(LEASE_KEY);
    const [holder, until] = l || [];
    return holder && until! > rt.now() ? holder : null;
  };
  const other = holder();
  if (other && other !== tabId) return false;
  store.set(LEASE_KEY, [tabId, rt.now() + LEASE_MS]);
  await new Promise<void>((r) => rt.setTimeout(r, SETTLE_MS));
  if (holder() !== tabId) return false;
  try {
    await fn();
  } finally {
    if (holder() === tabId) store.remove(LEASE_KEY);
  }
  return true;
}
