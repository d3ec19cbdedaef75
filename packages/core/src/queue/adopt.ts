import { sendQueue } from './attempt';
import { withStorageLease } from './lock';
import { QUEUE_PREFIX } from './queue';
import type { DeliveryState } from './state';

/**
 * Without Web Locks a tab cannot tell whether another is alive: a queue nobody wrote for
 * longer than the longest backoff (5 min) plus a margin is taken as abandoned.
 */
export const ABANDONED_MS = 6 * 60_000;
/**
 * A queue written this recently is never adopted: a tab that has just started may not show
 * in the lock list yet (its lock request and its first storage write reach other tabs by
 * different paths, in no fixed order).
 */
export const ADOPT_GRACE_MS = 5000;

/** Sends the queues of tabs that are gone (closed, crashed, an earlier visit): the leader's job. */
async function adopt(d: DeliveryState): Promise<void> {
  const tabs = d.tabs();
  if (tabs && !tabs.leader()) return;
  const alive = tabs && (await tabs.alive());
  for (const q of d.others().map(d.queueAt)) {
    const age = d.rt.now() - q.touched();
    if (alive ? alive(q.key.slice(QUEUE_PREFIX.length)) : age <= ABANDONED_MS) continue;
    if (age <= ADOPT_GRACE_MS) d.schedule(ADOPT_GRACE_MS - age + 1);
    else if (!(await sendQueue(d, q))) return;
  }
}

/**
 * After this tab's own queue went out: the queues other tabs left. With Web Locks the leader
 * sends them; without, any tab may, while it holds the storage lease (so two never do at once).
 */
export async function adoptOthers(d: DeliveryState, tabId: string): Promise<void> {
  if (d.rt.locks) await adopt(d);
  else if (d.others().length && !(await withStorageLease(d.rt, d.store, tabId, () => adopt(d)))) d.schedule(ABANDONED_MS);
}
