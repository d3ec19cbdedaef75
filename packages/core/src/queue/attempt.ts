import type { Queue } from './queue';
import { retryDelay } from './retry';
import type { DeliveryState } from './state';

export const delivered = (status: number) => status > 199 && status < 300;

/**
 * Sends `q` empty, batch by batch; false when a failure stopped it (a retry is scheduled). A 413
 * for several events halves the batches; network failures, 408, 429 and 5xx are worth trying
 * again later; any other answer (400, a 413 for one event) is final: those events are dropped,
 * or they would block the queue for ever.
 */
export async function sendQueue(d: DeliveryState, q: Queue): Promise<boolean> {
  for (let batch; !d.destroyed && (batch = q.take(d.maxBytes, d.inFlight));) {
    const { status, retryAfter } = await d.send(batch);
    if (status === 413 && batch.ids.length > 1) {
      // The collector's limit is below ours: halve the batches and go again.
      d.maxBytes = batch.bytes / 2;
    } else if (!status || status === 408 || status === 429 || status > 499) {
      const delay = retryDelay(++d.failures, d.rt.random, retryAfter);
      d.blockedUntil = d.rt.now() + delay;
      if (__DEBUG__) d.log.debug(`send failed (HTTP ${status || 'network'}), retry in ${Math.round(delay)} ms`);
      d.schedule(delay);
      return false;
    } else {
      if (delivered(status)) d.failures = d.blockedUntil = 0;
      else d.log.warn(`collector refused ${batch.ids.length} event(s) with HTTP ${status}; dropped them`);
      q.ack(batch);
    }
  }
  return !d.destroyed;
}
