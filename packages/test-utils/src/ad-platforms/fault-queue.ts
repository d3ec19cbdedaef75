/** A fault a fake platform plays on its next requests instead of (or after) doing its job. */
export type Fault =
  /** Answer this status (500, 503, 429…) in the platform's error shape (`code`: the platform's own error code); nothing is stored. */
  | { kind: 'status'; status: number; retryAfter?: number; code?: number }
  /** Never answer; with `afterStore` the batch is validated and stored first (the platform timed out after storing it). */
  | { kind: 'hang'; afterStore: boolean };

/** Faults queued for the next requests to one endpoint, each for a number of requests. */
export class FaultQueue {
  private readonly queue: { fault: Fault; left: number }[] = [];

  add(fault: Fault, times: number): void {
    if (!(times >= 1)) throw new Error(`a fault needs a count of 1 or more requests, got ${String(times)}`);
    this.queue.push({ fault, left: times });
  }

  /** The fault for the request now arriving, if any (consumes one of its count). */
  take(): Fault | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    head.left -= 1;
    if (head.left === 0) this.queue.shift();
    return head.fault;
  }

  clear(): void {
    this.queue.length = 0;
  }
}
