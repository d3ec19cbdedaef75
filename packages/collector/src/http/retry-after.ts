/**
 * An answer's Retry-After (RFC 9110: delay-seconds, or an HTTP date), in ms from `now`; undefined
 * when absent or unreadable. Read from the answers to the collector's own requests: forwarding's
 * sink and the ad platforms' APIs.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
