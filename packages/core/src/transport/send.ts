import { CONTENT_TYPE as TEXT, type CollectAnswer, type RejectedEvent } from '@leadbeacon/wire';
import type { Runtime } from '../runtime';

export interface SendResult {
  /** The HTTP status; 0 for a network failure (offline, DNS, refused, CORS-blocked, timed out). */
  status: number;
  /** From `Retry-After` (delta-seconds or an HTTP date), in ms; NaN when unreadable. */
  retryAfter?: number;
  /** The events a 200 answer says were refused one by one (`{ accepted, duplicates, rejected }`). */
  rejected?: RejectedEvent[];
}

/** The `rejected` list of a 200 answer; undefined when it has none or is no JSON (another collector, a proxy). */
async function rejectedIn(res: Response): Promise<RejectedEvent[] | undefined> {
  try {
    const list = (JSON.parse(await res.text()) as Partial<CollectAnswer>).rejected;
    return Array.isArray(list) && list.length ? list : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POSTs with `fetch` and `keepalive` (so it survives the page leaving). The body is text/plain
 * so no CORS preflight is needed, unless custom headers are configured (then JSON).
 */
export async function post(rt: Runtime, url: string, body: string, headers?: Record<string, string>): Promise<SendResult> {
  let timer: unknown;
  try {
    const ctrl = typeof AbortController === 'function' ? new AbortController() : undefined;
    // A request that hangs this long counts as a network failure.
    if (ctrl) timer = rt.setTimeout(() => ctrl.abort(), 20_000);
    const res = await rt.fetch(url, {
      method: 'POST',
      body,
      keepalive: body.length < 65_000,
      credentials: 'omit',
      headers: { ...headers, 'Content-Type': headers ? 'application/json' : TEXT },
      signal: ctrl && ctrl.signal,
    });
    const after = res.headers.get('Retry-After');
    return {
      status: res.status,
      retryAfter: after ? Math.max(0, isFinite(+after) ? +after * 1000 : Date.parse(after) - rt.now()) : undefined,
      // A few bytes, read only from a collector that stored the batch: they name what it refused.
      rejected: res.status === 200 ? await rejectedIn(res) : undefined,
    };
  } catch {
    // The browser does not say which kind of failure.
    return { status: 0 };
  } finally {
    rt.clearTimeout(timer);
  }
}

/** Hands the body to the browser for delivery after the page is gone. False if refused or unavailable. */
export function beacon(rt: Runtime, url: string, body: string): boolean {
  try {
    return !!rt.sendBeacon && rt.sendBeacon(url, new Blob([body], { type: TEXT }));
  } catch {
    return false;
  }
}
