import type { Runtime } from '../runtime';

export interface SendResult {
  /** 2xx: the collector has the events. */
  ok: boolean;
  /** Worth trying again later: network failure, 408, 429, 5xx. */
  retry: boolean;
  status: number;
  /** From `Retry-After`, in ms. */
  retryAfter?: number;
}

const TEXT = 'text/plain;charset=UTF-8';
/** A request that hangs this long counts as a network failure. */
const TIMEOUT_MS = 20_000;

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

export const isRetryable = (status: number): boolean => status === 0 || status === 408 || status === 429 || status >= 500;

/**
 * POSTs with `fetch` and `keepalive` (so it survives the page leaving). The body is text/plain
 * so no CORS preflight is needed, unless custom headers are configured (then JSON).
 */
export async function post(rt: Runtime, url: string, body: string, headers?: Record<string, string>): Promise<SendResult> {
  let timer: unknown;
  try {
    const ctrl = typeof AbortController === 'function' ? new AbortController() : undefined;
    if (ctrl) timer = rt.setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    const res = await rt.fetch(url, {
      method: 'POST',
      body,
      keepalive: body.length < 65_000,
      credentials: 'omit',
      headers: headers ? { ...headers, 'Content-Type': 'application/json' } : { 'Content-Type': TEXT },
      signal: ctrl && ctrl.signal,
    });
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      retry: !ok && isRetryable(res.status),
      status: res.status,
      retryAfter: parseRetryAfter(res.headers.get('Retry-After'), rt.now()),
    };
  } catch {
    // Offline, DNS, refused, CORS-blocked or timed out: the browser does not say which.
    return { ok: false, retry: true, status: 0 };
  } finally {
    if (timer !== undefined) rt.clearTimeout(timer);
  }
}

/** Hands the body to the browser for delivery after the page is gone. False if refused. */
export function beacon(rt: Runtime, url: string, body: string): boolean {
  try {
    return !!rt.sendBeacon && rt.sendBeacon(url, new Blob([body], { type: TEXT }));
  } catch {
    return false;
  }
}
