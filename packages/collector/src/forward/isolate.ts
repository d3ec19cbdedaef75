import type { ParkedItem } from './batching';
import type { EncodedItem, SinkAnswer } from './sink';

/** What delivery does with the sink and with the outbox, one request at a time. */
export interface DeliveryHooks {
  send(items: readonly EncodedItem[]): Promise<SinkAnswer>;
  /** The sink took these: out of the outbox. */
  delivered(items: readonly EncodedItem[]): Promise<void>;
  /** The sink refuses this message whatever we do: kept aside with the reason. */
  parked(item: ParkedItem): Promise<void>;
}

export interface DeliveryResult {
  /** The answer that stopped delivery (unavailable or unauthorized): what is left may pass later. */
  stoppedBy?: SinkAnswer;
  /** Messages not delivered nor parked because delivery stopped, oldest first. */
  unsent: EncodedItem[];
  /** The fewest messages in a request answered 413 (when one of several was): the sink takes fewer at once. */
  smallestTooLarge?: number;
}

/**
 * Sends `requests` in order. A request the sink refuses for what it holds (a 4xx other than
 * 401, 403, 408 and 429) is cut in two halves, each sent again, until the message it refuses is
 * alone: that one is parked with the sink's answer as its reason, and every other message is
 * delivered. One bad message among n costs about 2·log2(n) more requests. An answer that may pass
 * later (network, 408, 429, 5xx) or that refuses us altogether (401, 403) stops delivery: the
 * messages not yet taken are handed back, unsent.
 */
export async function deliverIsolating(requests: readonly EncodedItem[][], hooks: DeliveryHooks): Promise<DeliveryResult> {
  const queue = [...requests];
  let smallestTooLarge: number | undefined;
  const stopped = (answer: SinkAnswer, unsent: EncodedItem[]) => ({
    stoppedBy: answer,
    unsent,
    ...(smallestTooLarge ? { smallestTooLarge } : {}),
  });
  for (let batch = queue.shift(); batch; batch = queue.shift()) {
    const answer = await hooks.send(batch);
    if (answer.kind === 'delivered') {
      await hooks.delivered(batch);
      continue;
    }
    if (answer.kind !== 'refused') return stopped(answer, [...batch, ...queue.flat()]);
    if (batch.length === 1) {
      const { seq, event } = batch[0]!.item;
      await hooks.parked({ seq, eventId: event.id, reason: answer.error });
      continue;
    }
    if (answer.status === 413) smallestTooLarge = Math.min(smallestTooLarge ?? Infinity, batch.length);
    const half = Math.ceil(batch.length / 2);
    queue.unshift(batch.slice(0, half), batch.slice(half));
  }
  return { unsent: [], ...(smallestTooLarge ? { smallestTooLarge } : {}) };
}
