import type { Runtime } from '../runtime';
import type { Store } from '../storage';

const NAME = 'leadbeacon-send';
const LEASE_KEY = 'lb_lk';
const LEASE_MS = 25_000;
/** Long enough for a competing tab's lease write to land before we read ours back. */
const SETTLE_MS = 30;

/**
 * Runs `fn` while no other tab of this site is sending: a Web Lock where the browser has them,
 * a lease in storage otherwise. Returns false, without running `fn`, when another tab holds the
 * storage lease. Holding the lock for the whole send (claim, request, ack) means the next tab
 * reads the queue only after our claims were written long ago.
 */
export async function withSendLock(rt: Runtime, store: Store, tabId: string, fn: () => Promise<void>): Promise<boolean> {
  if (rt.locks) {
    await rt.locks.request(NAME, fn);
    return true;
  }
  type Lease = [string, number];
  const held = () => {
    const l = store.get<Lease>(LEASE_KEY);
    return l && l[1] > rt.now() ? l[0] : null;
  };
  const other = held();
  if (other && other !== tabId) return false;
  store.set(LEASE_KEY, [tabId, rt.now() + LEASE_MS]);
  await new Promise<void>((r) => rt.setTimeout(r, SETTLE_MS));
  if (held() !== tabId) return false;
  try {
    await fn();
  } finally {
    if (held() === tabId) store.remove(LEASE_KEY);
  }
  return true;
}
