import { parseRetryAfter } from '../http/retry-after';

/**
 * The HTTP calls uploads make: fetch with a timeout, and what a failure means for the rows it
 * carried (try again later, the credentials, or the platform's refusal).
 */

/** How long one request to a platform may take before it counts as a network failure. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface HttpAnswer {
  status: number;
  /** Parsed JSON body, or {} when the body is empty or not JSON. */
  body: Record<string, unknown>;
  /** Retry-After in ms, when the platform gave one. */
  retryAfterMs?: number;
}

/** A request that got no answer (refused connection, reset, timeout): worth trying again later. */
export class NetworkError extends Error {}

/** One request; throws NetworkError when no answer comes within `timeoutMs`. */
export async function request(url: string, init: RequestInit, timeoutMs = REQUEST_TIMEOUT_MS): Promise<HttpAnswer> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
  } catch (err) {
    const cause = err instanceof Error ? (err.name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : err.message) : String(err);
    throw new NetworkError(`${new URL(url).host}: ${cause}`);
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = { text: text.slice(0, 200) };
  }
  const wait = parseRetryAfter(res.headers.get('retry-after'));
  return { status: res.status, body, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
}

/** Transient: 408, 429 and 5xx answers are tried again later. */
export const isTransientStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;
