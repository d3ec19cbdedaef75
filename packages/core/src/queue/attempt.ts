import type { RejectedEvent } from '@leadbeacon/wire';
import type { SendResult } from '../transport/send';
import type { Batch, Queue } from './queue';
import { retryDelay } from './retry';
import type { DeliveryState } from './state';
import { COLLECTOR_REFUSED_EVENT, COLLECTOR_REFUSED_EVENTS, COLLECTOR_REFUSED_SOME, warn } from '../warnings';

export const delivered = (status: number) => status > 199 && status < 300;

const retryable = (status: number) => !status || status === 408 || status === 429 || status > 499;

/** The batch's two halves, each with its events' ids unchanged (the collector de-duplicates on them); the first reports the drop count. */
function halves(batch: Batch): [Batch, Batch] {
  const n = batch.ids.length;
  const mid = Math.ceil(n / 2);
  const half = (from: number, to: number, dropped: number): Batch => ({
    ids: batch.ids.slice(from, to),
    events: batch.events.slice(from, to),
    bytes: (batch.bytes * (to - from)) / n,
    dropped,
  });
  return [half(0, mid, batch.dropped), half(mid, n, 0)];
}

/** A 2xx: the collector stored the batch, but for the events it names as refused one by one (they would be refused again). */
function accepted(d: DeliveryState, batch: Batch, { rejected }: SendResult) {
  d.failures = d.blockedUntil = 0;
  if (!rejected) return;
  // Object(): whatever the answer holds, reading it must not throw (the batch would be resent for ever).
  const first = Object(rejected[0]) as Partial<RejectedEvent>;
  const event = batch.events.find((e) => e.id === first.id);
  warn(d.log, COLLECTOR_REFUSED_SOME, rejected.length, batch.ids.length, event ? event.name : first.id, first.reason);
}

/**
 * Sends one batch and acts on the answer; false when a failure stopped it (a retry is scheduled,
 * the batch stays queued). A 400 or 413 for several events is answered by sending the batch's
 * halves, so one event the collector refuses (an older collector refuses whole batches) costs
 * no other: a batch of n with k such events takes at most 2·log2(n)·k more requests (2n − 1 in
 * all when the collector refuses everything: a 400 for one event is final), and a 413 also
 * halves the batches that follow. Network failures, 408, 429 and 5xx are worth trying again
 * later; any other answer (a 400 or 413 for one event, 401, 403, …) is final: those events are
 * dropped, or they would block the queue for ever.
 */
async function sendBatch(d: DeliveryState, q: Queue, batch: Batch): Promise<boolean> {
  if (d.destroyed) return false;
  const answer = await d.send(batch);
  const { status } = answer;
  if (retryable(status)) {
    const delay = retryDelay(++d.failures, d.rt.random, answer.retryAfter);
    d.blockedUntil = d.rt.now() + delay;
    if (__DEBUG__) d.log.debug(`send failed (HTTP ${status || 'network'}), retry in ${Math.round(delay)} ms`);
    d.schedule(delay);
    return false;
  }
  if ((status === 400 || status === 413) && batch.ids.length > 1) {
    // The collector's limit is below ours: the batches that follow are halved too.
    if (status === 413) d.maxBytes = batch.bytes / 2;
    const [a, b] = halves(batch);
    return (await sendBatch(d, q, a)) && sendBatch(d, q, b);
  }
  if (delivered(status)) accepted(d, batch, answer);
  else if (batch.ids.length > 1) warn(d.log, COLLECTOR_REFUSED_EVENTS, batch.ids.length, status);
  else warn(d.log, COLLECTOR_REFUSED_EVENT, batch.events[0]!.name, status);
  q.ack(batch);
  return true;
}

/** Sends `q` empty, batch by batch; false when a failure stopped it (a retry is scheduled). */
export async function sendQueue(d: DeliveryState, q: Queue): Promise<boolean> {
  for (let batch; !d.destroyed && (batch = q.take(d.maxBytes, d.inFlight));) {
    if (!(await sendBatch(d, q, batch))) return false;
  }
  return !d.destroyed;
}
